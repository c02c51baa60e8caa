"""Print on the ward's printer: the documents of a preview, or a clinic list's bundle, sent to CUPS from the page.

Offered only when the page was started with a printer (`serve --printer
QUEUE`, or HANDOUTS_PRINTER). What is sent is exactly what was made and
previewed, through the engine's own printing path (`send_to_printer`, as
the command line's `--print`): each document a job titled by its kind, never
by the patient. The outcome (sent, or why not) is kept with what was made and
shown on its page, which the browser is sent back to.
"""

from __future__ import annotations

import time

from flask import Blueprint, abort, current_app, redirect, request, url_for

import handout_engine as engine

from .. import choices
from ..store import Printed, found, state

page = Blueprint("printer", __name__)
EVERY_DOCUMENT = "all"


def printer() -> tuple[str, bool]:
    """The ward's printer queue and whether it prints one side only; 404 when the page has none."""
    queue = current_app.config.get("PRINTER")
    if not queue:
        abort(404)
    return queue, bool(current_app.config.get("PRINTER_SIMPLEX"))


@page.post("/preview/<key>/print")
def preview(key: str):
    queue, simplex = printer()
    made = found(state().previews, key)
    asked = request.form.get("document", "")
    documents = list(made.pdfs) if asked == EVERY_DOCUMENT else [asked]
    if not all(document in made.pdfs for document in documents):
        abort(404)
    sent: list[str] = []
    for document in documents:  # one job each, so a refusal names what was and was not sent
        title = choices.DOCUMENT_TITLES[document]
        try:
            (job,) = engine.send_to_printer([engine.document_job(title, made.pdfs[document])], queue, simplex)
        except engine.PrintError as error:
            made.printed = refused(queue, error, sent, documents[len(sent) :])
            break
        sent.append(f"{title} (job {job or 'queued'})")
    else:
        made.printed = Printed(True, f"Sent to {queue} at {clock()}, {sides(simplex)}: {', '.join(sent)}.")
    return redirect(url_for("make.preview", key=key, _anchor="print-result"), code=303)


@page.post("/clinic/<key>/print")
def bundle(key: str):
    queue, simplex = printer()
    run = found(state().runs, key)
    if not run.finished or run.bundle is None or not run.bundle.exists():
        abort(404)
    try:
        (job,) = engine.send_to_printer(engine.bundle_jobs([run.bundle]), queue, simplex)
    except engine.PrintError as error:
        run.printed = refused(queue, error, [], ["the print bundle"])
    else:
        run.printed = Printed(True, f"Sent to {queue} at {clock()}, {sides(simplex)}: the print bundle (job {job}).")
    return redirect(url_for("clinic.run", key=key, _anchor="print-result"), code=303)


def refused(queue: str, error: engine.PrintError, sent: list[str], unsent: list[str]) -> Printed:
    """Why nothing (or not everything) was printed, in CUPS's words, and what to do instead."""
    reason = "; ".join(problem.message for problem in error.problems).rstrip(".")
    unsent_titles = [choices.DOCUMENT_TITLES.get(d, d) for d in unsent]
    message = f"Not sent to {queue}: {', '.join(unsent_titles)}. {reason[0].upper()}{reason[1:]}."
    if sent:
        message += f" Already sent: {', '.join(sent)}."
    return Printed(False, message + " Download the PDF and print it from another printer, or ask for help.")


def clock() -> str:
    return time.strftime("%H:%M")


def sides(simplex: bool) -> str:
    return "one-sided" if simplex else "two-sided"
