"""Clinic list: upload a booking system's export, watch its progress, download the bundle and manifest."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, current_app, redirect, render_template, request, send_file, url_for

import handout_engine as engine

from .. import choices, forms, runs
from ..store import Run, found, state

page = Blueprint("clinic", __name__)


def show_form(problem: str | None = None, status: int = 200):
    extensions = ",".join(engine.EXTENSIONS)
    return render_template("clinic.html", choices=choices.choices(), problem=problem, extensions=extensions), status


@page.get("/clinic")
def form():
    return show_form()


@page.post("/clinic")
def upload():
    sent = request.files.get("patients")
    suffix = Path(sent.filename or "").suffix.lower() if sent else ""
    if not sent or not sent.filename:
        return show_form("Choose a file to upload.", 400)
    if suffix not in engine.EXTENSIONS:
        known = ", ".join(sorted(engine.EXTENSIONS))
        return show_form(f"{sent.filename} is not a patient list this page can read; expected one of {known}.", 400)
    typed = forms.read_form(request.form, engine.DOCUMENT_NAMES)
    if not typed.documents:
        return show_form("Choose at least one document to make.", 400)
    kept = state()
    run = Run(filename=runs.safe_filename(sent.filename), folder=kept.folder.new_run_folder())
    path = run.folder / f"patients{suffix}"
    sent.save(path)
    reading = _reading(run.folder, run)
    # Always in worker processes (at least two), so a long list never holds up the page's own renders.
    workers = max(2, current_app.config["WORKERS"])
    try:
        limit, simplex = current_app.config["MOST_RECORDS"], bool(current_app.config.get("PRINTER_SIMPLEX"))
        kept.queue.submit(runs.Job(run, path, typed, workers, limit, reading, simplex))
    except runs.BusyError:
        runs.remove_folder(run)
        return show_form("The page is busy with other lists. Try again in a few minutes.", 503)
    return redirect(url_for("clinic.run", key=kept.runs.add(run)), code=303)


def _reading(folder: Path, run: Run) -> dict:
    """How to read the export, as the command line's reading options: date order, one handout, a column map."""
    date_order = request.form.get("date_order")
    handout = request.form.get("handout")
    reading = {
        "date_order": date_order if date_order in engine.DATE_ORDERS else None,
        "handout": handout if handout in engine.handout_languages() else None,
    }
    column_map = request.files.get("columns")
    if column_map and column_map.filename:
        reading["columns"] = folder / "columns.yaml"
        column_map.save(reading["columns"])
        run.column_map = runs.safe_filename(column_map.filename)
    return reading


@page.get("/clinic/<key>")
def run(key: str):
    kept = state()
    made = found(kept.runs, key)
    return render_template("clinic_run.html", run=made, key=key, seconds_left=kept.runs.seconds_left(key))


@page.get("/clinic/<key>/status")
def status(key: str):
    """For the page's script: progress without reloading the page (a screen reader is not restarted)."""
    made = found(state().runs, key)
    return {"done": made.done, "total": made.total, "finished": made.finished, "waiting": made.waiting}


@page.get("/clinic/<key>/<name>")
def download(key: str, name: str):
    made = found(state().runs, key)
    if name == "print-bundle.pdf" and made.bundle:
        path, kind = made.bundle, "application/pdf"
    elif name == engine.MANIFEST and made.manifest:
        path, kind = made.manifest, "text/csv"
    else:
        abort(404)
    try:  # streamed from disk in blocks: a 200 MB bundle never sits in the server's memory
        return send_file(path, mimetype=kind, as_attachment=True, download_name=name, conditional=False, etag=False)
    except FileNotFoundError:
        abort(404, "expired")
