"""Helpers that read a PDF the way a person checks paper: its words, its pages, its fonts, its look."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader

OUTPUT = Path(__file__).parent / "output"  # ignored by git: PNG renders to look at


def page_texts(pdf: bytes) -> list[str]:
    """Each page's text, whitespace collapsed: layout may move line breaks, never words."""
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def fonts(pdf: bytes) -> dict[str, bool]:
    """Every font used on any page, mapped to whether its program is embedded in the file."""
    found: dict[str, bool] = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        resources = page.get("/Resources")
        font_dict = resources.get_object().get("/Font") if resources else None
        if not font_dict:
            continue
        for ref in font_dict.get_object().values():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            found[str(font.get("/BaseFont"))] = embedded
    return found


def metadata(pdf: bytes) -> dict[str, str]:
    info = PdfReader(io.BytesIO(pdf)).metadata or {}
    return {key: str(value) for key, value in info.items()}


def render_pngs(pdf: bytes, stem: str, dpi: int = 60) -> list[Path]:
    """Render each page to tests/output/<stem>-<n>.png for a person to look at; return the paths."""
    import pypdfium2 as pdfium

    OUTPUT.mkdir(exist_ok=True)
    document = pdfium.PdfDocument(pdf)
    paths = []
    for number, page in enumerate(document, start=1):
        path = OUTPUT / f"{stem}-{number}.png"
        page.render(scale=dpi / 72).to_pil().save(path)
        paths.append(path)
    document.close()
    return paths
