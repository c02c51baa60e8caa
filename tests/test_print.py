"""Every page suits its reader and printer: A4 or Letter within the margins, large print, a scannable label."""

from __future__ import annotations

import io
import json
from collections import Counter

import pdfplumber
import pytest
from click.testing import CliRunner
from PIL import Image

from generate import cli
from handout_engine.catalog import load_brand, load_handout
from handout_engine.locale import labels_for
from handout_engine.merge import merge_sheet
from handout_engine.models import PageSetup
from handout_engine.render import PAGE_SIZES, render_document
from layouts.furniture import Furniture
from layouts.styles import styles_for
from pdftools import body_font_size, fonts, page_sizes_mm, page_texts, render_pngs, text_runs
from support import DOCUMENTS, RECORD, make_patient

pdfium = pytest.importorskip("pypdfium2")
zxingcpp = pytest.importorskip("zxingcpp")

A4_MM = (210.0, 297.0)
LETTER_MM = (215.9, 279.4)
MARGIN_MM = 12


def make(document: str, paper: str = "a4", large_print: bool = False, brand: str = "northbrook", **overrides):
    patient = make_patient(**overrides)
    sheet = merge_sheet(load_handout("kyphoplasty", "en"), patient, load_brand(brand))
    return render_document(sheet, document, PageSetup(paper, large_print)).pdf


@pytest.mark.parametrize("document", DOCUMENTS)
@pytest.mark.parametrize(("paper", "size"), [("a4", A4_MM), ("letter", LETTER_MM)])
def test_page_size_is_the_paper_asked_for(document, paper, size):
    pdf = make(document, paper)
    assert set(page_sizes_mm(pdf)) == {size}
    assert all(fonts(pdf).values())


@pytest.mark.parametrize("document", DOCUMENTS)
@pytest.mark.parametrize(("paper", "large"), [("a4", False), ("letter", False), ("letter", True), ("a4", True)])
def test_nothing_is_printed_within_12_mm_of_the_paper_edge(document, paper, large):
    pdf = make(document, paper, large, brand="riverside" if large else "northbrook")
    scale = 2  # 144 dpi: 12 mm is 68 pixels
    edge = round(MARGIN_MM / 25.4 * 72 * scale)
    document_ = pdfium.PdfDocument(pdf)
    for number in range(len(document_)):
        image = document_[number].render(scale=scale).to_pil().convert("L")
        width, height = image.size
        for box in ((0, 0, width, edge), (0, height - edge, width, height), (0, 0, edge, height)):
            assert image.crop(box).getextrema()[0] >= 250, (document, paper, large, number + 1, box)
        assert image.crop((width - edge, 0, width, height)).getextrema()[0] >= 250, (document, number + 1)


@pytest.mark.parametrize("document", DOCUMENTS)
def test_large_print_body_text_is_at_least_16_pt_with_larger_headings(document):
    normal, large = make(document), make(document, large_print=True)
    assert body_font_size(normal) == 12
    assert body_font_size(large) >= 16
    heading_sizes = {size for page in text_runs(large) for _y, size, text in page if text.strip() == "Patient details"}
    if document == "consent":
        assert heading_sizes
        assert min(heading_sizes) > 16
    # Same content: every word of the body, as many times, in both sizes; large print may only add the
    # headers that a table or box repeats when it carries on to the next page.
    words_normal, words_large = body_words(normal, document), body_words(large, document, large_print=True)
    assert not words_normal - words_large, "words lost in large print"
    labels = labels_for("en")
    repeated = {word for key in ("risk", "how_often", "what_it_means", "words_we_use") for word in labels[key].split()}
    # A statement's signing lines on a page of their own start with its heading "(continued)" and its core
    # declaration; large print prints the footer's review dates and the clinic's line once, at the end (issue 15).
    for key in ("professional_heading", "patient_heading", "professional_core", "patient_core", "interpreter_heading"):
        repeated |= set(labels[key].split())
    repeated |= set(labels["interpreter_statement"].split()) | set(labels["confirmation_heading"].split())
    repeated |= {"(continued)", "Last", "reviewed", "Next", "review", "November", "2026", "2029", "1", "·", "01632"}
    repeated |= {"960", "418", "Northbrook", "General", "Hospital", "Spinal", "Interventions", "Unit"}
    assert set(words_large - words_normal) <= repeated
    assert len(page_texts(large)) > len(page_texts(normal))


@pytest.mark.parametrize("document", DOCUMENTS)
@pytest.mark.parametrize(("paper", "large"), [("a4", False), ("letter", False), ("a4", True), ("letter", True)])
def test_no_heading_is_left_alone_at_the_foot_of_a_page(document, paper, large):
    """The lowest line of body text on a page is never a heading (headings are the larger sizes)."""
    pdf = make(document, paper, large, notes="Stayed one night.\nA second line of notes.")
    body = 16 if large else 12
    pages = text_runs(pdf)
    for number, runs in enumerate(pages[:-1], start=1):
        lines = [(y, size) for y, size, _text in runs if size >= body - 0.01]
        lowest_y = min(y for y, _size in lines)
        lowest = {size for y, size in lines if abs(y - lowest_y) < 0.5}
        assert max(lowest) <= body + 0.01, (document, paper, large, number, lowest)


def decode_barcodes(pdf: bytes, page: int, dpi: int = 200) -> list[str]:
    image = pdfium.PdfDocument(pdf)[page].render(scale=dpi / 72).to_pil()
    return [result.text for result in zxingcpp.read_barcodes(image) if result.format.name == "Code128"]


@pytest.mark.parametrize("document", ["consent", "discharge"])
@pytest.mark.parametrize("patient_id", ["P-0042", "NB-100231", "MRN.0000123456", "A" + "7" * 38 + "Z"])
def test_the_barcode_on_every_page_decodes_to_the_patient_id(document, patient_id):
    pdf = make(document, patient_id=patient_id)
    for page in range(len(page_texts(pdf))):
        assert decode_barcodes(pdf, page, dpi=300 if len(patient_id) > 30 else 200) == [patient_id], page + 1
    assert all(fonts(pdf).values())  # the bars bring no font with them


def test_the_leaflet_has_no_barcode_and_large_print_keeps_it_scannable():
    assert decode_barcodes(make("leaflet"), 0) == []
    assert decode_barcodes(make("discharge", large_print=True, patient_id="NB-100247"), 0) == ["NB-100247"]


def test_paper_and_large_print_from_the_command_line_and_a_record(tmp_path):
    patients = tmp_path / "patients.json"
    rows = [
        {**RECORD, "patient_id": "L-1"},
        {**RECORD, "patient_id": "L-2", "large_print": "yes"},
        {**RECORD, "patient_id": "L-3", "large_print": "maybe"},
    ]
    patients.write_text(json.dumps(rows), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["batch", str(patients), "--out", str(out), "--paper", "letter", "--documents", "discharge"]
    )
    assert result.exit_code == 1, result.output
    assert "large_print: expected yes or no (true/false), got 'maybe'" in result.output
    normal, large = ((out / pid / "discharge.pdf").read_bytes() for pid in ("L-1", "L-2"))
    assert set(page_sizes_mm(normal)) == {LETTER_MM}
    assert body_font_size(normal) == 12
    assert body_font_size(large) >= 16

    out2 = tmp_path / "out2"
    result = CliRunner().invoke(cli, ["batch", str(patients), "--out", str(out2), "--large-print", "--paper", "a4"])
    assert body_font_size((out2 / "L-1" / "consent.pdf").read_bytes()) >= 16
    assert set(page_sizes_mm((out2 / "L-1" / "leaflet.pdf").read_bytes())) == {A4_MM}
    bad = CliRunner().invoke(cli, ["batch", str(patients), "--out", str(out2), "--paper", "a5"])
    assert bad.exit_code == 2
    assert "'a5' is not one of 'a4', 'letter'" in bad.output


def test_letter_and_large_print_pages_for_a_person_to_look_at():
    """Kept in tests/output/ to be looked at; here, every page is drawn and none is blank."""
    for name, pdf in (
        ("letter-consent", make("consent", "letter")),
        ("large-discharge", make("discharge", large_print=True, brand="riverside")),
        ("large-leaflet", make("leaflet", "letter", True)),
    ):
        pngs = render_pngs(pdf, name, dpi=60)
        assert len(pngs) == len(page_texts(pdf)), name
        for png in pngs:
            with Image.open(png) as image:
                assert image.convert("L").getextrema()[0] < 100, f"{png.name} has no dark ink on it"


def body_words(pdf: bytes, document: str, paper: str = "a4", large_print: bool = False) -> Counter:
    """Each word printed inside the body frame, counted: the page furniture (band, footer) is left out."""
    sheet = merge_sheet(load_handout("kyphoplasty", "en"), make_patient(), load_brand("northbrook"))
    furniture = Furniture(sheet, styles_for(sheet.brand, large_print), labels_for("en"), document, PAGE_SIZES[paper])
    _x, y, _width, height = furniture.frame_box()
    words: Counter = Counter()
    with pdfplumber.open(io.BytesIO(pdf)) as opened:
        for page in opened.pages:
            body = page.within_bbox((0, page.height - y - height - 1, page.width, page.height - y + 1))
            words.update(word["text"] for word in body.extract_words())
    return words


@pytest.mark.parametrize(("paper", "large"), [("a4", False), ("letter", False), ("a4", True), ("letter", True)])
def test_the_red_flags_are_whole_on_the_first_page_on_any_paper(paper, large):
    first = page_texts(make("discharge", paper, large, brand="riverside"))[0]
    for words in ("Get help now if", "Call 999 for an ambulance straight away", "Out of hours, ring 0117 496 0999"):
        assert words in first
