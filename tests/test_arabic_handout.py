"""A whole handout in Arabic (issue 16), set right to left throughout, checked as a reader would check the paper.

What every right-to-left handout must do (reading order, the right margin,
bullets, pdfua, PDF/A, lint) is checked in test_rtl_handouts.py. Here, the
Arabic paper's own: pypdf reads the patient's identifiers and Arabic labels on
every page; pdfplumber shows step numbers at the right of their lines, a
table's first column rightmost, and Latin words and numbers in their own
left-to-right order inside the lines.
"""

from __future__ import annotations

import io
import re

import pdfplumber
import pikepdf
from reportlab.lib.units import mm

from handout_engine.catalog import load_handout
from handout_engine.locale import labels_for
from handout_engine.models import PageSetup
from pdftools import drawn_lines, drawn_text, fonts, page_texts, structure
from rtl import ARABIC_SCRIPT as ARABIC
from rtl import CASES, MARGIN, made, nfc
from support import DOCUMENTS, render_pdf

NAME = CASES["ar"].name
LATIN_NAME = CASES["ar"].latin_name


def arabic(document: str, paper: str = "a4", large: bool = False, name: str | None = None) -> bytes:
    return made("ar", document, paper, large, name)


def test_every_page_has_the_patient_arabic_labels_dates_and_the_not_reviewed_mark():
    labels = labels_for("ar")
    for document in DOCUMENTS:
        pdf = arabic(document)
        texts = page_texts(pdf)
        drawn = [drawn_text(line) for line in drawn_lines(pdf)]
        assert sum(nfc(NAME)[::-1] in nfc(line) for line in drawn) >= len(texts), document  # the band, every page
        for number, text in enumerate(texts, start=1):
            assert "P-0042" in text, (document, number)
            assert "999 000 0042" in text, (document, number)
            assert "مارس" in text, (document, number)  # 3 مارس 1950
            assert "1950" in text, (document, number)
        # The footer's "not yet clinically reviewed", on every page, as drawn (read from the right).
        assert sum(nfc(labels["not_reviewed"])[::-1] in nfc(line) for line in drawn) == len(texts), document
        # "صفحة 1 من 7" at the footer's left, read from the right: drawn left to right as "7 من 1 صفحة".
        for number in range(1, len(texts) + 1):
            assert any(f"{len(texts)} نم {number} ةحفص" in line for line in drawn), (document, number)


def test_lines_end_at_a_few_right_edges_and_start_anywhere():
    """Flush right, ragged left: lines end at a few right edges (the margin, a panel's, a column's), start anywhere."""
    for document in DOCUMENTS:
        pdf = arabic(document)
        lines = [line for line in drawn_lines(pdf) if ARABIC.search(drawn_text(line))]
        right = lines[0][0]["page_width"] - MARGIN
        at_right = [line for line in lines if abs(line[-1]["x1"] - right) < 2]
        assert len(at_right) > 0.35 * len(lines), document
        ends: dict[int, int] = {}
        for line in lines:
            ends[round(line[-1]["x1"])] = ends.get(round(line[-1]["x1"]), 0) + 1
        common_ends = sum(sorted(ends.values(), reverse=True)[:8])
        assert common_ends > 0.9 * len(lines), (document, sorted(ends.items()))
        assert len({round(line[0]["x0"]) for line in lines}) > 30, document


def test_step_numbers_stand_at_the_right_of_their_first_lines():
    """Each aftercare step's number is the rightmost thing on its line ('1.' reads '.1' from the left)."""
    handout = load_handout("kyphoplasty", "ar")
    steps = sum(len(group.items) for group in handout.discharge.advice)
    numbered = []
    for line in drawn_lines(arabic("discharge")):
        right = line[0]["page_width"] - MARGIN
        tail = "".join(char["text"] for char in line[-3:])
        found = re.search(r"\.(\d+)$", tail)
        if found and "Bold" in line[-1]["fontname"] and abs(line[-1]["x1"] - right) < 2:
            numbered.append(int(found.group(1)))
    assert numbered == list(range(1, steps + 1))


def _word_x(pdf: bytes, page: int, word: str) -> list[tuple[float, float]]:
    """(x0, top) of each place `word` is printed on a page (an Arabic word reads reversed, as drawn)."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        words = document.pages[page].extract_words()
    drawn = word[::-1] if ARABIC.search(word) else word
    return [(w["x0"], w["top"]) for w in words if w["text"] == drawn]


def test_a_tables_first_column_is_its_rightmost():
    labels = labels_for("ar")
    consent = arabic("consent")
    (risk_x, risk_top), *_ = _word_x(consent, 2, labels["risk"])  # the risks table's header row
    (often_x, often_top), *_ = _word_x(consent, 2, "مرة")
    assert abs(risk_top - often_top) < 2
    assert risk_x > often_x
    discharge = arabic("discharge")
    pages = [page for page in range(3) if _word_x(discharge, page, "(Paracetamol)")]
    (name_x, name_top), *_ = _word_x(discharge, pages[0], "باراسيتامول")
    (dose_x, dose_top), *_ = _word_x(discharge, pages[0], "g")  # 1 g, the next column
    assert abs(name_top - dose_top) < 8  # one row (Arabic glyphs stand taller)
    assert name_x > dose_x
    # The screen reader meets the columns in reading order too: the risk's name first in each row.
    tree = structure(consent)
    rows = [i for i, (_d, role, _a) in enumerate(tree) if role == "TR"]
    first_cells = [tree[i + 1][2].get("ActualText", "") for i in rows]
    risks = [risk.risk for risk in load_handout("kyphoplasty", "ar").consent.risks]
    assert all(any(nfc(risk) == nfc(text) for text in first_cells) for risk in risks)


def test_latin_words_and_numbers_keep_their_own_order_inside_the_lines():
    leaflet = [drawn_text(line) for line in drawn_lines(arabic("leaflet"))]
    for word in ("(X-ray)", "(MRI)", "(ibuprofen)", "01632 960 418", "SIU-PIL-014", "1,000", "NHS:"):
        assert any(word in line for line in leaflet), word
    # A phone number in an Arabic sentence: its groups in their order, never broken over two lines.
    discharge = [drawn_text(line) for line in drawn_lines(arabic("discharge"))]
    assert any("01632 960 418" in line and ARABIC.search(line) for line in discharge)
    assert not any(re.search(r"418 ?960|960 ?01632", line) for line in discharge)


def test_a_latin_name_in_an_arabic_band_reads_as_written_at_the_bands_right():
    for document in DOCUMENTS:
        pdf = arabic(document, name=LATIN_NAME)
        for number, text in enumerate(page_texts(pdf), start=1):
            assert LATIN_NAME in text, (document, number)
        with pdfplumber.open(io.BytesIO(pdf)) as opened:
            page = opened.pages[0]
            (found,) = [w for w in page.extract_words() if w["text"] == "Lee-Smith" and w["top"] < 150]
            ann = [w for w in page.extract_words() if w["text"] == "Ann" and abs(w["top"] - found["top"]) < 1]
            assert ann
            assert ann[0]["x0"] < found["x0"]  # Ann Lee-Smith, left to right
            assert found["x1"] > page.width - MARGIN - 3 * mm  # at the band's right, where an Arabic reader starts


def test_the_page_direction_is_right_to_left_and_the_band_is_mirrored():
    pdf = arabic("consent")
    with pikepdf.open(io.BytesIO(pdf)) as document:
        assert str(document.Root.ViewerPreferences.Direction) == "/R2L"
    with pikepdf.open(io.BytesIO(render_pdf("consent"))) as english:
        assert "/Direction" not in english.Root.ViewerPreferences
    with pdfplumber.open(io.BytesIO(pdf)) as opened:
        page = opened.pages[0]
        barcode = [r for r in page.rects if r["top"] < 150 and r["height"] > 20 and r["width"] < 3]
        assert barcode
        assert max(r["x1"] for r in barcode) < page.width / 2  # the barcode at the band's left
        count = [w for w in page.extract_words() if w["text"] == "صفحة"[::-1]]
        assert count
        assert count[0]["x0"] < page.width / 2  # the page count at the footer's left


def test_a_bundles_blank_back_page_for_an_arabic_record_is_in_arabic_letters_not_boxes():
    from handout_engine.render import render_filler

    pdf = render_filler("P-0042", "ar", PageSetup())
    drawn = [nfc(drawn_text(line)) for line in drawn_lines(pdf)]
    assert nfc(labels_for("ar")["blank_page"])[::-1] in drawn[0]
    assert drawn[1] == f"P-0042 :{'رقم المريض'[::-1]}"  # read from the right: رقم المريض: P-0042
    assert any("NotoSansArabic" in font for font in fonts(pdf))
