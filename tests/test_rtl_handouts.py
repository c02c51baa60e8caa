"""What every right-to-left handout (Arabic, Urdu) must do, checked as a reader would check the paper.

The tagged PDF's ActualText (pikepdf) gives every paragraph in reading order
exactly as written; pdfplumber gives where each character is printed
(paragraphs end at the right margin, bullets stand to the right of their
text); the pdfua checker and pikepdf's PDF/A tools pass the documents; lint
passes the translation. Each language's own checks are in its own file
(test_arabic_handout.py, test_urdu_handout.py).
"""

from __future__ import annotations

import io

import pikepdf
import pytest

from handout_engine.archive import pdf_a_findings
from handout_engine.catalog import load_handout
from handout_engine.lint import lint_handout
from handout_engine.models import PageSetup
from pdftools import drawn_lines, drawn_text, pdfua_findings, render_pngs
from rtl import ARABIC_SCRIPT, CASES, MARGIN, actual_texts, leaflet_texts, made, nfc
from support import DOCUMENTS, render_pdf

LANGUAGES = list(CASES)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_paragraph_reads_back_exactly_in_reading_order(language):
    """A screen reader and copy-out get each paragraph and list item as written, Latin words and numbers in place.

    (pypdf's own reordering of right-to-left text stops at brackets, Latin
    words and a change of font subset, and it breaks Nastaliq words apart, so
    it is not the reader here.)
    """
    handout = load_handout("kyphoplasty", language)
    leaflet = actual_texts(made(language, "leaflet"))
    for text in leaflet_texts(handout):
        assert nfc(text) in leaflet, text
    consent = actual_texts(made(language, "consent"))
    for risk in handout.consent.risks:
        assert nfc(risk.risk) in consent, risk.risk
        assert nfc(risk.meaning) in consent, risk.meaning
    discharge = actual_texts(made(language, "discharge"))
    for group in handout.discharge.advice:
        for item in group.items:
            assert nfc(item) in discharge, item
    assert nfc(CASES[language].notes) in discharge


@pytest.mark.parametrize("language", LANGUAGES)
def test_paragraphs_end_at_the_right_margin_and_bullets_stand_at_their_right(language):
    """Flush right, ragged left: no line in the script is set from the left margin and ends short of the right."""
    for document in DOCUMENTS:
        lines = [line for line in drawn_lines(made(language, document)) if ARABIC_SCRIPT.search(drawn_text(line))]
        right = lines[0][0]["page_width"] - MARGIN
        at_right = [line for line in lines if abs(line[-1]["x1"] - right) < 2]
        assert len(at_right) > 0.35 * len(lines), document
        ragged_left = [drawn_text(line) for line in lines if line[0]["x0"] < MARGIN + 2 and line[-1]["x1"] < right - 60]
        assert ragged_left == [], document
    bullets = 0
    for line in drawn_lines(made(language, "leaflet")):
        marks = [char for char in line if char["text"] == "•"]
        if marks and ARABIC_SCRIPT.search(drawn_text(line)):
            text = [char for char in line if char["text"] not in ("•", " ")]
            assert marks[0]["x0"] > max(char["x1"] for char in text), drawn_text(line)
            bullets += 1
    assert bullets >= 20


@pytest.mark.parametrize(("paper", "large"), [("a4", False), ("letter", True)], ids=["a4", "letter-large"])
@pytest.mark.parametrize("document", DOCUMENTS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_documents_pass_pdfua(language, document, paper, large):
    name = f"tagged-{language}-{document}-{paper}{'-large' if large else ''}"
    assert pdfua_findings(made(language, document, paper, large), name) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_translation_passes_lint_part_by_part_with_its_own_word_measure(language):
    translation, english = load_handout("kyphoplasty", language), load_handout("kyphoplasty", "en")
    assert translation.meta.clinically_reviewed is False
    report = lint_handout(translation, english)
    assert report.errors == []
    assert report.passed
    assert (report.unit, report.target) == ("words a sentence", CASES[language].words_a_sentence)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_document_archives_as_pdf_a(language):
    """--archive (PDF/A-2b) for a whole right-to-left document, validated by pikepdf's PDF/A tools (the PDF/UA
    identification's extension schema aside: archive.pdf_a_findings)."""
    case = CASES[language]
    setup = PageSetup(archive=True)
    pdf = render_pdf("discharge", setup=setup, name=case.name, language=language, medications=case.medicines)
    assert pdf_a_findings(pdf) == []
    with pikepdf.open(io.BytesIO(pdf)) as document:
        assert str(document.Root.ViewerPreferences.Direction) == "/R2L"


@pytest.mark.slow
@pytest.mark.parametrize(("paper", "large"), [("a4", False), ("letter", True)], ids=["a4", "letter-large"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_documents_look_right(language, paper, large):
    """tests/output/<language>-*.png, every page, for a person to look at."""
    for document in DOCUMENTS:
        stem = f"{language}-{document}-{paper}{'-large' if large else ''}"
        pngs = render_pngs(made(language, document, paper, large), stem)
        assert pngs
        assert all(png.stat().st_size > 10_000 for png in pngs)
