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
