"""Clinic list: upload a booking system's export, watch its progress, download the bundle and manifest."""

from __future__ import annotations

import tempfile
import threading
from pathlib import Path

from flask import Blueprint, abort, current_app, make_response, redirect, render_template, request, url_for

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
    folder = tempfile.TemporaryDirectory(prefix="handouts-")
    path = Path(folder.name) / f"patients{suffix}"
    sent.save(path)
    run = Run(filename=runs.safe_filename(sent.filename))
    reading = _reading(folder, run)
    key = state().runs.add(run)
    # Always in worker processes (at least two), so a long list never holds up the page's own renders.
    workers = max(2, current_app.config["WORKERS"])
    threading.Thread(target=runs.run_list, args=(run, folder, path, typed, workers, reading), daemon=True).start()
    return redirect(url_for("clinic.run", key=key), code=303)


def _reading(folder: tempfile.TemporaryDirectory, run: Run) -> dict:
    """How to read the export, as the command line's reading options: date order, one handout, a column map."""
    date_order = request.form.get("date_order")
    handout = request.form.get("handout")
    reading = {
        "date_order": date_order if date_order in engine.DATE_ORDERS else None,
        "handout": handout if handout in engine.handout_languages() else None,
    }
    column_map = request.files.get("columns")
    if column_map and column_map.filename:
        reading["columns"] = Path(folder.name) / "columns.yaml"
        column_map.save(reading["columns"])
        run.column_map = runs.safe_filename(column_map.filename)
    return reading


@page.get("/clinic/<key>")
def run(key: str):
    return render_template("clinic_run.html", run=found(state().runs, key), key=key)


@page.get("/clinic/<key>/status")
def status(key: str):
    """For the page's script: progress without reloading the page (a screen reader is not restarted)."""
    made = found(state().runs, key)
    return {"done": made.done, "total": made.total, "finished": made.finished}


@page.get("/clinic/<key>/<name>")
def download(key: str, name: str):
    made = found(state().runs, key)
    if name == "print-bundle.pdf" and made.bundle:
        data, kind = made.bundle, "application/pdf"
    elif name == engine.MANIFEST and made.manifest:
        data, kind = made.manifest, "text/csv"
    else:
        abort(404)
    response = make_response(data)
    response.headers["Content-Type"] = kind
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
