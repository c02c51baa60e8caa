"""A whole handout in Bengali (issue 16): conjuncts across whole paragraphs, translated labels and dates, linted."""

from __future__ import annotations

import unicodedata

import pytest

from handout_engine.catalog import load_handout
from handout_engine.lint import lint_handout
from pdftools import page_texts, render_pngs
from support import DOCUMENTS, render_pdf

NAME = "মোহাম্মদ রহমান"


@pytest.fixture(scope="module")
def bengali_pdfs() -> dict[str, bytes]:
    return {
        document: render_pdf(document, name=NAME, language="bn", clinician="ডা. সুমাইয়া আক্তার") for document in DOCUMENTS
    }


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def test_every_page_is_in_bengali_with_its_labels_dates_and_not_reviewed_mark(bengali_pdfs):
    for document, pdf in bengali_pdfs.items():
        for number, text in enumerate(page_texts(pdf), start=1):
            assert nfc(NAME) in text, (document, number)
            assert "জন্মতারিখ" in text, (document, number)
            assert "3 মার্চ 1950" in text, (document, number)
            assert nfc("এখনও চিকিৎসাগতভাবে যাচাই করা হয়নি") in text, (document, number)
            assert "পৃষ্ঠা" in text, (document, number)


def test_whole_paragraphs_with_conjuncts_read_back_exactly(bengali_pdfs):
    """Every word of every paragraph and list item, conjuncts and all (স্বাস্থ্য, ক্ষ, ন্ত), copies out as written."""
    handout = load_handout("kyphoplasty", "bn")
    leaflet = " ".join(page_texts(bengali_pdfs["leaflet"]))
    texts = list(handout.leaflet.intro)
    for section in handout.leaflet.sections:
        for block in section.body:
            texts += [block.text] if block.kind == "text" else list(block.items)
    for text in texts:
        assert " ".join(nfc(text).split()) in leaflet, text
    discharge = " ".join(page_texts(bengali_pdfs["discharge"]))
    for group in handout.discharge.advice:
        for item in group.items:
            assert " ".join(nfc(item).split()) in discharge, item


def test_the_bengali_translation_passes_lint_part_by_part_with_a_word_measure():
    bengali, english = load_handout("kyphoplasty", "bn"), load_handout("kyphoplasty", "en")
    assert bengali.meta.clinically_reviewed is False
    report = lint_handout(bengali, english)
    assert report.errors == []
    assert report.passed
    assert report.unit == "words a sentence"


@pytest.mark.slow
def test_the_bengali_documents_look_right(bengali_pdfs):
    """tests/output/bn-*.png for a person to look at."""
    for document, pdf in bengali_pdfs.items():
        (first, *_rest) = render_pngs(pdf, f"bn-{document}", dpi=70)
        assert first.stat().st_size > 10_000
