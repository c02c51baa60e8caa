"""Step 4: Sheet + layout -> PDF bytes.

Output is invariant (ReportLab's `invariant=1`): the same inputs give
byte-identical PDFs, so a test can compare them and an audit can prove which
version a patient received. Fonts, styles and logos come from per-process
caches; only the patient's own story is laid out per document.

PDF metadata names the document, the handout and the clinic, never the
patient: metadata travels with a file into places a page does not.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from layouts import DOCUMENTS
from layouts.furniture import Furniture, PagedCanvas
from layouts.labels import labels_for
from layouts.styles import styles_for

from .models import Sheet

CREATOR = "Patient handout generator"


@dataclass(frozen=True)
class Rendered:
    document: str
    pdf: bytes
    pages: int


def render_document(sheet: Sheet, document: str, pagesize=A4) -> Rendered:
    """Lay out one document for one patient."""
    build = DOCUMENTS[document]
    styles = styles_for(sheet.brand)
    labels = labels_for(sheet.handout.meta.language)
    furniture = Furniture(sheet, styles, labels, document, pagesize)
    x, y, width, height = furniture.frame_box()
    buffer = io.BytesIO()
    meta = sheet.handout.meta
    doc = BaseDocTemplate(
        buffer,
        pagesize=pagesize,
        invariant=1,
        initialFontName=styles.regular,  # never let Helvetica in as the canvas's first font
        title=f"{meta.title}: {labels[document]}",
        subject=f"{meta.id} ({meta.language}), content version {meta.content_version}",
        author=sheet.brand.clinic_name,
        keywords=[meta.id, document, sheet.brand.clinic_name],
        creator=CREATOR,
        leftMargin=x,
        rightMargin=x,
        topMargin=pagesize[1] - y - height,
        bottomMargin=y,
    )
    frame = Frame(x, y, width, height, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=furniture.draw_page)])
    doc.build(build(sheet, styles, labels, width), canvasmaker=functools.partial(PagedCanvas, furniture=furniture))
    return Rendered(document, buffer.getvalue(), doc.page)
