"""A whole handout in Urdu, right to left and set in Nastaliq, checked as a reader would check the paper.

As the Arabic handout (test_arabic_handout.py): pypdf reads the patient's
identifiers on every page, pdfplumber where each character is printed
(paragraphs end at the right margin, bullets stand to the right of their
text), the tagged PDF's ActualText every paragraph in reading order, and the
pdfua checker and pikepdf's PDF/A tools pass the documents. What is new with
Nastaliq is how tall its letters are: pdfium's box round each glyph's ink,
set against the baseline of the line it is on, shows that no two lines run
into each other, and that they did at the Latin line spacing.
"""

from __future__ import annotations

import io
import re
import unicodedata

import pdfplumber
import pikepdf
import pytest
from reportlab.lib.units import mm

from handout_engine.catalog import load_handout
from handout_engine.lint import lint_handout
from handout_engine.locale import format_date_in, format_list, labels_for
from handout_engine.models import PageSetup
from pdftools import (
    drawn_lines,
    drawn_text,
    fonts,
    overlapping_lines,
    page_texts,
    pdfua_findings,
    render_pngs,
    structure,
)
from support import DOCUMENTS, render_pdf

NAME = "عائشہ خان"
LATIN_NAME = "Maximilian Alexander Fitzgerald-Worthington"
MEDICINES = "پیراسیٹامول (Paracetamol) | 1 g | دن میں 4 بار | درد کے لیے | new;Codeine 30 mg"
NOTES = "اگر نیا درد ہو تو ہمیں 01632 960 418 پر فون کریں۔"
MARGIN = 18 * mm  # styles.margin
ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff]")
_renders: dict[tuple, bytes] = {}


def urdu(document: str, paper: str = "a4", large: bool = False, name: str = NAME, **fields) -> bytes:
    key = (document, paper, large, name, tuple(sorted(fields.items())))
    if key not in _renders:
        record = {"medications": MEDICINES, "notes": NOTES, **fields}
        _renders[key] = render_pdf(document, setup=PageSetup(paper, large), name=name, language="ur", **record)
    return _renders[key]


def nfc(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def actual_texts(pdf: bytes) -> set[str]:
    """What the tagged PDF says each element reads as (its ActualText, in reading order), read with pikepdf."""
    return {nfc(attrs["ActualText"]) for _d, _r, attrs in structure(pdf) if "ActualText" in attrs}


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


def test_every_paragraph_reads_back_exactly_in_reading_order():
    """A screen reader and copy-out get each paragraph and list item as written, Latin words and numbers in place."""
    handout = load_handout("kyphoplasty", "ur")
    leaflet = actual_texts(urdu("leaflet"))
    texts = list(handout.leaflet.intro)
    for section in handout.leaflet.sections:
        for block in section.body:
            texts += [block.text] if block.kind == "text" else list(block.items)
    texts += list(handout.leaflet.questions)
    for text in texts:
        assert nfc(text) in leaflet, text
    consent = actual_texts(urdu("consent"))
    for risk in handout.consent.risks:
        assert nfc(risk.risk) in consent, risk.risk
        assert nfc(risk.meaning) in consent, risk.meaning
    discharge = actual_texts(urdu("discharge"))
    for group in handout.discharge.advice:
        for item in group.items:
            assert nfc(item) in discharge, item
    assert nfc(NOTES) in discharge


def test_paragraphs_end_at_the_right_margin_and_bullets_stand_at_their_right():
    for document in DOCUMENTS:
        lines = [line for line in drawn_lines(urdu(document)) if ARABIC_SCRIPT.search(drawn_text(line))]
        right = lines[0][0]["page_width"] - MARGIN
        at_right = [line for line in lines if abs(line[-1]["x1"] - right) < 2]
        assert len(at_right) > 0.35 * len(lines), document
        ragged_left = [drawn_text(line) for line in lines if line[0]["x0"] < MARGIN + 2 and line[-1]["x1"] < right - 60]
        assert ragged_left == [], document
    bullets = 0
    for line in drawn_lines(urdu("leaflet")):
        marks = [char for char in line if char["text"] == "•"]
        if marks and ARABIC_SCRIPT.search(drawn_text(line)):
            text = [char for char in line if char["text"] not in ("•", " ")]
            assert marks[0]["x0"] > max(char["x1"] for char in text), drawn_text(line)
            bullets += 1
    assert bullets >= 20


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


@pytest.mark.parametrize(("paper", "large"), [("a4", False), ("letter", True)], ids=["a4", "letter-large"])
@pytest.mark.parametrize("document", DOCUMENTS)
def test_the_urdu_documents_pass_pdfua(document, paper, large):
    name = f"tagged-ur-{document}-{paper}{'-large' if large else ''}"
    assert pdfua_findings(urdu(document, paper, large), name) == []


def test_a_record_with_no_optional_fields_prints_spaces_to_write_in():
    empty = {"nhs_number": None, "medications": None, "notes": None, "clinician": None, "ward": None}
    empty |= {"levels": None, "follow_up_date": None, "follow_up_with": None, "discharge_date": None}
    for document in DOCUMENTS:
        texts = page_texts(urdu(document, **empty))
        assert all("P-0042" in text for text in texts), document
    labels = labels_for("ur")
    assert nfc(labels["medicines_write_in"]) in actual_texts(urdu("discharge", **empty))


def test_the_urdu_translation_passes_lint_part_by_part():
    translation, english = load_handout("kyphoplasty", "ur"), load_handout("kyphoplasty", "en")
    assert translation.meta.clinically_reviewed is False
    report = lint_handout(translation, english)
    assert report.errors == []
    assert report.passed
    assert (report.unit, report.target) == ("words a sentence", 20)
    # Urdu's own order for a risk's figures ("of 20, 1") is read in the English order, and a wrong figure is found.
    assert [risk.numbers for risk in translation.consent.risks][1] == "تقریباً ہر 20 میں سے 1 شخص (ایکسرے پر نظر آتا ہے)"
    from dataclasses import replace

    risks = list(translation.consent.risks)
    risks[1] = replace(risks[1], numbers="تقریباً ہر 25 میں سے 1 شخص")
    wrong = replace(translation, consent=replace(translation.consent, risks=tuple(risks)))
    assert [problem.field for problem in lint_handout(wrong, english).errors] == ["consent.risks[2].numbers"]


def test_an_urdu_document_archives_as_pdf_a():
    from handout_engine.archive import pdf_a_findings

    pdf = render_pdf("discharge", setup=PageSetup(archive=True), name=NAME, language="ur", medications=MEDICINES)
    assert pdf_a_findings(pdf) == []
    with pikepdf.open(io.BytesIO(pdf)) as document:
        assert str(document.Root.ViewerPreferences.Direction) == "/R2L"


@pytest.mark.slow
@pytest.mark.parametrize(("paper", "large"), [("a4", False), ("letter", True)], ids=["a4", "letter-large"])
def test_the_urdu_documents_look_right(paper, large):
    """tests/output/ur-*.png, every page, for a person to look at."""
    for document in DOCUMENTS:
        pngs = render_pngs(urdu(document, paper, large), f"ur-{document}-{paper}{'-large' if large else ''}")
        assert pngs
        assert all(png.stat().st_size > 10_000 for png in pngs)


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
