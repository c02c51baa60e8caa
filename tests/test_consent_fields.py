"""The fillable consent form (--fillable): form fields on the paper form's own lines, read back with pypdf."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from handout_engine.locale import labels_for
from handout_engine.models import SIGNERS, PageSetup
from pdftools import page_texts, text_runs
from support import NAME, render_pdf, run

SIGNATURES = {signer.field() for signer in SIGNERS}
TICK_BOXES = {"leaflet_given", "anaesthesia_1", "anaesthesia_2", "withdrawn", "copy_given_yes", "copy_given_no"}
# How the interpreter took part, and who and from where (issue 15): ticked and written in, or on a fillable copy.
TICK_BOXES |= {"interpreter_mode_face_to_face", "interpreter_mode_telephone", "interpreter_mode_video"}
INTERPRETER = {"interpreter_language", "interpreter_agency", "interpreter_id"}
TEXT = {signer.field(line) for signer in SIGNERS for line in signer.lines} | {"patient_concerns"} | INTERPRETER


def consent(fillable: bool, paper: str = "a4", large_print: bool = False, **overrides) -> bytes:
    return render_pdf("consent", setup=PageSetup(paper, large_print, fillable), **overrides)


@pytest.fixture(scope="module")
def fillable() -> bytes:
    return consent(True)


def widgets(pdf: bytes) -> dict[str, tuple[int, list[float], dict]]:
    """Field name -> (page number, rectangle, widget), for every widget on every page."""
    found = {}
    reader = PdfReader(io.BytesIO(pdf))
    for number, page in enumerate(reader.pages, start=1):
        for ref in page.get("/Annots", []):
            widget = ref.get_object()
            name = widget.get("/T") or widget["/Parent"]["/T"]
            key = name if "/T" in widget else f"{name}={next(k for k in widget['/AP']['/N'] if k != '/Off')}"
            found[key] = (number, [float(v) for v in widget["/Rect"]], widget)
    return found


def test_fields_have_stable_names_and_types(fillable):
    fields = PdfReader(io.BytesIO(fillable)).get_fields()
    types = {name: field.get("/FT") for name, field in fields.items()}
    assert {name for name, kind in types.items() if kind == "/Sig"} == SIGNATURES
    assert {name for name, kind in types.items() if kind == "/Tx"} == TEXT
    assert {name for name, kind in types.items() if kind == "/Btn"} == TICK_BOXES
    assert all(fields[name].get("/V") in (None, "", "/Off") for name in fields)  # nothing filled in


def test_the_printed_form_is_the_paper_form(fillable):
    """The fillable copy adds fields only: every page draws exactly what the paper form draws."""
    paper = PdfReader(io.BytesIO(consent(False)))
    filled = PdfReader(io.BytesIO(fillable))
    assert len(paper.pages) == len(filled.pages)
    for plain, form in zip(paper.pages, filled.pages, strict=True):
        assert plain.get_contents().get_data() == form.get_contents().get_data()
        assert "/Annots" not in plain
    assert "/AcroForm" not in paper.trailer["/Root"]


def test_paper_output_is_unchanged_without_fillable():
    assert consent(False) == consent(False)
    assert consent(False) != consent(True)


def test_patient_name_stays_page_text(fillable):
    """The patient's name and ids are printed page text, never a field value (fields are for the signers)."""
    assert all(NAME in text for text in page_texts(fillable))
    reader = PdfReader(io.BytesIO(fillable))
    values = [str(field.get("/V", "")) for field in reader.get_fields().values()]
    assert not any(NAME in value or "P-0042" in value for value in values)


def test_each_field_is_on_its_line(fillable):
    """A signature field sits on the page of what it signs, on the line of its 'Signature' label."""
    labels = labels_for("en")
    headings = {
        "professional_signature": labels["contact_later"].split("{")[0],
        "interpreter_signature": labels["interpreter_heading"],
        "patient_signature": labels["patient_heading"],
        "witness_signature": labels["witness_heading"],
        "confirmation_signature": labels["confirmation_heading"],
        "withdrawal_signature": labels["withdrawn"],
    }
    placed = widgets(fillable)
    texts = page_texts(fillable)
    runs = text_runs(fillable)
    pages = PdfReader(io.BytesIO(fillable)).pages
    for field, heading in headings.items():
        page, (x0, y0, x1, y1), widget = placed[field]
        assert heading in texts[page - 1], field
        assert widget.raw_get("/P").idnum == pages[page - 1].indirect_reference.idnum  # its /P is its own page
        labels = [y for y, _size, text in runs[page - 1] if text.startswith("Signature")]
        # The label is printed on the field's line (the field reaches up from it, to sign in).
        assert any(y0 - 1 <= y <= y0 + 8 for y in labels), (field, labels, (x0, y0, x1, y1))
        assert x1 - x0 > 100
        assert 20 < y1 - y0 < 30


def test_each_signature_locks_its_own_lines(fillable):
    placed = widgets(fillable)
    names = set(PdfReader(io.BytesIO(fillable)).get_fields())
    for signer in SIGNERS:
        lock = placed[signer.field()][2]["/Lock"]
        locked = {str(name) for name in lock["/Fields"]}
        assert {signer.field(line) for line in signer.lines} <= locked
        assert locked <= names  # every locked field exists
        assert lock["/Action"] == "/Include"
        assert lock["/P"] == 2
    assert {"leaflet_given", "anaesthesia_1", "patient_concerns"} <= {
        str(name) for name in placed["professional_signature"][2]["/Lock"]["/Fields"]
    }


@pytest.mark.parametrize(
    ("paper", "large_print", "language"), [("letter", True, "en"), ("a4", False, "es"), ("letter", False, "es")]
)
def test_fields_follow_the_layout_in_every_print(paper, large_print, language):
    pdf = consent(True, paper, large_print, language=language)
    fields = PdfReader(io.BytesIO(pdf)).get_fields()
    assert set(fields) >= SIGNATURES
    assert set(fields) >= TEXT
    for _name, (page, (x0, y0, x1, y1), _widget) in widgets(pdf).items():
        width, height = PdfReader(io.BytesIO(pdf)).pages[page - 1].mediabox[2:]
        assert 0 < x0 < x1 <= float(width)
        assert 0 < y0 < y1 <= float(height)


def test_batch_fillable_makes_fillable_consent_forms_only(tmp_path):
    result = run(
        "batch", "assets/samples/patients.csv", "--out", tmp_path, "--fillable", "--documents", "consent,discharge"
    )
    assert result.exit_code == 0, result.output
    consent_form = PdfReader(tmp_path / "NB-100231" / "consent.pdf")
    assert set(consent_form.get_fields()) >= SIGNATURES
    for other in ("discharge",):
        assert PdfReader(tmp_path / "NB-100231" / f"{other}.pdf").get_fields() is None
