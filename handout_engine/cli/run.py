"""Running a batch from the command line: the progress line, problems in the command line's words, exit status.

The engine names a run setting by role (Problem.setting); here each becomes
the flag a user would type. generate.py's batch, demo and render call
run_batch_command; main() calls leave_if_asked on the way out.
"""

from __future__ import annotations

import os
import signal
import sys

import click

import handout_engine as engine

# How the command line names a run setting a problem points at (Problem.setting), and what it would do.
OPTION_FOR_SETTING = {
    "out": "--out",
    "bundle": "--bundle",
    "cluster": "--cluster",
    "allow_overdue": "or run with --allow-overdue to print it marked 'Review overdue' on every page",
}


def described(problem: engine.Problem) -> str:
    """The engine's words, and the option that would change the outcome, as this command line spells it."""
    option = OPTION_FOR_SETTING.get(problem.setting or "")
    return f"{problem} ({option})" if option else str(problem)


def refuse(ctx: click.Context, error: engine.HandoutError) -> None:
    for problem in error.problems:
        click.echo(f"Error: {described(problem)}", err=True)
    ctx.exit(error.exit_status)


class _Progress:
    """A progress line on a terminal (records done, rate, time left); nothing when output is piped."""

    def __init__(self) -> None:
        self.live = sys.stderr.isatty()
        self.shown = False

    def problem(self, problem: engine.Problem) -> None:
        self._clear()
        click.echo(f"{'Warning' if problem.warning else 'Error'}: {described(problem)}", err=True)

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


def run_batch_command(ctx: click.Context, request: engine.BatchRequest, print_queue: str | None = None) -> None:
    progress = _Progress()
    previous = signal.signal(signal.SIGTERM, _stop_on_sigterm)
    try:
        report = engine.run_batch(request, on_problem=progress.problem, on_progress=progress.update)
    except engine.InputError as error:
        progress.finish()
        refuse(ctx, error)
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


def leave_if_asked(leaving: SystemExit) -> None:
    """After a lost worker, leave without Python's own shutdown, which could wait on the pool for ever.

    Everything is written and closed by then; only the pool's manager thread is left, and a worker lost
    while sending its result leaves that thread reading the rest of it for ever.
    """
    if engine.workers_abandoned():
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(leaving.code if isinstance(leaving.code, int) else 1)
