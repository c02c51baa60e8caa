"""A fillable consent form's tick boxes: which there are (with their printed words), and ticking them.

The nurses' page lists the form's own tick boxes (read back from the PDF,
so they are always the ones the layout drew) and ticks those chosen before
the health professional signs, whose signature then locks them. Ticking is
an incremental update: a signature made earlier stays intact.

A form made as PDF/A-2b (`--fillable --archive`, and the nurses' page) stays
PDF/A-2b through every update: each stays PDF 1.7 (`form_update`), and a
filled-in line is drawn in an embedded font (`fill_lines`).
"""

from __future__ import annotations

import functools
import io
from collections.abc import Iterable
from dataclasses import dataclass

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.font.opentype import GlyphAccumulator
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pypdf import PdfReader

from .paths import FONTS
from .text.fonts import face_with_every

PDF_A_VERSION = (1, 7)  # PDF/A-2 is built on PDF 1.7: an update to a PDF/A file never declares a later version


@dataclass(frozen=True)
class TickBox:
    name: str  # the field's stable name (anaesthesia_1)
    label: str  # the words printed beside it
    ticked: bool


def tick_boxes(pdf: bytes) -> list[TickBox]:
    """The form's tick boxes in the order they are printed."""
    fields = PdfReader(io.BytesIO(pdf)).get_fields() or {}
    return [
        TickBox(name, str(field.get("/TU", name)), field.get("/V") == "/Yes")
        for name, field in fields.items()
        if field.get("/FT") == "/Btn"
    ]


def tick(pdf: bytes, names: Iterable[str]) -> bytes:
    """The file with the named tick boxes ticked (the others as they were)."""
    names = set(names)
    if not names:
        return pdf
    writer = form_update(pdf)
    for ref in writer.root["/AcroForm"]["/Fields"]:
        field = ref.get_object()
        if str(field.get("/T", "")) in names:
            field["/V"] = field["/AS"] = generic.NameObject("/Yes")
            writer.update_container(field)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


class FormUpdate(IncrementalPdfFileWriter):
    """An incremental update that keeps a PDF/A file at PDF 1.7.

    pyHanko declares PDF 2.0 when a signature uses an elliptic-curve key (ISO 32002), and registers ISO 32002's
    developer extension, whose base version is 2.0; PDF/A-2 allows neither past 1.7, so a PDF/A file gets neither.
    """

    def ensure_output_version(self, version):
        if self.keeps_pdf_a:
            version = min(version, PDF_A_VERSION)
        super().ensure_output_version(version)

    def register_extension(self, ext):
        """A developer extension, unless it extends a PDF version past PDF/A's (ISO 32002's, on PDF 2.0, for an
        elliptic-curve key: a PDF 1.7 reader verifies such a signature all the same)."""
        base = tuple(int(part) for part in str(ext.base_version).lstrip("/").split("."))
        if self.keeps_pdf_a and base > PDF_A_VERSION:
            return
        super().register_extension(ext)

    @functools.cached_property
    def keeps_pdf_a(self) -> bool:
        """The file claims PDF/A: its XMP metadata has a pdfaid:part."""
        try:
            return b"pdfaid:part" in self.root["/Metadata"].data
        except (KeyError, TypeError, AttributeError):
            return False


def form_update(pdf: bytes) -> FormUpdate:
    """An incremental update of `pdf`; a PDF/A file stays PDF/A's version."""
    return FormUpdate(io.BytesIO(pdf), strict=False)


FONT_SIZE = 10  # as the layout's text fields (layouts/fields.py)


def fill_lines(writer: IncrementalPdfFileWriter, values: dict[str, str]) -> None:
    """Fill text fields (a signer's date and printed name) in the update `writer` is making, each with its look.

    The look is drawn in an embedded font (the first shipped face with every character), so a name in any
    script is filled in and the file stays PDF/A if it was. A value no shipped face has is left to the
    signature's own look, which names the signer too.
    """
    form = writer.root["/AcroForm"]
    engines: dict[str, GlyphAccumulator] = {}
    for ref in form["/Fields"]:
        field = ref.get_object()
        value = values.get(str(field.get("/T", "")))
        face = face_with_every(value) if value else None
        if face is None or field.get("/FT") != "/Tx":
            continue
        engine = engines.get(face.regular)
        if engine is None:
            data = io.BytesIO((FONTS / face.regular_file).read_bytes())
            engine = engines[face.regular] = GlyphAccumulator(writer=writer, font_handle=data, font_size=FONT_SIZE)
        shaped = engine.shape(value)
        x0, y0, x1, y1 = (float(v) for v in field["/Rect"])
        stream = generic.StreamObject(
            {
                generic.NameObject("/Type"): generic.NameObject("/XObject"),
                generic.NameObject("/Subtype"): generic.NameObject("/Form"),
                generic.NameObject("/BBox"): generic.ArrayObject(
                    [
                        generic.FloatObject(0),
                        generic.FloatObject(0),
                        generic.FloatObject(x1 - x0),
                        generic.FloatObject(y1 - y0),
                    ]
                ),
                generic.NameObject("/Resources"): generic.DictionaryObject(
                    {
                        generic.NameObject("/Font"): generic.DictionaryObject(
                            {generic.NameObject("/F1"): engine.as_resource()}
                        )
                    }
                ),
            },
            stream_data=b"/Tx BMC q BT 0 g /F1 %d Tf 2 4 Td %s ET Q EMC" % (FONT_SIZE, shaped.graphics_ops),
        )
        field["/V"] = generic.TextStringObject(value)
        field["/AP"] = generic.DictionaryObject({generic.NameObject("/N"): writer.add_object(stream)})
        writer.update_container(field)
    for engine in engines.values():
        engine.prepare_write()
