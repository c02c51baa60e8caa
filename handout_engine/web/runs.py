"""A clinic's list, made in the background: the uploaded file in, a print bundle, manifest and problems out."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import handout_engine as engine

from . import choices, forms
from .store import Run


def safe_filename(name: str) -> str:
    """The uploaded file's name, for messages only (never a path)."""
    return re.sub(r"[^\w.\- ]", "_", Path(name).name)[:80] or "the list"


def run_list(
    run: Run, folder: tempfile.TemporaryDirectory, path: Path, form: forms.FormState, workers: int, reading: dict
) -> None:
    """Make a clinic's list; keep only the bundle, manifest and problems, in memory."""
    try:
        try:
            read = engine.read_options(**reading)
        except engine.HandoutError as error:  # the column map: named by the file the nurse chose
            given = reading.get("columns") or path
            run.refused = [str(renamed(p, given, run.column_map or run.filename)) for p in error.problems]
            return
        out = Path(folder.name) / "out"
        bundle = Path(folder.name) / "print-bundle.pdf"
        request = engine.BatchRequest(
            path,
            out,
            tuple(form.documents) or engine.DOCUMENT_NAMES,
            form.values.get("brand") or engine.DEFAULT_BRAND,
            bundle,
            workers,
            paper=choices.paper(form.values),
            large_print=bool(form.values.get("large_print")),
            start_method="spawn",  # a clean process: this one has server threads
            read=read,
        )

        def progress(done: int, total: int, _report) -> None:
            run.done, run.total = done, total

        def problem(found: engine.Problem) -> None:
            run.problems.append(renamed(found, path, run.filename))

        report = engine.run_batch(request, problem, progress)
        run.summary = report.summary()
        run.bundle = bundle.read_bytes() if bundle.exists() else None
        run.manifest = (out / engine.MANIFEST).read_bytes()
    except engine.HandoutError as error:
        run.refused = [str(renamed(p, path, run.filename)) for p in error.problems]
    except engine.BatchStoppedError as error:
        run.refused = [str(error)]
    except Exception as error:  # never a blank page: say it failed (the type only: messages may hold patient data)
        run.refused = [f"The list could not be made because of an unexpected error ({type(error).__name__})."]
    finally:
        run.finished = True
        folder.cleanup()  # the uploaded list and the PDFs made from it leave the disk now


def renamed(problem: engine.Problem, path: Path, filename: str) -> engine.Problem:
    """Messages name the file the nurse uploaded, not our temporary copy of it."""
    source = filename if problem.source.endswith(path.name) else problem.source.replace(str(path), filename)
    return engine.Problem(source, problem.field, problem.message, problem.row, problem.patient_id, problem.row_label)
