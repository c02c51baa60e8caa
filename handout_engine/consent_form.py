"""A fillable consent form's tick boxes: which there are (with their printed words), and ticking them.

The nurses' page lists the form's own tick boxes (read back from the PDF,
so they are always the ones the layout drew) and ticks those chosen before
the health professional signs, whose signature then locks them. Ticking is
an incremental update: a signature made earlier stays intact.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pypdf import PdfReader


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
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    for ref in writer.root["/AcroForm"]["/Fields"]:
        field = ref.get_object()
        if str(field.get("/T", "")) in names:
            field["/V"] = field["/AS"] = generic.NameObject("/Yes")
            writer.update_container(field)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


FONT_SIZE = 10  # as the layout's text fields (layouts/fields.py)


def fill_lines(writer: IncrementalPdfFileWriter, values: dict[str, str]) -> None:
    """Fill text fields (a signer's date and printed name) in the update `writer` is making, each with its look.

    A field takes only Latin-1 (its font is the standard Helvetica): a value
    beyond it is left to the signature's own appearance, which shows the name
    in its script. Each filled field gets an appearance stream of its own.
    """
    form = writer.root["/AcroForm"]
    font = form["/DR"]["/Font"].raw_get("/Helv")
    for ref in form["/Fields"]:
        field = ref.get_object()
        value = values.get(str(field.get("/T", "")))
        if value is None or field.get("/FT") != "/Tx":
            continue
        try:
            encoded = value.encode("latin-1")
        except UnicodeEncodeError:
            continue
        x0, y0, x1, y1 = (float(v) for v in field["/Rect"])
        escaped = encoded.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
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
                    {generic.NameObject("/Font"): generic.DictionaryObject({generic.NameObject("/Helv"): font})}
                ),
            },
            stream_data=b"/Tx BMC q BT 0 g /Helv %d Tf 2 4 Td (%s) Tj ET Q EMC" % (FONT_SIZE, escaped),
        )
        field["/V"] = generic.TextStringObject(value)
        field["/AP"] = generic.DictionaryObject({generic.NameObject("/N"): writer.add_object(stream)})
        writer.update_container(field)
