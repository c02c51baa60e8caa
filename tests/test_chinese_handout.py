"""A whole handout in Chinese (issue 16): set with CJK line breaking, translated labels and dates, and linted."""

from __future__ import annotations

import io

import pdfplumber
import pytest

from handout_engine.catalog import load_handout
from handout_engine.lint import lint_handout
from handout_engine.readability import reading_measure
from handout_engine.text.cjk import _CANNOT_END, _CANNOT_START
from pdftools import page_texts, render_pngs
from support import DOCUMENTS, render_pdf

NAME = "王秀英"
NOTES = "每天多喝水，按时吃药（Paracetamol 1 g）。"


@pytest.fixture(scope="module")
def chinese_pdfs() -> dict[str, bytes]:
    return {
        document: render_pdf(
            document,
            name=NAME,
            language="zh",
            clinician="李建国医生",
            notes="每天多喝水，按时吃药（Paracetamol 1 g）。",
        )
        for document in DOCUMENTS
    }


def lines_of(pdf: bytes) -> list[str]:
    """Every printed line of every page, as pdfplumber groups characters into lines by position."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [line["text"] for page in document.pages for line in page.extract_text_lines()]


def test_every_page_is_in_chinese_with_its_labels_dates_and_not_reviewed_mark(chinese_pdfs):
    for document, pdf in chinese_pdfs.items():
        for number, text in enumerate(page_texts(pdf), start=1):
            assert NAME in text, (document, number)
            assert "出生日期" in text, (document, number)  # the band's labels are translated
            assert "1950年3月3日" in text, (document, number)  # so are dates
            assert "尚未经过临床审核" in text, (document, number)  # every footer: not yet clinically reviewed
            assert "页，共" in text, (document, number)  # the page count, drawn in the faces it needs


def test_chinese_lines_never_start_with_closing_punctuation_nor_end_with_opening(chinese_pdfs):
    for document, pdf in chinese_pdfs.items():
        lines = [line.strip() for line in lines_of(pdf) if line.strip()]
        assert len(lines) > 40, document
        assert not [line for line in lines if line[0] in _CANNOT_START], document
        assert not [line for line in lines if line[-1] in _CANNOT_END], document


def test_figures_and_latin_words_are_never_broken_inside(chinese_pdfs):
    text = " ".join(page_texts(chinese_pdfs["consent"]))
    for figure in ("1/10", "1/20", "1/25", "1/100", "1/75", "1/6到1/8", "1/1,000"):
        assert figure in text, figure
    assert "Paracetamol 1 g" in " ".join(page_texts(chinese_pdfs["discharge"]))


def test_the_chinese_translation_passes_lint_part_by_part_with_a_chinese_reading_measure():
    chinese, english = load_handout("kyphoplasty", "zh"), load_handout("kyphoplasty", "en")
    assert chinese.meta.clinically_reviewed is False
    report = lint_handout(chinese, english)
    assert report.errors == []
    assert report.passed
    assert report.unit == "characters a sentence"
    assert all(section.grade is not None and section.grade <= report.target for section in report.sections)


def test_the_reading_measure_fits_the_language():
    assert reading_measure("en").unit == "grade"
    assert reading_measure("zh-Hans").unit == "characters a sentence"
    assert reading_measure("es").unit == "words a sentence"
    chinese = reading_measure("zh")
    assert chinese.sentences("你好。我们在这里！请问？") == ["你好。", "我们在这里！", "请问？"]
    assert chinese.length("请吃Paracetamol两片。") == 5  # 请 吃 Paracetamol 两 片: a Latin word counts once


def test_a_chinese_name_in_an_english_sheet_still_breaks_only_at_spaces():
    """CJK line breaking is for Chinese and Japanese records: in English text a name is never broken inside."""
    notes = " ".join(["Please ring 王秀英 tomorrow"] * 30)
    text = " ".join(page_texts(render_pdf("discharge", notes=notes)))
    assert text.count("王秀英") == 30


@pytest.mark.slow
def test_the_chinese_documents_look_right(chinese_pdfs):
    """tests/output/zh-*.png for a person to look at."""
    for document, pdf in chinese_pdfs.items():
        (first, *_rest) = render_pngs(pdf, f"zh-{document}", dpi=70)
        assert first.stat().st_size > 10_000
