"""What the paper looks like: pages render, nothing is printed in the margins, renders are kept to look at.

The PNGs land in tests/output/ (ignored by git). Open them after layout work:
a page can extract the right words and still look wrong.
"""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageChops
from pypdf import PdfReader

from pdftools import render_pngs
from support import DOCUMENTS

MM = 72 / 25.4
MIN_MARGIN_MM = 12  # printers cannot reach the edge of the sheet


def ink_box(path) -> tuple[int, int, int, int, int, int]:
    """(left, top, right, bottom, width, height) of everything not white on the page, in pixels."""
    image = Image.open(path).convert("RGB")
    background = Image.new("RGB", image.size, (255, 255, 255))
    box = ImageChops.difference(image, background).getbbox()
    assert box is not None, f"{path.name} is blank"
    return (*box, *image.size)


@pytest.mark.parametrize("document", DOCUMENTS)
def test_nothing_is_printed_inside_the_minimum_margin(sample_pdfs, document):
    for path in render_pngs(sample_pdfs[document], f"sample-{document}", dpi=72):
        left, top, right, bottom, width, height = ink_box(path)
        limit = MIN_MARGIN_MM * MM
        assert left >= limit, path.name
        assert top >= limit, path.name
        assert width - right >= limit, path.name
        assert height - bottom >= limit, path.name


@pytest.mark.parametrize("document", DOCUMENTS)
def test_pages_are_a4_portrait(sample_pdfs, document):
    for page in PdfReader(io.BytesIO(sample_pdfs[document])).pages:
        width_mm, height_mm = (float(size) / MM for size in (page.mediabox.width, page.mediabox.height))
        assert (round(width_mm), round(height_mm)) == (210, 297)
