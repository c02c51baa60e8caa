"""Command line for the patient-handout generator: parse, call the engine, print, pick the exit code.

Exit status: 0 everything was made; 1 some documents failed and the rest were
made; 2 the run was refused (bad usage or invalid input) before anything was
written. A user's mistake prints one line per problem, never a traceback.
"""

from __future__ import annotations

import functools
import os
import signal
import sys
from pathlib import Path

import click

import handout_engine as engine
import signing_commands  # sign, verify, demo-keys

ALL = "all"
DOCUMENT_CHOICE = click.Choice([*engine.DOCUMENT_NAMES, ALL])
# How the command line names a run setting a problem points at (Problem.setting), and what it would do.
OPTION_FOR_SETTING = {
    "out": "--out",
    "bundle": "--bundle",
    "cluster": "--cluster",
    "allow_overdue": "or run with --allow-overdue to print it marked 'Review overdue' on every page",
}
# Set when the process must leave without Python's own shutdown (see main).
_leave_at_once = False


def _documents(choice: str) -> list[str]:
    return list(engine.DOCUMENT_NAMES) if choice == ALL else [choice]


def _document_list(_ctx, _param, value: str) -> tuple[str, ...]:
    names = [name.strip().lower() for name in value.split(",") if name.strip()]
    unknown = [name for name in names if name not in engine.DOCUMENT_NAMES]
    if unknown or not names:
        raise click.BadParameter(f"expected some of {','.join(engine.DOCUMENT_NAMES)}, got '{value}'")
    return tuple(name for name in engine.DOCUMENT_NAMES if name in names)


def _described(problem: engine.Problem) -> str:
    """The engine's words, and the option that would change the outcome, as this command line spells it."""
    option = OPTION_FOR_SETTING.get(problem.setting or "")
    return f"{problem} ({option})" if option else str(problem)


def _refuse(ctx: click.Context, error: engine.HandoutError) -> None:
    for problem in error.problems:
        click.echo(f"Error: {_described(problem)}", err=True)
    ctx.exit(error.exit_status)


class _Progress:
    """A progress line on a terminal (records done, rate, time left); nothing when output is piped."""

    def __init__(self) -> None:
        self.live = sys.stderr.isatty()
        self.shown = False

    def problem(self, problem: engine.Problem) -> None:
        self._clear()
        click.echo(f"{'Warning' if problem.warning else 'Error'}: {_described(problem)}", err=True)

    def update(self, done: int, total: int, report: engine.Report) -> None:
        if not self.live or (done % 5 and done != total):
            return
        rate = done / report.seconds if report.seconds else 0.0
        left = (total - done) / rate if rate else 0.0
        width = 24
        filled = width * done // total
        bar = "#" * filled + "-" * (width - filled)
        click.echo(f"\r[{bar}] {done}/{total} patients, {rate:.1f}/s, {left:.0f} s left ", nl=False, err=True)
        self.shown = True

    def _clear(self) -> None:
        if self.shown:
            click.echo("\r\033[K", nl=False, err=True)
            self.shown = False

    def finish(self) -> None:
        self._clear()


def _stop_on_sigterm(_signum, _frame) -> None:
    raise KeyboardInterrupt  # `kill` cleans up like Ctrl-C: temporary files go, whole PDFs stay


def _batch(ctx: click.Context, request: engine.BatchRequest, print_queue: str | None = None) -> None:
    global _leave_at_once
    progress = _Progress()
    previous = signal.signal(signal.SIGTERM, _stop_on_sigterm)
    try:
        report = engine.run_batch(request, on_problem=progress.problem, on_progress=progress.update)
    except engine.InputError as error:
        progress.finish()
        _refuse(ctx, error)
        return
    except KeyboardInterrupt:
        progress.finish()
        click.echo(
            f"Interrupted: the PDFs already in {request.out} are whole; run the same command again to finish.",
            err=True,
        )
        ctx.exit(engine.EXIT_INTERRUPTED)
        return
    except engine.BatchStoppedError as error:
        progress.finish()
        click.echo(f"Error: {error}", err=True)
        # Everything is written and closed, but Python's own exit would wait on the pool's manager
        # thread, which a lost worker can leave waiting for ever: main() leaves at once instead.
        _leave_at_once = isinstance(error, engine.WorkerLostError)
        ctx.exit(error.exit_status)
        return
    finally:
        signal.signal(signal.SIGTERM, previous)
    progress.finish()
    click.echo(report.summary())
    if report.documents:
        click.echo(f"PDFs: {request.out}/<patient id>/<document>.pdf; manifest: {request.out / engine.MANIFEST}")
    if request.bundle and report.bundle_pages:
        files = ", ".join(str(path) for path in report.bundle_paths)
        placed = "one-sided" if request.simplex else "each document on a right-hand page"
        click.echo(f"Print bundle: {files} ({report.bundle_pages} pages, {placed})")
    if print_queue and report.bundle_paths:
        try:
            ids = engine.send_to_printer(engine.bundle_jobs(report.bundle_paths), print_queue, request.simplex)
        except engine.PrintError as error:
            click.echo(f"Error: {error}", err=True)
            ctx.exit(error.exit_status)
            return
        sides = "one-sided" if request.simplex else "two-sided"
        click.echo(f"Sent to printer {print_queue} ({sides}): {', '.join(i or '(no id)' for i in ids)}")
    ctx.exit(engine.EXIT_SOME_FAILED if report.failed else engine.EXIT_MADE)


brand_option = click.option(
    "--brand",
    default=engine.DEFAULT_BRAND,
    show_default=True,
    metavar="NAME",
    help="Brand file from assets/brands/ (clinic name, colours, phone numbers, logo).",
)
paper_option = click.option(
    "--paper",
    type=click.Choice(engine.PAPER_SIZES),
    default="a4",
    show_default=True,
    help="Paper size: A4, or US Letter.",
)
allow_overdue_option = click.option(
    "--allow-overdue",
    is_flag=True,
    help="Print content that is past its next-review date; every page then says 'Review overdue'.",
)
archive_option = click.option(
    "--archive",
    is_flag=True,
    help="PDF/A-2b files (sRGB, validated) to file in a patient's electronic record; still tagged for screen readers.",
)
fillable_option = click.option(
    "--fillable",
    is_flag=True,
    help="Consent forms to fill in and sign on screen: tick boxes, text fields and empty signature fields.",
)
simplex_option = click.option(
    "--simplex",
    is_flag=True,
    help="A single-sided printer: no 'intentionally left blank' back pages in the print bundle; --print one-sided.",
)
print_option = click.option(
    "--print",
    "print_queue",
    metavar="QUEUE",
    help="Send what was made (the print bundle when there is one) to this CUPS printer queue, two-sided "
    "unless --simplex; jobs are titled by what they are, never by patient.",
)
large_print_option = click.option(
    "--large-print",
    is_flag=True,
    help="Large print (16 pt body text) for every patient; a record's large_print field says it for one.",
)


def printing_options(command):
    """--paper, --large-print, --fillable, --allow-overdue, --archive, --simplex: every command that makes documents."""
    for option in (
        allow_overdue_option,
        archive_option,
        fillable_option,
        simplex_option,
        large_print_option,
        paper_option,
    ):
        command = option(command)
    return command


def reading_options(command):
    """How to read a clinic's export (engine.READING_OPTIONS; README "From your booking system"), passed as `read`."""

    @functools.wraps(command)
    def with_reading(*args, **kwargs):
        try:
            read = engine.read_options(**{name: kwargs.pop(name) for name, *_ in engine.READING_OPTIONS})
        except engine.InputError as error:
            return _refuse(click.get_current_context(), error)
        return command(*args, read=read, **kwargs)

    for name, metavar, help_text in reversed(engine.READING_OPTIONS):
        kind = click.Choice(metavar.split("|")) if "|" in metavar else None  # dmy|mdy
        flag = "--" + name.replace("_", "-")
        with_reading = click.option(flag, is_flag=not metavar, type=kind, metavar=metavar, help=help_text)(with_reading)
    return with_reading


workers_option = click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=engine.default_workers(),
    show_default="the machine's cores",
    help="Worker processes that lay out PDFs; the files are the same, byte for byte, whatever the number.",
)
bundle_option = click.option(
    "--bundle",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write one print-ready PDF of everything made, each document starting on a right-hand page.",
)
bundle_size_option = click.option(
    "--bundle-size",
    type=click.IntRange(min=1),
    metavar="N",
    help="Split the print bundle every N patients (FILE-001.pdf, FILE-002.pdf...); a patient is never split.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, commands=signing_commands.COMMANDS)
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
@printing_options
@bundle_size_option
@print_option
@workers_option
@click.pass_context
def demo(ctx: click.Context, out: Path, brand: str, workers: int, bundle_size, print_queue, **printing) -> None:
    """Make all three documents for each bundled (fictional) sample patient, and their print bundle."""
    bundle = out / "print-bundle.pdf"
    request = engine.BatchRequest(
        engine.SAMPLE_PATIENTS, out, engine.DOCUMENT_NAMES, brand, bundle, workers, bundle_size=bundle_size, **printing
    )
    _batch(ctx, request, print_queue)


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
    callback=_document_list,
    help="Documents to make for a record that does not choose its own with a `documents` field.",
)
@brand_option
@printing_options
@bundle_option
@bundle_size_option
@print_option
@workers_option
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
@reading_options
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
    _batch(ctx, request, print_queue)


@cli.command()
@click.argument("patient_file", type=click.Path(dir_okay=False, allow_dash=True, path_type=str))
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
@printing_options
@print_option
@workers_option
@reading_options
@click.pass_context
def render(ctx, patient_file: str, document: str, out: Path, brand: str, workers: int, read, print_queue, **printing):
    """Make documents for every patient in PATIENT_FILE, only if every record is valid.

    Every record is checked first; if any is invalid, nothing is written and
    each problem is listed with its row, patient id and field. (`batch` makes
    the good records and skips the bad.)
    """
    documents = tuple(_documents(document))
    bundle = out / "print-bundle.pdf" if print_queue else None  # what --print sends, each document on a right-hand page
    request = engine.BatchRequest(
        patient_file, out, documents, brand, bundle, workers, strict=True, read=read, **printing
    )
    _batch(ctx, request, print_queue)


@cli.command()
@click.argument("paths_", metavar="[PATH]...", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--document",
    type=DOCUMENT_CHOICE,
    default=ALL,
    show_default=True,
    help="Check patient records for this document (consent and discharge need a procedure date).",
)
@reading_options
@click.pass_context
def validate(ctx: click.Context, paths_: tuple[Path, ...], document: str, read) -> None:
    """Check content, brand and patient files, one line per problem.

    With no PATH, checks every shipped handout and brand and the sample patients.
    A folder is checked file by file.
    """
    checked, problems = engine.validate_paths(list(paths_), _documents(document), read)
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
@workers_option
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
        _refuse(ctx, error)
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
        if _leave_at_once:  # a lost worker: leave without waiting on the pool's threads (see _batch)
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(leaving.code if isinstance(leaving.code, int) else 1)
        raise


if __name__ == "__main__":
    main()
