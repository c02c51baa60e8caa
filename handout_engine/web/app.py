"""The nurses' page: make one patient's handouts, preview every page, print; or run a clinic's list.

A thin Flask app on the same engine as the command line: the form becomes a
raw record, `make_record` validates and lays it out (the same messages as
the command line), and an uploaded list goes through `run_batch`. Flask
because it is small, well kept and tested through its own client; Jinja2
templates escape everything they print. Pages work without JavaScript.
"""

from __future__ import annotations

import io
import re
import tempfile
import threading
from pathlib import Path

from flask import Flask, Response, abort, make_response, redirect, render_template, request, url_for
from werkzeug.exceptions import RequestEntityTooLarge

from ..batch import MANIFEST, BatchRequest, run_batch
from ..catalog import brand_names, handout_languages, load_brand, load_handout
from ..errors import BatchStoppedError, HandoutError, Problem
from ..locale import language_name
from ..make import Settings, make_record
from ..models import DOCUMENT_KINDS, DOCUMENT_NAMES, PAPER_SIZES
from ..paths import DEFAULT_BRAND
from ..pool import default_workers
from ..records import EXTENSIONS
from . import forms, security
from .store import Made, Run, Store

DEFAULT_UPLOAD_LIMIT = 10 * 1024 * 1024
PREVIEW_DPI = 110
BLANK_BOXES_AFTER_ADD = 3
MOST_RUNS_KEPT = 5  # each holds its print bundle in memory
DOCUMENT_TITLES = {kind.name: kind.title for kind in DOCUMENT_KINDS}
LABEL_OF = {"language": "Language"}

# ReportLab and pdfium are not thread-safe; the server answers on several threads.
_render_lock = threading.Lock()


def create_app(
    host: str = "127.0.0.1",
    port: int = 8000,
    token: str | None = None,
    upload_limit: int = DEFAULT_UPLOAD_LIMIT,
    workers: int | None = None,
) -> Flask:
    """The app for one address: requests must name that address (Host), and carry `token` when one is set."""
    app = Flask(__name__)
    app.config.update(
        MAX_CONTENT_LENGTH=upload_limit,
        ALLOWED_HOSTS=security.allowed_hosts(host, port),
        TOKEN=token,
        WORKERS=workers or default_workers(),
    )
    previews, runs = Store(), Store(most=MOST_RUNS_KEPT)

    @app.before_request
    def check_who_is_asking():
        if request.host.lower() not in app.config["ALLOWED_HOSTS"]:
            return _plain(400, "This page is only served under its own address.")
        origin = (request.headers.get("Origin") or "").lower()
        own = origin.startswith("http://") and origin.removeprefix("http://") in app.config["ALLOWED_HOSTS"]
        if request.method == "POST" and origin and not own:  # a form on another site, posted through this browser
            return _plain(403, "Forms may only be sent from this page itself.")
        expected = app.config["TOKEN"]
        if not expected:
            return None
        given = request.args.get("token")
        if given is not None and security.token_matches(given, expected) and request.method == "GET":
            # Swap the token in the address for a cookie, so it is not left in the history.
            response = redirect(request.path, code=303)
            response.set_cookie(security.TOKEN_COOKIE, given, httponly=True, samesite="Strict")
            return response
        bearer = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        for offered in (request.cookies.get(security.TOKEN_COOKIE), bearer, given):
            if security.token_matches(offered, expected):
                return None
        return _plain(401, "An access token is needed: open the address you were given, which ends in ?token=...")

    @app.after_request
    def no_caching(response: Response) -> Response:
        # Patient data must not be kept in a shared computer's browser cache.
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Content-Type-Options"] = "nosniff"
        # Same-origin, not no-referrer: with no-referrer, browsers send "Origin: null" on our own forms.
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; img-src 'self'; frame-src 'self'; object-src 'self'; frame-ancestors 'self'"
        )
        return response

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(_error):
        limit = app.config["MAX_CONTENT_LENGTH"] / (1024 * 1024)
        message = f"The file is larger than {limit:g} MB, the most this page takes. Split the list and try again."
        return render_template("clinic.html", choices=_choices(), problem=message), 413

    @app.get("/")
    def make_form():
        state = forms.first_values(_defaults())
        state.documents = list(DOCUMENT_NAMES)
        return render_template("make.html", state=state, choices=_choices(), fields=forms)

    @app.post("/make")
    def make_one():
        state = forms.read_form(request.form, DOCUMENT_NAMES)
        if request.form.get("add_medicine"):  # "Add another medicine" without JavaScript: the form again
            state.blank_boxes = BLANK_BOXES_AFTER_ADD
            return render_template("make.html", state=state, choices=_choices(), fields=forms)
        raw = forms.raw_record(state)
        settings = _settings(state, DOCUMENT_NAMES)
        with _render_lock:
            result = make_record((raw, settings))
        # A record with mistakes makes no documents: its own problems say why. A document that
        # failed to lay out although the record is valid is named by itself.
        problems = list(result.problems) or [
            Problem(forms.SOURCE, "", f"{DOCUMENT_TITLES[d.document]}: {d.error}") for d in result.documents if d.error
        ]
        if not state.documents:
            problems.append(Problem(forms.SOURCE, "documents", "choose at least one document"))
        if problems:
            forms.place_problems(state, problems)
            return render_template("make.html", state=state, choices=_choices(), fields=forms), 400
        label = result.label
        made = Made(
            title=f"{label.name}, born {label.born}, ID {label.patient_id}",
            patient_id=label.patient_id,
            pdfs={d.document: d.pdf for d in result.documents},
            pages={d.document: d.pages for d in result.documents},
            notes=[f"{LABEL_OF.get(w.field, w.field)}: {w.message}" for w in result.warnings],
        )
        return redirect(url_for("preview", key=previews.add(made)), code=303)

    @app.get("/preview/<key>")
    def preview(key: str):
        made = _found(previews, key)
        return render_template("preview.html", made=made, key=key, titles=DOCUMENT_TITLES)

    @app.get("/preview/<key>/<document>.pdf")
    def preview_pdf(key: str, document: str):
        made = _found(previews, key)
        if document not in made.pdfs:
            abort(404)
        disposition = "inline" if request.args.get("print") else "attachment"
        response = make_response(made.pdfs[document])
        response.headers["Content-Type"] = "application/pdf"
        response.headers["Content-Disposition"] = f'{disposition}; filename="{made.patient_id}-{document}.pdf"'
        return response

    @app.get("/preview/<key>/<document>/<int:page>.png")
    def preview_page(key: str, document: str, page: int):
        made = _found(previews, key)
        if document not in made.pdfs or not 1 <= page <= made.pages[document]:
            abort(404)
        png = made.pngs.get((document, page))
        if png is None:
            png = made.pngs[(document, page)] = _page_png(made.pdfs[document], page)
        return Response(png, mimetype="image/png")

    @app.get("/clinic")
    def clinic_form():
        return render_template("clinic.html", choices=_choices(), problem=None)

    @app.post("/clinic")
    def clinic_upload():
        upload = request.files.get("patients")
        suffix = Path(upload.filename or "").suffix.lower() if upload else ""
        if not upload or not upload.filename:
            return render_template("clinic.html", choices=_choices(), problem="Choose a file to upload."), 400
        if suffix not in EXTENSIONS:
            known = ", ".join(sorted(EXTENSIONS))
            problem = f"{upload.filename} is not a patient list this page can read; expected one of {known}."
            return render_template("clinic.html", choices=_choices(), problem=problem), 400
        state = forms.read_form(request.form, DOCUMENT_NAMES)
        if not state.documents:
            problem = "Choose at least one document to make."
            return render_template("clinic.html", choices=_choices(), problem=problem), 400
        folder = tempfile.TemporaryDirectory(prefix="handouts-")
        path = Path(folder.name) / f"patients{suffix}"
        upload.save(path)
        run = Run(filename=_safe_filename(upload.filename))
        key = runs.add(run)
        # Always in worker processes (at least two), so a long list never holds up the page's own renders.
        workers = max(2, app.config["WORKERS"])
        thread = threading.Thread(target=_run_list, args=(run, folder, path, state, workers), daemon=True)
        thread.start()
        return redirect(url_for("clinic_run", key=key), code=303)

    @app.get("/clinic/<key>")
    def clinic_run(key: str):
        run = _found(runs, key)
        return render_template("clinic_run.html", run=run, key=key)

    @app.get("/clinic/<key>/status")
    def clinic_status(key: str):
        """For the page's script: progress without reloading the page (a screen reader is not restarted)."""
        run = _found(runs, key)
        return {"done": run.done, "total": run.total, "finished": run.finished}

    @app.get("/clinic/<key>/<name>")
    def clinic_download(key: str, name: str):
        run = _found(runs, key)
        if name == "print-bundle.pdf" and run.bundle:
            data, kind = run.bundle, "application/pdf"
        elif name == MANIFEST and run.manifest:
            data, kind = run.manifest, "text/csv"
        else:
            abort(404)
        response = make_response(data)
        response.headers["Content-Type"] = kind
        response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    @app.get("/health")
    def health():
        return _plain(200, "ok")

    return app


def _plain(status: int, text: str) -> Response:
    return Response(text + "\n", status=status, mimetype="text/plain")


def _found(store: Store, key: str):
    item = store.get(key)
    if item is None:
        abort(404, "This page has expired (made items are kept for 30 minutes). Make it again.")
    return item


def _defaults() -> dict[str, str]:
    return {"handout": next(iter(handout_languages()), ""), "language": "en", "brand": DEFAULT_BRAND, "paper": "a4"}


def _choices() -> dict:
    handouts = handout_languages()
    languages = sorted({language for found in handouts.values() for language in found})
    return {
        "handouts": [(h, load_handout(h, "en").meta.title if "en" in langs else h) for h, langs in handouts.items()],
        "languages": [(language, language_name(language)) for language in languages],
        "brands": [(name, load_brand(name).clinic_name) for name in brand_names() if _loads(name)],
        "papers": [("a4", "A4"), ("letter", "US Letter")],
        "documents": [(d, DOCUMENT_TITLES[d]) for d in DOCUMENT_NAMES],
    }


def _loads(brand: str) -> bool:
    try:
        load_brand(brand)
    except HandoutError:
        return False
    return True


def _settings(state: forms.FormState, documents) -> Settings:
    return Settings(
        documents=tuple(state.documents) or tuple(documents),
        known_documents=DOCUMENT_NAMES,
        brand_id=state.values.get("brand") or DEFAULT_BRAND,
        handouts=tuple(handout_languages().items()),
        paper=state.values.get("paper") if state.values.get("paper") in PAPER_SIZES else "a4",
        brands=tuple(brand_names()),
    )


def _page_png(pdf: bytes, page: int) -> bytes:
    import pypdfium2 as pdfium

    with _render_lock:
        document = pdfium.PdfDocument(pdf)
        try:
            image = document[page - 1].render(scale=PREVIEW_DPI / 72).to_pil()
        finally:
            document.close()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _safe_filename(name: str) -> str:
    """The uploaded file's name, for messages only (never a path)."""
    return re.sub(r"[^\w.\- ]", "_", Path(name).name)[:80] or "the list"


def _run_list(run: Run, folder: tempfile.TemporaryDirectory, path: Path, state: forms.FormState, workers: int) -> None:
    """Make a clinic's list in the background; keep only the bundle, manifest and problems, in memory."""
    try:
        out = Path(folder.name) / "out"
        bundle = Path(folder.name) / "print-bundle.pdf"
        paper = state.values.get("paper") if state.values.get("paper") in PAPER_SIZES else "a4"
        request_ = BatchRequest(
            path,
            out,
            tuple(state.documents) or DOCUMENT_NAMES,
            state.values.get("brand") or DEFAULT_BRAND,
            bundle,
            workers,
            paper=paper,
            large_print=bool(state.values.get("large_print")),
            start_method="spawn",  # a clean process: this one has server threads
        )

        def progress(done: int, total: int, _report) -> None:
            run.done, run.total = done, total

        def problem(found: Problem) -> None:
            run.problems.append(_renamed(found, path, run.filename))

        report = run_batch(request_, problem, progress)
        run.summary = report.summary()
        run.bundle = bundle.read_bytes() if bundle.exists() else None
        run.manifest = (out / MANIFEST).read_bytes()
    except HandoutError as error:
        run.refused = [str(_renamed(p, path, run.filename)) for p in error.problems]
    except BatchStoppedError as error:
        run.refused = [str(error)]
    except Exception as error:  # never a blank page: say it failed (the type only: messages may hold patient data)
        run.refused = [f"The list could not be made because of an unexpected error ({type(error).__name__})."]
    finally:
        run.finished = True
        folder.cleanup()  # the uploaded list and the PDFs made from it leave the disk now


def _renamed(problem: Problem, path: Path, filename: str) -> Problem:
    """Messages name the file the nurse uploaded, not our temporary copy of it."""
    source = filename if problem.source.endswith(path.name) else problem.source.replace(str(path), filename)
    return Problem(source, problem.field, problem.message, problem.row, problem.patient_id, problem.row_label)
