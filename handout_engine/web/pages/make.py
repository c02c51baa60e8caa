"""Make one: the form, its errors beside their fields, and the preview of what was made (pages, download, print)."""

from __future__ import annotations

import io
import re
import threading

from flask import Blueprint, Response, abort, make_response, redirect, render_template, request, url_for

import handout_engine as engine

from .. import choices, errors, forms
from ..store import Made, found, state

page = Blueprint("make", __name__)
PREVIEW_DPI = 110
BLANK_BOXES_AFTER_ADD = 3
LABEL_OF = {f.name: f.label for f in forms.FIELDS}

# ReportLab and pdfium are not thread-safe; the server answers on several threads.
render_lock = threading.Lock()


# Why the form is shown filled in: from a preview's "Change the details", or after a form that had expired.
EDIT_NOTICE = "The details these documents were made from. Change what you need, then press Make and preview."
STALE_NOTICE = (
    "This form had expired (the page was restarted, or the form was opened in a session that has since ended), "
    "so nothing was made. What you sent is filled in again below: check it, then press Make and preview."
)


def show_form(form: forms.FormState, status: int = 200):
    html = render_template("make.html", state=form, choices=choices.choices(), fields=forms)
    return html, status


@page.get("/")
def form():
    first = forms.first_values(choices.defaults())
    first.documents = list(engine.DOCUMENT_NAMES)
    return show_form(first)


@page.post("/make")
def submit():
    typed = forms.read_form(request.form, engine.DOCUMENT_NAMES)
    if request.form.get("edit"):  # the preview's "Change the details": the form again, filled in, nothing made
        typed.notice = EDIT_NOTICE
        return show_form(typed)
    if request.form.get("add_medicine"):  # "Add another medicine" without JavaScript: the form again
        typed.blank_boxes = BLANK_BOXES_AFTER_ADD
        typed.focus = f"medications-{len([m for m in typed.medicines if m.strip()]) + 1}"
        return show_form(typed)
    with render_lock:
        result = engine.make_record((forms.raw_record(typed), choices.settings(typed)))
    # A record with mistakes makes no documents: its own problems say why. A document that
    # failed to lay out although the record is valid is named by itself.
    problems = list(result.problems) or [
        engine.Problem(forms.SOURCE, "", f"{choices.DOCUMENT_TITLES[d.document]}: {d.error}")
        for d in result.documents
        if d.error
    ]
    if not typed.documents:
        problems.append(engine.Problem(forms.SOURCE, "documents", "choose at least one document"))
    if problems:
        forms.place_problems(typed, problems)
        return show_form(typed, 400)
    pdfs = {d.document: d.pdf for d in result.documents}
    if "consent" in pdfs:  # PDF/A-2b from the start: signed on screen, it is the copy filed in the patient record
        try:
            with render_lock:
                pdfs["consent"] = engine.to_archive(pdfs["consent"], choices.DOCUMENT_TITLES["consent"])
        except engine.ArchiveError as error:
            forms.place_problems(typed, [engine.Problem(forms.SOURCE, "", f"{error}; nothing was made")])
            return show_form(typed, 500)
    made = Made(
        label=result.label,
        pdfs=pdfs,
        pages={d.document: d.pages for d in result.documents},
        notes=[f"{LABEL_OF.get(w.field, w.field)}: {w.message}" for w in result.warnings],
        typed=typed,
    )
    if "consent" in made.pdfs:  # the audit log, when the clinic keeps one (HANDOUTS_AUDIT_LOG): id, never name
        engine.audit_from_environment().record(
            "made", made.pdfs["consent"], document="consent", patient_id=made.label.patient_id
        )
    return redirect(url_for("make.preview", key=state().previews.add(made)), code=303)


@page.get("/preview/<key>")
def preview(key: str):
    kept = state()
    made = found(kept.previews, key)
    if not made.alts:
        for document, pdf_bytes in made.pdfs.items():
            language = made.typed.values.get("language") if made.typed is not None else None
            alts = page_alts(pdf_bytes, choices.DOCUMENT_TITLES[document], made.label, language)
            for number, alt in enumerate(alts, 1):
                made.alts[(document, number)] = alt
    left = kept.previews.seconds_left(key)
    hidden = forms.hidden_fields(made.typed) if made.typed is not None else []
    return render_template(
        "preview.html", made=made, key=key, titles=choices.DOCUMENT_TITLES, seconds_left=left, typed=hidden
    )


def refilled_after_expiry():
    """A form post whose form token had expired (errors.stale_form): the form again, filled in from the post."""
    typed = forms.read_form(request.form, engine.DOCUMENT_NAMES)
    typed.notice = STALE_NOTICE
    return show_form(typed, 400)


# The page's consent form is fillable, for signing on screen, and PDF/A-2b already: its record copy is the
# sealed PDF from Sign, which stays PDF/A-2b (consent_form.py).
ARCHIVE_NOT_OFFERED = frozenset({"consent"})


@page.get("/preview/<key>/<document>.pdf")
def pdf(key: str, document: str):
    made = found(state().previews, key)
    if document not in made.pdfs:
        abort(404)
    disposition = "inline" if request.args.get("print") else "attachment"
    data, name = made.pdfs[document], f"{made.label.patient_id}-{document}.pdf"
    if request.args.get("archive"):  # PDF/A-2b, to file in the patient's electronic record
        if document in ARCHIVE_NOT_OFFERED:
            abort(404)
        try:
            data = engine.to_archive(data, choices.DOCUMENT_TITLES[document])
        except engine.ArchiveError as error:
            return errors.page(409, "This document cannot be filed as PDF/A", f"{error}. Download the PDF instead.")
        name = f"{made.label.patient_id}-{document}-pdfa.pdf"
    response = make_response(data)
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = f'{disposition}; filename="{name}"'
    return response


@page.get("/preview/<key>/<document>/<int:number>.png")
def page_image(key: str, document: str, number: int):
    made = found(state().previews, key)
    if document not in made.pdfs or not 1 <= number <= made.pages[document]:
        abort(404)
    png = made.pngs.get((document, number))
    if png is None:
        png = made.pngs[(document, number)] = page_png(made.pdfs[document], number)
    return Response(png, mimetype="image/png")


UNREAD_NASTALIQ = "Set in Nastaliq, which cannot be read back from the file"


def page_alts(pdf: bytes, title: str, label: engine.PatientLabel, language: str | None = None) -> list[str]:
    """Each page's text alternative: what the nurse checks on it, read from the page's own text.

    The identifiers found on the page are named as printed; one that is missing is said to be missing, so a
    screen-reader user checks the same things a sighted nurse does, and learns the same if one is not there.
    The page's text is read by pdfium and, as a second reader, pypdf: in a right-to-left document each turns
    some mixed lines around (pdfium a Latin id inside an Arabic line: -0042P), never the same ones, and an
    identifier that is not printed is found by neither. Neither reads a word set in Nastaliq back (an Urdu
    record's name and date of birth): such an identifier, when not found, is said to be unreadable here, to be
    checked on the paper, never "not on this page".
    """
    import pypdfium2 as pdfium
    from pypdf import PdfReader

    identifiers = (
        ("name", label.name),
        ("date of birth", label.born),
        ("hospital number", label.patient_id),
        ("NHS number", label.nhs_number),
    )
    with render_lock:
        document = pdfium.PdfDocument(pdf)
        document.init_forms()  # draw form fields as they are: ticked boxes, a signed consent form's signatures
        try:
            texts = [document[i].get_textpage().get_text_range() for i in range(len(document))]
        finally:
            document.close()
    second = [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]
    alts = []
    for number, text in enumerate(texts, 1):
        lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
        flat = " ".join(lines)

        def on_page(value: str, flat=flat, number=number) -> bool:
            value = " ".join(value.split())
            return value in flat or value in second[number - 1]

        printed = [f"{what} {value}" for what, value in identifiers if value and on_page(value)]
        unfound = [(what, value) for what, value in identifiers if value and not on_page(value)]
        unread = [what for what, value in unfound if engine.set_in_nastaliq(value, language)]
        missing = [what for what, _value in unfound if what not in unread]
        footer = lines[-1] if lines and len(lines[-1]) <= 40 and re.search(r"\d+\D+\d+$", lines[-1]) else ""
        alt = f"{title}, page {number} of {len(texts)}. Printed on it: {', '.join(printed) or 'no identifiers'}"
        alt += f"; footer '{footer}'" if footer else ""
        alt += f". Not on this page: {', '.join(missing)}." if missing else "."
        if unread:
            alt += f" {UNREAD_NASTALIQ}: {', '.join(unread)}; check on the paper."
        alts.append(alt)
    return alts


def page_png(pdf: bytes, number: int) -> bytes:
    import pypdfium2 as pdfium

    with render_lock:
        document = pdfium.PdfDocument(pdf)
        document.init_forms()  # draw form fields as they are: ticked boxes, a signed consent form's signatures
        try:
            image = document[number - 1].render(scale=PREVIEW_DPI / 72).to_pil()
        finally:
            document.close()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
