"""The command line's signing commands (`sign`, `verify`, `demo-keys`): parse, call the engine, print, exit code.

generate.py registers them; the work is in the engine (handout_engine.signing,
audit and demo_keys, through its surface).
"""

from __future__ import annotations

from pathlib import Path

import click

import handout_engine as engine

EXIT_INTACT = engine.EXIT_MADE
EXIT_CHANGED = engine.EXIT_SOME_FAILED  # a signature is not intact, or the file has none
EXIT_REFUSED = engine.EXIT_REFUSED


def _refuse(ctx: click.Context, error: engine.HandoutError) -> None:
    for problem in error.problems:
        click.echo(f"Error: {problem}", err=True)
    ctx.exit(EXIT_REFUSED)


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--signer", "role", type=click.Choice(engine.SIGNER_ROLES), required=True, help="Whose field to sign.")
@click.option("--name", required=True, help="The signer's name, as they write it.")
@click.option(
    "--image",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A picture of the handwritten signature (PNG) to show in the field.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the signed file here; by default FILE is replaced, whole or not at all.",
)
@click.pass_context
def sign(ctx: click.Context, file: Path, role: str, name: str, image: Path | None, out: Path | None) -> None:
    """Sign one signer's field of a fillable consent form (PAdES), locking their lines.

    The key is the clinic's PKCS#12 file named by HANDOUTS_SIGNING_KEY, with its
    password in HANDOUTS_SIGNING_PASSWORD. With HANDOUTS_AUDIT_LOG set, the
    signature is recorded in that folder's audit log.
    """
    try:
        key = engine.load_signing_key()
        signed = engine.sign_pdf(file.read_bytes(), role, name, key, source=str(file), image=image)
        target = out or file
        engine.write_signed(target, signed)
        engine.audit_from_environment().record("signed", signed, document="consent", role=role)
    except engine.HandoutError as error:
        _refuse(ctx, error)
        return
    click.echo(f"Signed {engine.signer(role).field()} as {name}: {target}")


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--trust",
    "trust",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="The certificate (PEM) of an authority to trust; by default those in HANDOUTS_TRUST_ROOTS.",
)
@click.pass_context
def verify(ctx: click.Context, file: Path, trust: tuple[str, ...]) -> None:
    """Check every signature in FILE: who signed, when, intact or not, trusted or not.

    Exit status 0 only when every signature is intact; 1 when one is not (each
    line says what changed) or the file has none; 2 when it cannot be checked.
    """
    try:
        checks = engine.verify_pdf(file.read_bytes(), engine.trust_roots(trust), source=str(file))
    except engine.HandoutError as error:
        for problem in error.problems:
            click.echo(f"Error: {problem}", err=True)
        ctx.exit(error.exit_status)  # 1 for a damaged file, 2 for a trust root that cannot be read
        return
    if not checks:
        click.echo(f"{file}: no signatures.")
        ctx.exit(EXIT_CHANGED)
    for check in checks:
        click.echo(check.describe())
    ctx.exit(EXIT_INTACT if all(check.intact for check in checks) else EXIT_CHANGED)


@click.command(name="demo-keys")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path), default=Path("out/demo-keys"))
def demo_keys(folder: Path) -> None:
    """Make a throw-away certificate authority and clinic key in FOLDER, for trying `sign` and `verify`.

    For demonstrations and tests only: a clinic signs with its own certificate.
    """
    keys = engine.make_demo_keys(folder)
    click.echo(f"Made a DEMO key and authority (not for patients) in {folder}. To use them:")
    click.echo(f"  export HANDOUTS_SIGNING_KEY={keys.key}")
    click.echo(f"  export HANDOUTS_SIGNING_PASSWORD={keys.password}")
    click.echo(f"  export HANDOUTS_TRUST_ROOTS={keys.trust_root}")


COMMANDS = (sign, verify, demo_keys)
