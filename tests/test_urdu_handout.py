"""A whole handout in Urdu, right to left and set in Nastaliq, checked as a reader would check the paper.

What every right-to-left handout must do (reading order, the right margin,
bullets, pdfua, PDF/A, lint) is checked in test_rtl_handouts.py. Here, the
Urdu paper's own: pypdf reads the patient's identifiers on every page, the
text is in Nastaliq, a long Latin name reads whole at the band's right, and a
record with no optional fields gets spaces to write in. What is new with
Nastaliq is how tall its letters are: pdfium's box round each glyph's ink,
set against the baseline of the line it is on, shows that no two lines run
into each other, and that they did at the Latin line spacing.
"""

from __future__ import annotations

import io
import unicodedata

import pdfplumber
import pikepdf
import pytest
from reportlab.lib.units import mm

from handout_engine.catalog import load_handout
from handout_engine.lint import lint_handout
from handout_engine.locale import format_date_in, format_list, labels_for
from pdftools import fonts, overlapping_lines, page_texts
from rtl import CASES, MARGIN, actual_texts, made, nfc
from support import DOCUMENTS, render_pdf

NAME = CASES["ur"].name
LATIN_NAME = CASES["ur"].latin_name


def urdu(document: str, paper: str = "a4", large: bool = False, name: str | None = None, **fields) -> bytes:
    return made("ur", document, paper, large, name, **fields)


def test_urdu_dates_lists_and_labels():
    import datetime as dt

    assert format_date_in(dt.date(2026, 12, 1), "ur") == "1 دسمبر 2026"
    assert format_list(("T11", "T12", "L1"), "ur") == "T11، T12 اور L1"
    assert labels_for("ur")["not_reviewed"] != labels_for("en")["not_reviewed"]


def test_every_page_has_the_patients_identifiers_and_an_urdu_date_of_birth():
    for document in DOCUMENTS:
        texts = page_texts(urdu(document))
        assert len(texts) >= 2, document
        for number, text in enumerate(texts, start=1):
            assert "P-0042" in text, (document, number)
            assert "999 000 0042" in text, (document, number)
            assert "1950" in text, (document, number)
        # The date of birth in Urdu words (pypdf breaks a Nastaliq word's letters apart as drawn): the first page's
        # band, as the tagged PDF reads it.
        assert any("3 مارچ 1950" in text for text in actual_texts(urdu(document))), document


def test_the_urdu_text_is_in_nastaliq_and_the_document_says_it_is_urdu():
    for document in DOCUMENTS:
        pdf = urdu(document)
        used = fonts(pdf)
        assert any("NotoNastaliqUrdu" in font for font in used), (document, used)
        with pdfplumber.open(io.BytesIO(pdf)) as opened:  # no Naskh letter among them
            naskh = {c["text"] for p in opened.pages for c in p.chars if "NotoSansArabic" in c["fontname"]}
        assert not any(unicodedata.category(char[0]).startswith("L") for char in naskh), (document, naskh)
        with pikepdf.open(io.BytesIO(pdf)) as opened:
            assert str(opened.Root.Lang) == "ur"
            assert str(opened.Root.ViewerPreferences.Direction) == "/R2L"
            tree = opened.Root.StructTreeRoot
            assert "/Lang" not in tree.K or str(tree.K.Lang) == "ur"


def test_the_band_is_mirrored_and_a_long_latin_name_reads_as_written_at_its_right():
    pdf = urdu("consent")
    with pdfplumber.open(io.BytesIO(pdf)) as opened:
        page = opened.pages[0]
        barcode = [r for r in page.rects if r["top"] < 150 and r["height"] > 20 and r["width"] < 3]
        assert barcode
        assert max(r["x1"] for r in barcode) < page.width / 2  # the barcode at the band's left
    for document in DOCUMENTS:
        for number, text in enumerate(page_texts(urdu(document, name=LATIN_NAME)), start=1):
            assert LATIN_NAME in text, (document, number)
    with pdfplumber.open(io.BytesIO(urdu("discharge", name=LATIN_NAME))) as opened:
        page = opened.pages[0]
        words = [w for w in page.extract_words() if w["top"] < 150]
        (last,) = [w for w in words if w["text"] == "Fitzgerald-Worthington"]
        (first,) = [w for w in words if w["text"] == "Maximilian"]
        assert first["x0"] < last["x0"]  # left to right, whole
        assert last["x1"] > page.width - MARGIN - 3 * mm  # at the band's right, where an Urdu reader starts


# A Nastaliq glyph's box is larger than its diagonal ink (a kaf's stroke, a yeh's tail): looked at at 300 dpi, the
# deepest overlaps of the boxes (3.5 points in 12 pt on A4, 4.1 in large print's 16 pt on Letter, a kaf under a
# yeh) still leave white between the letters; at the Latin line spacing they reach 13.5 points.
DEEPEST_BOX_OVERLAP = 4.5


@pytest.mark.slow
@pytest.mark.parametrize(("paper", "large"), [("a4", False), ("letter", True)], ids=["a4", "letter-large"])
def test_no_line_of_nastaliq_runs_into_the_next(paper, large):
    for document in DOCUMENTS:
        assert overlapping_lines(urdu(document, paper, large), DEEPEST_BOX_OVERLAP) == [], (document, paper)


@pytest.mark.slow
def test_at_the_latin_line_spacing_the_lines_did_run_into_each_other(monkeypatch):
    """The check above can fail: with the Latin leading the same letters reach deep into the next line."""
    from handout_engine import render
    from layouts import styles

    monkeypatch.setattr(styles, "NASTALIQ_LINE_SPACING", 1.0)
    monkeypatch.setattr(render, "_recordings", {})  # recorded at the Nastaliq spacing: laid out afresh
    pdf = render_pdf("leaflet", name=NAME, language="ur")
    assert len(overlapping_lines(pdf, DEEPEST_BOX_OVERLAP)) > 20


def test_a_record_with_no_optional_fields_prints_spaces_to_write_in():
    empty = {"nhs_number": None, "medications": None, "notes": None, "clinician": None, "ward": None}
    empty |= {"levels": None, "follow_up_date": None, "follow_up_with": None, "discharge_date": None}
    for document in DOCUMENTS:
        texts = page_texts(urdu(document, **empty))
        assert all("P-0042" in text for text in texts), document
    labels = labels_for("ur")
    assert nfc(labels["medicines_write_in"]) in actual_texts(urdu("discharge", **empty))


def test_lint_reads_urdus_risk_figures_in_the_english_order_and_finds_a_wrong_one():
    """Urdu's own order for a risk's figures ("of 20, 1") is read in the English order, and a wrong figure found."""
    translation, english = load_handout("kyphoplasty", "ur"), load_handout("kyphoplasty", "en")
    assert [risk.numbers for risk in translation.consent.risks][1] == "تقریباً ہر 20 میں سے 1 شخص (ایکسرے پر نظر آتا ہے)"
    from dataclasses import replace

    risks = list(translation.consent.risks)
    risks[1] = replace(risks[1], numbers="تقریباً ہر 25 میں سے 1 شخص")
    wrong = replace(translation, consent=replace(translation.consent, risks=tuple(risks)))
    assert [problem.field for problem in lint_handout(wrong, english).errors] == ["consent.risks[2].numbers"]


def test_a_get_help_panel_taller_than_a_page_starts_on_page_1():
    """In large print on Letter the Urdu "Get help now" panel is taller than a page: it starts under the title on
    page 1 and goes on over the next (its heading repeated), instead of leaving page 1 with only the title."""
    from pypdf import PdfReader

    pdf = urdu("discharge", "letter", True, nhs_number=None, medications=None, notes=None, follow_up_date=None)
    reader = PdfReader(io.BytesIO(pdf))
    heading = nfc(labels_for("ur")["get_help_now"])

    def entries(outline):
        for entry in outline:
            yield from entries(entry) if isinstance(entry, list) else [entry]

    pages = [reader.get_destination_page_number(e) for e in entries(reader.outline) if nfc(e.title) == heading]
    assert pages == [0]
