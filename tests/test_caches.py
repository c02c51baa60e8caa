"""What is made once per process and reused (a replayed leaflet body, the shared logo) must print exactly like
what it replaces."""

from __future__ import annotations

import dataclasses
import importlib.util
import io

import pytest
from pypdf import PdfReader

import handout_engine.render
from handout_engine.catalog import load_brand, load_handout
from handout_engine.merge import merge_sheet
from handout_engine.models import PageSetup, document_kind
from pdftools import page_texts
from support import render_pdf

pdfium = pytest.importorskip("pypdfium2")

PATIENTS = [
    {"patient_id": "R-1", "name": "Zoë O'Brien-Łukasz"},
    {"patient_id": "R-2", "name": "Ío Ñúñez", "nhs_number": None},
    {"patient_id": "R-3", "name": "Bartholomew Fitzwilliam-Montgomery-Smythe Ashworth-Baptiste de la Tour"},
    {"patient_id": "R-4", "name": "ليلى حداد"},  # fallback fonts and shaped glyphs in the band
    {"patient_id": "R-5", "name": "王秀英 Ελένη"},
]


def pixels(pdf: bytes) -> list[bytes]:
    document = pdfium.PdfDocument(pdf)
    return [document[i].render(scale=1).to_pil().tobytes() for i in range(len(document))]


def test_replayed_leaflets_look_exactly_like_full_layouts(monkeypatch):
    """Pixel for pixel and word for word, for names whose characters the body never uses and a band that wraps."""
    replayed = [render_pdf("leaflet", **patient) for patient in PATIENTS]
    laid_out_in_full = dataclasses.replace(document_kind("leaflet"), same_for_every_patient=False)
    monkeypatch.setattr(handout_engine.render, "document_kind", lambda _name: laid_out_in_full)
    full = [render_pdf("leaflet", **patient) for patient in PATIENTS]
    for patient, fast, slow in zip(PATIENTS, replayed, full, strict=True):
        assert page_texts(fast) == page_texts(slow), patient["name"]
        assert pixels(fast) == pixels(slow), patient["name"]


def test_each_replayed_leaflet_names_only_its_own_patient():
    for patient in PATIENTS:
        pdf = render_pdf("leaflet", **patient)
        pages = page_texts(pdf)
        assert len(pages) >= 5
        for number, text in enumerate(pages, start=1):
            assert patient["name"].split()[0] in text, number
            assert f"Patient ID: {patient['patient_id']}" in text
            assert f"Page {number} of {len(pages)}" in text
            others = [p["patient_id"] for p in PATIENTS if p is not patient]
            assert not any(f"Patient ID: {other}" in text for other in others)


def test_replayed_fonts_are_embedded_and_the_text_maps_back():
    pdf = render_pdf("leaflet", patient_id="R-9", name="Ærøskøbing Þórsdóttir")
    reader = PdfReader(io.BytesIO(pdf))
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object()["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor
    assert "Ærøskøbing Þórsdóttir" in page_texts(pdf)[0]
    assert "What is kyphoplasty?" in page_texts(pdf)[0]


def test_the_shared_logo_writes_the_same_bytes_as_draw_image(monkeypatch, sample_pdfs):
    """layouts/images.py registers a ready-made image; the PDF must be what canvas.drawImage writes."""
    from reportlab.lib.utils import ImageReader

    import layouts.furniture
    from handout_engine.catalog import load_brand

    logo = load_brand("northbrook").logo

    def draw_image(canvas, _image, x, y, width, height):
        canvas.drawImage(ImageReader(str(logo)), x, y, width, height, mask="auto")

    monkeypatch.setattr(layouts.furniture, "draw_shared_image", draw_image)
    assert render_pdf("discharge") == sample_pdfs["discharge"]


def without_drawing_memory(monkeypatch) -> None:
    """Every paragraph set afresh each time, and ReportLab's own Frame."""
    from reportlab.platypus import Frame

    import layouts.furniture
    from handout_engine.text.paragraphs import RememberingParagraph, ScriptParagraph, WholeWordParagraph
    from layouts.fit import Fitted
    from layouts.furniture import Furniture

    monkeypatch.setattr(handout_engine.render, "BodyFrame", Frame)
    monkeypatch.setattr(RememberingParagraph, "drawPara", ScriptParagraph.drawPara)
    monkeypatch.setattr(layouts.furniture, "draw_remembered", lambda _canvas, _key, draw: draw())  # operators.py
    monkeypatch.setattr(Fitted, "paragraph", lambda fitted: WholeWordParagraph(fitted.markup, fitted.style))
    monkeypatch.setattr(Furniture, "_draw_furniture", Furniture._draw_every_part)  # every page's furniture drawn
    monkeypatch.setattr(Furniture, "_band_for", Furniture._lay_out_band)  # each document's band laid out


def test_a_records_documents_share_its_band_and_each_page_its_furniture(monkeypatch):
    """The band laid out once per record and the furniture drawn once per document: the same bytes as without."""
    documents = ("leaflet", "consent", "discharge")
    cases = [{**patient, **extra} for patient in PATIENTS for extra in EXTRAS]
    fast = [render_pdf(document, **case) for case in cases for document in documents]
    without_drawing_memory(monkeypatch)
    slow = [render_pdf(document, **case) for case in cases for document in documents]
    assert fast == slow


EXTRAS = [
    {},
    {"medications": "Paracetamol 1 g four times a day;Codeine 30 mg at night", "notes": "Dressing off on day 2."},
]
SETUPS = [PageSetup(), PageSetup("letter", large_print=True), PageSetup(fillable=True)]


@pytest.mark.slow
@pytest.mark.parametrize("setup", SETUPS, ids=["a4", "letter-large", "fillable"])
@pytest.mark.parametrize("document", ["consent", "discharge", "leaflet"])
def test_remembered_drawing_gives_the_same_bytes(monkeypatch, document, setup):
    """Reused paragraph operators and the band drawn once per document: the PDFs are the same, byte for byte.

    Each patient is made twice, so the second copy reuses what the first (and the patients before) drew.
    """
    cases = [{**patient, **extra} for patient in PATIENTS for extra in EXTRAS]
    fast = [render_pdf(document, setup=setup, **case) for case in cases + cases]
    without_drawing_memory(monkeypatch)
    slow = [render_pdf(document, setup=setup, **case) for case in cases]
    for case, made, again, plain in zip(cases, fast, fast[len(cases) :], slow, strict=False):
        assert made == plain, case
        assert again == plain, case


def test_remembered_drawing_names_only_its_own_patient():
    """The consent form and discharge sheet reuse what other patients' copies drew: each names only its own."""
    for document in ("consent", "discharge"):
        for patient in PATIENTS:
            pages = page_texts(render_pdf(document, **patient))
            text = "\n".join(pages)
            assert patient["patient_id"] in text
            for other in PATIENTS:
                if other is not patient:
                    assert other["patient_id"] not in text, (document, patient["patient_id"])
                    assert other["name"].split()[-1] not in text, (document, patient["patient_id"])


LOOK_ALIKES = [
    {"patient_id": "L-1", "name": "Anna Berg", "date_of_birth": "1950-03-04", "nhs_number": "9434765919"},
    {"patient_id": "L-2", "name": "Anne Borg", "date_of_birth": "1951-04-05", "nhs_number": None},
]


@pytest.mark.parametrize("document", ["consent", "discharge", "leaflet"])
def test_put_back_band_names_each_page_for_its_own_patient(document):
    """The band's, footer's and page count's operators put back (text/operators.py), with two patients whose
    bands draw almost the same characters taking turns in one process: every page names its own patient only."""
    made = [(patient, render_pdf(document, **patient)) for patient in LOOK_ALIKES + LOOK_ALIKES[::-1] + LOOK_ALIKES]
    for patient, pdf in made:
        other = next(p for p in LOOK_ALIKES if p is not patient)
        pages = page_texts(pdf)
        assert len(pages) >= 3, document
        for number, text in enumerate(pages, start=1):
            where = (document, patient["patient_id"], number)
            assert patient["name"] in text, where
            assert f"Patient ID: {patient['patient_id']}" in text, where
            assert f"Page {number} of {len(pages)}" in text, where
            assert other["name"] not in text, where
            assert other["patient_id"] not in text, where
            if patient["nhs_number"]:
                assert "943 476 5919" in text, where
    for patient in LOOK_ALIKES:  # the same bytes whoever came before
        assert len({pdf for made_for, pdf in made if made_for is patient}) == 1, (document, patient["patient_id"])


@pytest.mark.parametrize("document", ["consent", "discharge", "leaflet"])
def test_font_subsets_formatted_once_give_the_same_bytes(monkeypatch, document):
    """Embedded subsets written from bytes formatted once per process: the PDFs are the same as ReportLab's own."""
    import handout_engine.text.shaping
    from handout_engine.text.embedding import own_pieces

    fast = [render_pdf(document, **patient) for patient in PATIENTS + PATIENTS]
    monkeypatch.setattr(handout_engine.text.shaping, "subset_pieces", own_pieces)
    slow = [render_pdf(document, **patient) for patient in PATIENTS]
    assert fast[: len(PATIENTS)] == slow
    assert fast[len(PATIENTS) :] == slow


def test_what_is_laid_out_once_holds_no_patient_values():
    """Content with placeholders: the layout made once per process (for the fonts' characters and for replay)
    is built with them blank, never from the first patient's values, so no PDF depends on who came before it."""
    from handout_engine.placeholders import BLANK, _every_text
    from handout_engine.render import without_patient
    from support import make_patient

    patient = make_patient(
        handout="vertebroplasty", procedure_date="2026-12-24", discharge_date="2026-12-24", follow_up_date="2027-01-09"
    )
    sheet = merge_sheet(load_handout("vertebroplasty", "en"), patient, load_brand("northbrook"))
    texts = [text for _path, text in _every_text(sheet.handout)]
    assert any("24 December 2026" in text for text in texts)  # this patient's date, filled in
    blank = [text for _path, text in _every_text(without_patient(sheet).handout)]
    assert not any("24 December 2026" in text for text in blank)
    assert any(BLANK in text for text in blank)


@pytest.mark.parametrize("setup", [PageSetup(), PageSetup(fillable=True)], ids=["a4", "fillable"])
def test_the_writer_writes_the_same_bytes_as_reportlabs(monkeypatch, setup):
    """layouts/writer.py writes the structure elements as they were formatted: the file is ReportLab's own."""
    from reportlab.pdfbase.pdfdoc import PDFDocument

    import layouts.paged_canvas

    documents = ("leaflet", "consent", "discharge")
    fast = [render_pdf(document, setup=setup, **patient) for patient in PATIENTS for document in documents]
    monkeypatch.setattr(layouts.paged_canvas, "FastDocument", PDFDocument)
    plain = [render_pdf(document, setup=setup, **patient) for patient in PATIENTS for document in documents]
    assert fast == plain


def test_quick_widths_of_record_values_are_the_paragraphs_to_the_last_bit():
    """fit.py measures plain Latin words without parsing a paragraph: the same float as the paragraph measures,
    on real names (bench/patients.py, tests/data), the band's details and seeded random strings, at many sizes."""
    import random

    import yaml

    from handout_engine.text.fonts import has_glyph
    from handout_engine.text.paragraphs import WholeWordParagraph
    from layouts import fit
    from layouts.styles import styles_for
    from support import ROOT

    spec = importlib.util.spec_from_file_location("bench_patients", ROOT / "bench" / "patients.py")
    bench_patients = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench_patients)
    names = [name for group in bench_patients.LATIN.values() for name in group]
    scripts = yaml.safe_load((ROOT / "tests" / "data" / "names_by_script.yaml").read_text(encoding="utf-8"))
    names += [name for entry in scripts.values() for name in entry["names"]]
    nbsp = "\u00a0"
    names += [f"Date{nbsp}of{nbsp}birth:{nbsp}8{nbsp}September{nbsp}1940{nbsp * 3} Patient{nbsp}ID:{nbsp}NB-000001"]
    brand = load_brand("northbrook")
    styles = [styles_for(brand, large) for large in (False, True)]
    font = styles[0].cell.fontName
    alphabet = [chr(c) for c in range(0x21, 0x250) if chr(c).isprintable() and has_glyph(font, chr(c))]
    alphabet += [nbsp] * 20 + [" "] * 30 + ["-", "'"] * 5
    rng = random.Random(20)
    texts = [piece for name in names for piece in (name, *name.split(), *name.split("-"))]
    texts += [" ".join("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40))).split()) for _ in range(3000)]
    quick = 0
    for number, text in enumerate(t for t in texts if t):
        chosen = styles[number % 2]
        base = (chosen.band_name, chosen.band_details_bold, chosen.cell, chosen.band_details)[number % 4]
        style = fit.sized(base, (base.fontSize, 9.0, 7.5, 16.0)[number % 4])
        measured = WholeWordParagraph(fit.esc(text), style)
        measured.wrap(1e6, 1e6)
        assert fit._width.__wrapped__(text, style) == max(measured.getActualLineWidths0() or [0.0]), text
        quick += fit._plain_words(text, style.fontName)
    assert quick > 2000  # the quick way was the one tested


def test_later_pages_never_copy_what_the_first_band_marks(monkeypatch):
    """Should the first page's band lines ever mark content of their own (a Span), the pages after it draw
    their own furniture: what was read on page 1 is never copied as furniture onto page 2."""
    import layouts.furniture

    real = layouts.furniture.draw_remembered

    def marking(canvas, key, draw):
        if key[0] == "band" and canvas.getPageNumber() == 1:
            canvas._code.append("/Span <</MCID 99>> BDC")
            real(canvas, key, draw)
            canvas._code.append("EMC")
        else:
            real(canvas, key, draw)

    monkeypatch.setattr(layouts.furniture, "draw_remembered", marking)
    pdf = render_pdf("consent", patient_id="S-1", name="Mira Sandoval")
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert b"/Span <</MCID 99>> BDC" in pages[0].get_contents().get_data()
    for page in pages[1:]:
        assert b"MCID 99" not in page.get_contents().get_data()
        assert "Mira Sandoval" in page.extract_text()


def test_the_codes_a_pdf_gave_its_characters_are_read_as_reportlab_gives_them():
    """Put-back operators are checked against the codes this PDF's fonts gave their characters
    (text/operators.py): read straight from the font's assignments when every character has one, they are
    ReportLab's own, over more than one subset and for a no-break space; a character with none yet is asked for."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.pdfdoc import PDFDocument

    from handout_engine.text import operators
    from handout_engine.text.fonts import register_fonts

    font = pdfmetrics.getFont(register_fonts()[0])
    doc = PDFDocument()
    characters = [chr(code) for code in sorted(font.face.charToGlyph) if code > 127]
    ascii = "".join(map(chr, range(33, 127)))
    text = "Page 1 of 8\u00a0" + ascii + "".join(characters[:200]) + " Zoë"  # past the first subset's 256 codes
    font.splitString(text, doc)
    state = font.state[doc]
    expected = [(font.getSubsetInternalName(subset, doc), codes) for subset, codes in font.splitString(text, doc)]
    assert len({name for name, _codes in expected}) > 1
    assert operators._known_codes(state, text) == expected
    assert operators._known_codes(state, characters[230]) is None  # no code yet: ReportLab is asked


def test_each_document_draws_its_own_copy_of_a_shared_footer():
    """The clinic's name, department and footer are wrapped once per process, but ReportLab sets and deletes
    `canv` on the flowable it draws: two threads drawing one object would fail, or draw into each other's PDF."""
    from handout_engine.catalog import load_brand
    from layouts.furniture_text import shared_line
    from layouts.styles import styles_for

    styles = styles_for(load_brand("northbrook"), False, "en")
    first, second = (shared_line("Northbrook General Hospital", styles.clinic_name, 300.0) for _ in range(2))
    assert first is not second
    assert first.blPara is second.blPara  # the lines broken once
    assert (first.width, first.height) == (second.width, second.height)
