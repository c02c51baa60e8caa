"""Command line for the patient-handout generator: parse, call the engine, print, pick the exit code.

Exit status: 0 everything was made; 1 some documents failed and the rest were
made; 2 the run was refused (bad usage or invalid input) before anything was
written. A user's mistake prints one line per problem, never a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

import handout_engine as engine
from handout_engine.cli import options, signing
from handout_engine.cli.run import leave_if_asked, refuse, run_batch_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, commands=signing.COMMANDS)
def cli() -> None:
    """Make printable patient handouts: a procedure leaflet, a consent form and a discharge sheet."""


@cli.command()
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("out/demo"),
    show_default=True,
    help="Folder for the PDFs.",
)
@options.brand_option
@options.printing_options
@options.bundle_size_option
@options.print_option
@options.workers_option
@click.pass_context
def demo(ctx: click.Context, out: Path, brand: str, workers: int, bundle_size, print_queue, **printing) -> None:
    """Make all three documents for each bundled (fictional) sample patient, and their print bundle."""
    bundle = out / "print-bundle.pdf"
    request = engine.BatchRequest(
        engine.SAMPLE_PATIENTS, out, engine.DOCUMENT_NAMES, brand, bundle, workers, bundle_size=bundle_size, **printing
    )
    run_batch_command(ctx, request, print_queue)


@cli.command()
@click.argument("patients", metavar="PATIENTS", type=click.Path(dir_okay=False, allow_dash=True, path_type=str))
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder for the PDFs (DIR/<patient id>/<document>.pdf) and manifest.csv.",
)
@click.option(
    "--documents",
    default=",".join(engine.DOCUMENT_NAMES),
    show_default=True,
    callback=options.document_list,
    help="Documents to make for a record that does not choose its own with a `documents` field.",
)
@options.brand_option
@options.printing_options
@options.bundle_option
@options.bundle_size_option
@options.print_option
@options.workers_option
@click.option(
    "--format",
    "file_format",
    type=click.Choice(engine.FORMATS),
    help="Format of PATIENTS; by default from its extension (.csv .xlsx .yaml .json .ndjson), or guessed for '-'.",
)
@click.option(
    "--cluster",
    metavar="ADDRESS",
    envvar="HANDOUTS_CLUSTER",
    help="Make the PDFs on a Dask cluster: its scheduler's address (tcp://HOST:8786); --workers then does not "
    "apply. Needs the cluster extra here and on every worker. [env: HANDOUTS_CLUSTER]",
)
@options.reading_options
@click.pass_context
def batch(
    ctx,
    patients,
    out,
    documents,
    brand,
    bundle,
    bundle_size,
    print_queue,
    workers,
    file_format,
    cluster,
    read,
    **printing,
) -> None:
    """Make the documents for every patient in PATIENTS (CSV, Excel, YAML, JSON, JSON Lines, FHIR; '-' is stdin).

    A bad record is reported (row, patient id, field, reason) and skipped; the
    others are made, and the exit status is 1. DIR/manifest.csv lists every
    record and document with its status, pages and sha256.
    """
    if bundle_size and not bundle:
        raise click.UsageError("--bundle-size needs --bundle FILE: it splits the print bundle")
    if print_queue and not bundle:
        bundle = out / "print-bundle.pdf"  # what is sent to the printer: every document, each on a right-hand page
    request = engine.BatchRequest(
        patients,
        out,
        documents,
        brand,
        bundle,
        workers,
        file_format,
        read=read,
        cluster=cluster or None,
        bundle_size=bundle_size,
        **printing,
    )
    run_batch_command(ctx, request, print_queue)


@cli.command()
@click.argument("patient_file", type=click.Path(dir_okay=False, allow_dash=True, path_type=str))
@click.option(
    "--document",
    type=options.DOCUMENT_CHOICE,
    default=options.ALL,
    show_default=True,
    help="Which document to make.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("out"),
    show_default=True,
    help="Folder for the PDFs: one sub-folder per patient id.",
)
@options.brand_option
@options.printing_options
@options.print_option
@options.workers_option
@options.reading_options
@click.pass_context
def render(ctx, patient_file: str, document: str, out: Path, brand: str, workers: int, read, print_queue, **printing):
    """Make documents for every patient in PATIENT_FILE, only if every record is valid.

    Every record is checked first; if any is invalid, nothing is written and
    each problem is listed with its row, patient id and field. (`batch` makes
    the good records and skips the bad.)
    """
    documents = tuple(options.documents_for(document))
    bundle = out / "print-bundle.pdf" if print_queue else None  # what --print sends, each document on a right-hand page
    request = engine.BatchRequest(
        patient_file, out, documents, brand, bundle, workers, strict=True, read=read, **printing
    )
    run_batch_command(ctx, request, print_queue)


@cli.command()
@click.argument("paths_", metavar="[PATH]...", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--document",
    type=options.DOCUMENT_CHOICE,
    default=options.ALL,
    show_default=True,
    help="Check patient records for this document (consent and discharge need a procedure date).",
)
@options.reading_options
@click.pass_context
def validate(ctx: click.Context, paths_: tuple[Path, ...], document: str, read) -> None:
    """Check content, brand and patient files, one line per problem.

    With no PATH, checks every shipped handout and brand and the sample patients.
    A folder is checked file by file.
    """
    checked, problems = engine.validate_paths(list(paths_), options.documents_for(document), read)
    for problem in problems:
        click.echo(f"Error: {problem}", err=True)
    found = f"{len(problems)} problem(s) in {len({p.source for p in problems})} file(s)" if problems else "no problems"
    click.echo(f"Checked {checked} file(s): {found}.")
    ctx.exit(engine.EXIT_REFUSED if problems else engine.EXIT_MADE)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (this computer only).")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option(
    "--allow-network",
    is_flag=True,
    help=f"Allow an address other computers can reach; needs an access token in {engine.TOKEN_ENVIRONMENT}.",
)
@click.option(
    "--max-upload-mb",
    type=click.FloatRange(min=0.1),
    default=10.0,
    show_default=True,
    help="Largest clinic list the page accepts.",
)
@click.option(
    "--max-rows",
    type=click.IntRange(min=1),
    default=2000,
    show_default=True,
    help="Most patients in one clinic list; a longer list is refused with a message to split it.",
)
@click.option(
    "--lists-at-once",
    type=click.IntRange(1, 8),
    default=1,
    show_default=True,
    help="Clinic lists made at the same time; the rest wait their turn (each uses --workers processes).",
)
@click.option(
    "--trusted-proxy",
    metavar="ADDRESS",
    help="Address of a TLS proxy in front of the page (e.g. 127.0.0.1): cookies become Secure (README: HTTPS).",
)
@click.option(
    "--public-name",
    multiple=True,
    metavar="NAME",
    help="The name the proxy is reached by (ward-handouts.example.nhs.uk); needs --allow-network and a token.",
)
@click.option(
    "--printer",
    metavar="QUEUE",
    envvar=engine.PRINTER_ENVIRONMENT,
    help=f"The ward's CUPS printer queue: the page offers 'Print on QUEUE' (or set {engine.PRINTER_ENVIRONMENT}).",
)
@click.option("--simplex", is_flag=True, help="The ward's printer (--printer) prints one side only.")
@options.workers_option
@click.pass_context
def serve(ctx: click.Context, max_upload_mb: float, **options) -> None:
    """A local web page for nurses: make one patient's handouts, preview, print; or upload a clinic's list.

    Ctrl-C or SIGTERM stops it: lists in progress stop, and every file the page made is removed.
    """
    limit = int(max_upload_mb * 1024 * 1024)
    problem = engine.start_server(upload_limit=limit, say=click.echo, **options)
    if problem:
        click.echo(f"Error: {problem}", err=True)
        ctx.exit(engine.EXIT_REFUSED)


@cli.command()
@click.argument("handouts", metavar="[HANDOUT]...", nargs=-1)
@click.pass_context
def lint(ctx: click.Context, handouts: tuple[str, ...]) -> None:
    """Check content is readable and complete: reading grade per section, long sentences and words, translations.

    HANDOUT is a handout id (every language of it) or a content file; with none, every shipped handout.
    Exit status 1 when a section is above its target grade or a translation lacks a part.
    """
    try:
        run = engine.lint_files(handouts)
    except engine.InputError as error:
        refuse(ctx, error)
        return
    for problem in run.problems:
        click.echo(f"Error: {problem}", err=True)
    for report in run.reports:
        for line in engine.describe_lint(report):
            click.echo(line)
    ctx.exit(run.exit_status)


@cli.command()
def schema() -> None:
    """Write handouts/handout.schema.json, the content files' JSON Schema, from the model (for editors)."""
    click.echo(f"Wrote {engine.write_schema()}")


@cli.command(name="list")
def list_() -> None:
    """List the handouts with their languages, the documents and the brands."""
    click.echo("Handouts:")
    for handout, languages in engine.handout_languages().items():
        click.echo(f"  {handout}: {', '.join(languages)}")
    click.echo("Documents:")
    for document in engine.DOCUMENT_NAMES:
        click.echo(f"  {document}")
    click.echo("Brands:")
    for brand in engine.brand_names():
        marker = " (default)" if brand == engine.DEFAULT_BRAND else ""
        click.echo(f"  {brand}{marker}")


def main() -> None:
    try:
        cli(prog_name="generate.py" if sys.argv[0].endswith(".py") else None)
    except SystemExit as leaving:
        leave_if_asked(leaving)
        raise


if __name__ == "__main__":
    main()
