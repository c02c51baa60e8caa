"""What is printed on every page: brand header, patient band, footer and "Page X of Y".

Patient safety: a page that falls out of a pile still names its patient, so
the name, date of birth, patient ID (and NHS number when known) are printed in
a band at the top of every page, and "Page X of Y" shows a page is missing.

"Page X of Y" needs the total before the last page is drawn: `PagedCanvas`
keeps each finished page's state and draws the page numbers when the
document is saved (one pass, no second layout).
"""

from __future__ import annotations

import functools
from contextlib import nullcontext

from reportlab.graphics import renderPDF
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, Spacer

from handout_engine.models import Sheet, document_kind
from handout_engine.text.lines import draw_left_aligned, draw_right_aligned
from handout_engine.text.operators import draw_remembered
from handout_engine.text.paragraphs import paragraph
from handout_engine.text.scripts import current_language as _writing_language
from handout_engine.text.scripts import right_to_left_page
from handout_engine.text.spans import text_attributes

from .barcode import patient_barcode
from .blocks import esc
from .fit import Name, fit
from .furniture_text import band_details, footer_lines, shared_line, widest_count, wrapped
from .images import draw_shared_image, shared_image
from .paged_canvas import PagedCanvas
from .styles import RULE_GREY, Styles
from .tagging import Node, TaggingCanvas, logical_text

HEADER_HEIGHT = 17 * mm  # clinic name, department and logo
BAND_GAP = 2.5 * mm
BAND_PADDING = 2.2 * mm
FOOTER_HEIGHT = 14 * mm
LOGO_HEIGHT = 14 * mm
HEADER_FORM = "brandheader"
BARCODE_FORM = "patientbarcode"
BARCODE_GAP = 3 * mm
BARCODE_MIN_HEIGHT = 9 * mm


BAND_LABELS = ("date_of_birth", "patient_id", "nhs_number")
BAND_PARTS = ("barcode", "name_above_barcode", "band_name", "band_details", "band_height")  # set by _lay_out_band
MAX_BANDS = 8  # a record's documents come one after another
_bands: dict[tuple, tuple] = {}


class Furniture:
    """The page furniture of one document for one patient."""

    def __init__(
        self, sheet: Sheet, styles: Styles, labels: dict, document_name: str, pagesize, logo_drawing=None, silent=False
    ):
        """`logo_drawing`: the brand's SVG logo as a ReportLab drawing, made once per process by the render step."""
        self.sheet = sheet
        self.silent = silent  # same geometry, nothing drawn: for recording a body (replay.py)
        self.fonts = (styles.regular, styles.bold)
        self.styles = styles
        self.labels = labels
        self.page_width, self.page_height = pagesize
        self.right_to_left = right_to_left_page()  # mirrored: text at the right, barcode, logo and page count at left
        self.margin = styles.margin
        self.width = self.page_width - 2 * self.margin
        brand = sheet.brand
        self.logo = self.logo_drawing = None
        logo_width = 0.0
        if logo_drawing is not None:
            self.logo_drawing = logo_drawing  # vector: sharp at any size
            logo_width = LOGO_HEIGHT * self.logo_drawing.width / self.logo_drawing.height
        elif brand.logo:
            self.logo = shared_image(brand.logo)
            iw, ih = self.logo.size
            logo_width = LOGO_HEIGHT * iw / ih
        self.logo_width = logo_width
        text_width = self.width - logo_width - (4 * mm if logo_width else 0)
        self.clinic = shared_line(esc(brand.clinic_name), styles.clinic_name, text_width)
        self.department = shared_line(esc(brand.department), styles.department, text_width)
        # As tall as the logo, or as the clinic's name and department (large print, a long name).
        self.header_height = max(HEADER_HEIGHT, self.clinic.height + self.department.height + 2.5 * mm)

        self._band_for(sheet.label, document_name)

        self.band_section = Node("Sect")  # the first page's band, read once before the body
        handout = sheet.handout
        self.title = f"{handout.meta.title}: {labels[document_name]}"  # the PDF's title, shown by viewers
        self.language = handout.meta.language
        every_page, self.closing_lines = footer_lines(sheet, labels, document_name, styles.large_print)
        # "Page X of Y" at the right of the footer's first line, as large as the footer in large print.
        self.page_count_size = max(11.0, styles.footer.fontSize)
        count_width = widest_count(labels["page"], styles.bold, self.page_count_size, _writing_language())
        count_width += 4 * mm
        self.footer = shared_line("<br/>".join(every_page), styles.footer, self.width - count_width)
        self.footer_top = styles.margin_vertical + max(FOOTER_HEIGHT, self.footer.height + 3 * mm)

    def _band_for(self, label, document_name: str) -> None:
        """The band laid out once per patient: a record's documents share it (all but the leaflet have a barcode)."""
        barcode = document_kind(document_name).barcode
        labels = (self.labels[k] for k in BAND_LABELS)
        key = (label, barcode, self.width, _writing_language(), self.right_to_left, *labels)
        found = _bands.get(key)
        if found is None or found[0] is not self.styles:
            self._lay_out_band(label, document_name)
            if len(_bands) >= MAX_BANDS:
                _bands.clear()
            _bands[key] = (self.styles, {name: getattr(self, name) for name in BAND_PARTS})
            return
        self.__dict__.update(found[1])

    def _lay_out_band(self, label, document_name: str) -> None:
        """The patient band: the name, then the details, with the barcode at the right.

        The name is set whole (fit.py) beside the barcode; when a word of it is
        too wide there even at the floor size, the name takes the band's whole
        width and the barcode moves down beside the details: the band grows,
        and nothing ever runs under the barcode or out of the band.
        """
        styles = self.styles
        inner = self.width - 2 * BAND_PADDING
        beside = inner
        self.barcode = None
        if document_kind(document_name).barcode and label.patient_id:  # signed or filed
            self.barcode = patient_barcode(label.patient_id, BARCODE_MIN_HEIGHT)
            beside = inner - self.barcode.width - BARCODE_GAP
        name = fit(Name(label.name), styles.band_name, beside, styles.name_floor)
        self.name_above_barcode = self.barcode is not None and not name.fits
        if self.name_above_barcode:
            name = fit(Name(label.name), styles.band_name, inner, styles.name_floor)
        self.band_name = wrapped(name.paragraph(), inner if self.name_above_barcode else beside)
        details = [
            f"{self.labels['date_of_birth']}: {label.born}",
            f"{self.labels['patient_id']}: {label.patient_id}",
        ]
        if label.nhs_number:
            details.append(f"{self.labels['nhs_number']}: {label.nhs_number}")
        self.band_details = wrapped(band_details(details, styles, beside), beside)
        gap = 1 * mm
        if self.name_above_barcode:
            beside_height = self.band_details.height
            self.barcode = patient_barcode(label.patient_id, max(beside_height, BARCODE_MIN_HEIGHT))
            height = self.band_name.height + gap + max(beside_height, self.barcode.height)
        else:
            text_height = self.band_name.height + self.band_details.height + gap
            if self.barcode is not None and text_height > BARCODE_MIN_HEIGHT:  # as tall as the text beside it
                self.barcode = patient_barcode(label.patient_id, text_height)
            height = max(text_height, self.barcode.height if self.barcode else 0)
        self.band_height = height + 2 * BAND_PADDING

    def closing(self) -> list:
        """What the footer leaves to the end of the body (large print: the review dates, the clinic's line)."""
        if not self.closing_lines:
            return []
        return [Spacer(0, 4 * mm), paragraph("<br/>".join(self.closing_lines), self.styles.small)]

    # ------------------------------------------------------------ geometry

    def frame_box(self) -> tuple[float, float, float, float]:
        """(x, y, width, height) of the body frame, between the band and the footer."""
        top = self.page_height - self.styles.margin_vertical - self.header_height - BAND_GAP - self.band_height - 4 * mm
        bottom = self.footer_top + 5 * mm
        return self.margin, bottom, self.width, top - bottom

    # ------------------------------------------------------------ drawing

    def draw_page(self, canvas: Canvas, _doc=None) -> None:
        """Brand header, patient band and footer text: everything but the page count."""
        if self.silent:
            canvas.mark_body_start()
            return
        tagging = isinstance(canvas, TaggingCanvas)
        with canvas.artifact("Pagination") if tagging else nullcontext():
            self._draw_furniture(canvas, tagging and canvas.getPageNumber() == 1)
        if isinstance(canvas, PagedCanvas):
            canvas.mark_body_start()

    def _draw_furniture(self, canvas: Canvas, band_read: bool) -> None:
        """`band_read`: the patient band is tagged, read before the body (first page), else an Artifact.

        Every page draws the same operators but for the first page's band's
        tags (each page starts from the same graphics state, and "Page X of
        Y" comes at save): they are drawn once per document, on its first
        page, and put back on the others, without those tags, with the forms
        they use.
        """
        drawn = canvas.__dict__.get("_furniture_drawn")
        if drawn is not None and not band_read:
            code, forms = drawn
            canvas._code.extend(code)
            canvas._formsinuse.extend(forms)
            return
        code_start, forms_start = len(canvas._code), len(canvas._formsinuse)
        tags: list[tuple[int, int] | None] = []  # where the band's tags are in the page's operators
        self._draw_every_part(canvas, band_read, tags)
        if None in tags:  # the band's lines marked content of their own: the next page draws its own furniture
            return
        code, start = [], code_start
        for tag_start, tag_end in tags:
            code += canvas._code[start:tag_start]
            start = tag_end
        code += canvas._code[start:]
        canvas._furniture_drawn = (tuple(code), tuple(canvas._formsinuse[forms_start:]))

    def _draw_every_part(self, canvas: Canvas, band_read: bool, tags: list | None = None) -> None:
        """Everything but the page count; `tags` gets the spans of operators that tag the band (band_read)."""
        tags = [] if tags is None else tags
        s = self.styles
        m = self.margin
        top = self.page_height - s.margin_vertical
        canvas.saveState()
        # The brand header is the same on every page: drawn once per document as a form
        # XObject and placed on each page, so the logo is hashed and stored once, not per page.
        if not getattr(canvas, "_brand_header_made", False):  # once per PDF (a canvas is one PDF)
            canvas.beginForm(HEADER_FORM)
            self._draw_header(canvas)
            canvas.endForm()
            canvas._brand_header_made = True
        canvas.doForm(HEADER_FORM)
        rule_y = top - self.header_height

        # Patient band: the identifiers, on every page.
        band_top = rule_y - BAND_GAP
        canvas.setFillColor(s.band)
        canvas.setStrokeColor(s.primary)
        canvas.setLineWidth(0.8)
        canvas.roundRect(m, band_top - self.band_height, self.width, self.band_height, 1.5 * mm, stroke=1, fill=1)
        y = band_top - BAND_PADDING - self.band_name.height
        self._draw_band_line(canvas, self.band_name, self._band_x(self.band_name), y, band_read, tags)
        y -= self.band_details.height + 1 * mm
        self._draw_band_line(canvas, self.band_details, self._band_x(self.band_details), y, band_read, tags)
        barcode_top = band_top - BAND_PADDING
        if self.name_above_barcode:
            barcode_top -= self.band_name.height + 1 * mm
        if self.barcode is not None:
            # The same on every page of the document: drawn once as a form, like the header.
            if not getattr(canvas, "_patient_barcode_made", False):
                canvas.beginForm(BARCODE_FORM)
                self._draw_barcode(canvas, barcode_top)
                canvas.endForm()
                canvas._patient_barcode_made = True
            canvas.doForm(BARCODE_FORM)

        # Footer: document, version and review dates (the page count comes at save).
        canvas.setStrokeColor(RULE_GREY)
        canvas.setLineWidth(0.6)
        canvas.line(m, self.footer_top, m + self.width, self.footer_top)
        footer_x = m + self.width - self.footer.width if self.right_to_left else m  # the page count on the other side
        footer, footer_y = self.footer, self.footer_top - 2 * mm - self.footer.height
        # Its lines (shared by every copy of its paragraph) name what it draws.
        key = ("footer", footer.blPara, footer.width, footer.height, footer_x, footer_y)
        draw_remembered(canvas, key, lambda: footer.drawOn(canvas, footer_x, footer_y))
        canvas.restoreState()

    def _band_x(self, line: Paragraph) -> float:
        """Where a line of the band starts: at the band's left, or, mirrored, against its right edge."""
        if self.right_to_left:
            return self.margin + self.width - BAND_PADDING - line.width
        return self.margin + BAND_PADDING

    def _draw_band_line(self, canvas: Canvas, line: Paragraph, x: float, y: float, read: bool, tags: list) -> None:
        """A line of the patient band: on the first page a paragraph of the band, read first; after it furniture.

        `tags` gets where the operators that make it a paragraph of the band are (None: the line marked more).
        """
        # The same operators on every page of the document, and in a record's other documents when their fonts
        # code its characters alike.
        key = ("band", line, x, y)
        if not read:
            draw_remembered(canvas, key, lambda: line.drawOn(canvas, x, y))
            return
        code = canvas._code
        opened = len(code)
        spans = bool(line.__dict__.get("_tag_spans"))  # words in another script: Spans, as in paragraphs
        path = (self.band_section, Node("P", **_band_attrs(line, spans)))
        with canvas.tag_outside_artifact():
            if spans:  # marked inside its text object: drawn for this page only (the next draws its own)
                with canvas.read_first_with_words(path):
                    line.drawOn(canvas, x, y)
                tags.append(None)
                return
            canvas.begin_mark(path, first=True)
            start, marks = len(code), _tag_counts(canvas)
            with canvas.drawn_as_is():
                draw_remembered(canvas, key, lambda: line.drawOn(canvas, x, y))
            end = len(code)
            canvas.end_mark()
        tags.append((opened, start))
        tags.append((end, len(code)))
        if _tag_counts(canvas) != marks or any(op.endswith(("BDC", "BMC", "EMC")) for op in code[start:end]):
            tags.append(None)

    def _draw_barcode(self, canvas: Canvas, top: float) -> None:
        """The patient id's bars at the band's right (left, mirrored), on a white ground for a light quiet zone."""
        code = self.barcode
        x = self.margin + BAND_PADDING if self.right_to_left else self.margin + self.width - BAND_PADDING - code.width
        y = top - code.height

        def draw() -> None:
            canvas.setFillColorRGB(1, 1, 1)
            canvas.rect(x, y, code.width, code.height, stroke=0, fill=1)
            canvas.setFillColorRGB(0, 0, 0)
            code.drawOn(canvas, x, y)

        draw_remembered(canvas, ("barcode", code, x, y), draw)  # a record's documents share their barcode

    def _draw_header(self, canvas: Canvas) -> None:
        """Clinic name and department at left, logo at right (mirrored: the other way), a rule in the brand colour."""
        s = self.styles
        m = self.margin
        top = self.page_height - s.margin_vertical
        text_x = m + self.width - self.clinic.width if self.right_to_left else m  # mirrored: the names at the right
        self.clinic.drawOn(canvas, text_x, top - self.clinic.height)
        self.department.drawOn(canvas, text_x, top - self.clinic.height - self.department.height)
        x = m if self.right_to_left else m + self.width - self.logo_width
        if self.logo:
            draw_shared_image(canvas, self.logo, x, top - LOGO_HEIGHT, self.logo_width, LOGO_HEIGHT)
        elif self.logo_drawing:
            drawing = self.logo_drawing
            canvas.saveState()
            box = canvas.beginPath()  # nothing of the logo may print outside its place (or the margins)
            box.rect(x, top - LOGO_HEIGHT, self.logo_width, LOGO_HEIGHT)
            canvas.clipPath(box, stroke=0, fill=0)
            canvas.translate(x, top - LOGO_HEIGHT)
            canvas.scale(self.logo_width / drawing.width, LOGO_HEIGHT / drawing.height)
            renderPDF.draw(drawing, canvas, 0, 0)
            canvas.restoreState()
        rule_y = top - self.header_height
        canvas.setStrokeColor(s.primary)
        canvas.setLineWidth(1.6)
        canvas.line(m, rule_y, m + self.width, rule_y)

    def draw_page_count(self, canvas: Canvas, number: int, total: int) -> None:
        if self.silent:
            return
        s = self.styles
        size = self.page_count_size
        text = self.labels["page"].format(number=number, total=total)
        tagging = isinstance(canvas, TaggingCanvas)
        # Each number's operators are the same in every document whose fonts code its characters alike.
        key = ("page count", text, s.bold, size, s.body.textColor.rgb(), self.margin, self.width, self.footer_top)
        key += (self.right_to_left, _writing_language(), tagging)
        draw_remembered(canvas, key, functools.partial(self._draw_count, canvas, text, tagging))

    def _draw_count(self, canvas: Canvas, text: str, tagging: bool) -> None:
        s = self.styles
        m = self.margin
        canvas.saveState()
        size = self.page_count_size
        canvas.setFont(s.bold, size)
        canvas.setFillColor(s.body.textColor)
        y = self.footer_top - 2 * mm - size
        with canvas.artifact("Pagination") if tagging else nullcontext():
            if self.right_to_left:  # mirrored: at the footer's left, its words in right-to-left order
                draw_left_aligned(canvas, m, y, text, s.bold, size, base="R")
            else:
                draw_right_aligned(canvas, m + self.width, y, text, s.bold, size)
        canvas.restoreState()


def _tag_counts(canvas: Canvas) -> tuple[int, int, int]:
    return len(canvas._tag_marks), len(canvas._tag_first), canvas._tag_next


def _band_attrs(line: Paragraph, spans: bool) -> dict:
    return text_attributes(logical_text(line), bool(getattr(line, "_rtl", False)), spans)
