"""Command line for the patient-handout generator: parse, call the engine, print, pick the exit code.

Exit status: 0 everything was made; 1 some documents failed and the rest were
made; 2 the run was refused (bad usage or invalid input) before anything was
written. A user's mistake prints one line per problem, never a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

import click

import handout_engine as engine
from handout_engine import paths
from handout_engine.validate.files import validate_paths
from layouts import DOCUMENTS

ALL = "all"
DOCUMENT_CHOICE = click.Choice([*DOCUMENTS, ALL])


def _documents(choice: str) -> list[str]:
    return list(DOCUMENTS) if choice == ALL else [choice]


def _refuse(ctx: click.Context, error: engine.HandoutError) -> None:
    for problem in error.problems:
        click.echo(f"Error: {problem}", err=True)
    ctx.exit(2)


def _report(ctx: click.Context, report: engine.Report) -> None:
    for made in report.made:
        click.echo(f"{made.path} ({made.pages} page{'s' if made.pages != 1 else ''})")
    for failure in report.failures:
        click.echo(f"Error: {failure}", err=True)
    click.echo(report.summary())
    ctx.exit(1 if report.failures else 0)


def _make(ctx: click.Context, patients: Path, out: Path, documents: Iterable[str], brand: str) -> None:
    try:
        report = engine.make_documents(patients, out, list(documents), brand)
    except engine.InputError as error:
        _refuse(ctx, error)
        return
    _report(ctx, report)


brand_option = click.option(
    "--brand",
    default=paths.DEFAULT_BRAND,
    show_default=True,
    metavar="NAME",
    help="Brand file from assets/brands/ (clinic name, colours, phone numbers, logo).",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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
@brand_option
@click.pass_context
def demo(ctx: click.Context, out: Path, brand: str) -> None:
    """Make all three documents for each bundled (fictional) sample patient."""
    _make(ctx, paths.SAMPLE_PATIENTS, out, DOCUMENTS, brand)


@cli.command()
@click.argument("patient_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--document",
    type=DOCUMENT_CHOICE,
    default=ALL,
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
@brand_option
@click.pass_context
def render(ctx: click.Context, patient_file: Path, document: str, out: Path, brand: str) -> None:
    """Make documents for every patient in PATIENT_FILE (CSV, YAML or JSON).

    Every record is checked first; if any is invalid, nothing is written and
    each problem is listed with its row, patient id and field.
    """
    _make(ctx, patient_file, out, _documents(document), brand)


@cli.command()
@click.argument("paths_", metavar="[PATH]...", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--document",
    type=DOCUMENT_CHOICE,
    default=ALL,
    show_default=True,
    help="Check patient records for this document (consent and discharge need a procedure date).",
)
@click.pass_context
def validate(ctx: click.Context, paths_: tuple[Path, ...], document: str) -> None:
    """Check content, brand and patient files, one line per problem.

    With no PATH, checks every shipped handout and brand and the sample patients.
    A folder is checked file by file.
    """
    checked, problems = validate_paths(list(paths_), _documents(document))
    for problem in problems:
        click.echo(f"Error: {problem}", err=True)
    files_with_problems = len({problem.source for problem in problems})
    found = f"{len(problems)} problem(s) in {files_with_problems} file(s)" if problems else "no problems"
    click.echo(f"Checked {checked} file(s): {found}.")
    ctx.exit(2 if problems else 0)


@cli.command(name="list")
def list_() -> None:
    """List the handouts with their languages, the documents and the brands."""
    click.echo("Handouts:")
    for handout, languages in engine.handout_languages().items():
        click.echo(f"  {handout}: {', '.join(languages)}")
    click.echo("Documents:")
    for document in DOCUMENTS:
        click.echo(f"  {document}")
    click.echo("Brands:")
    for brand in engine.brand_names():
        marker = " (default)" if brand == paths.DEFAULT_BRAND else ""
        click.echo(f"  {brand}{marker}")


def main() -> None:
    cli(prog_name="generate.py" if sys.argv[0].endswith(".py") else None)


if __name__ == "__main__":
    main()
