"""What is made once per process and reused (a replayed leaflet body, the shared logo) must print exactly like
what it replaces."""

from __future__ import annotations

import dataclasses
import io

import pytest
from pypdf import PdfReader

import handout_engine.render
from handout_engine.models import document_kind
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
