"""Form fields for the fillable consent form (AcroForm): tick boxes, text on the lines, empty signature fields.

A layout marks the places that become fields (a `Slot` on a write-in line, a
name on a tick box); they become fields only on a canvas made `fillable`
(render.py). On paper the same flowables draw exactly what they drew before,
byte for byte, so a fillable copy never changes the printed form.

Fields take only the standard-14 fonts (see the ReportLab notes), which cover
Latin-1 alone: the patient's printed name and identifiers stay page text,
never a field value. Field names are stable (`patient_signature`,
`anaesthesia_2`, ...): signing, the nurses' page and a clinic's own tools read
them back by name.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFObjectReference, PDFString

FIELD_FONT = "Helvetica"  # AcroForm fields take only the standard 14 fonts
FIELD_FONT_SIZE = 10
PRINT_FLAG = 4  # annotation flag: the field is printed with the page
DOCMDP_FILL_FORMS = 2  # after a signature: filling in fields and signing stay allowed, anything else shows


@dataclass(frozen=True)
class Slot:
    """A place on a form line that becomes a field on a fillable copy.

    `kind` is "text" (a date, a printed name) or "signature" (an empty
    signature field); a signature's `locks` are the fields that signing it
    fixes (FieldMDP), so a later change to any of them shows when verified.
    """

    name: str
    kind: str = "text"
    tooltip: str = ""
    locks: tuple[str, ...] = ()


def is_fillable(canv) -> bool:
    """Whether this canvas makes the fillable copy (PagedCanvas(fillable=True))."""
    return bool(getattr(canv, "fillable", False))


@contextlib.contextmanager
def _this_page(canv) -> Iterator[None]:
    """ReportLab names a field's page from the document's page counter, which PagedCanvas holds back until save.

    Each page is added in order when the document is saved, so page N is the
    object "PageN": point the counter there while the field is made.
    """
    doc = canv._doc
    saved = doc.pageCounter
    doc.pageCounter = canv.getPageNumber()
    try:
        yield
    finally:
        doc.pageCounter = saved


def tick_field(canv, name: str, size: float, tooltip: str) -> None:
    """A check box over a drawn tick box (the box stays drawn, so the copy prints the same)."""
    with _this_page(canv):
        canv.acroForm.checkbox(
            name=name,
            tooltip=tooltip,
            size=size,
            x=0,
            y=0,
            relative=True,
            buttonStyle="check",
            borderWidth=0,
            borderColor=None,
            fillColor=None,
            textColor=colors.black,
            fieldFlags="",
        )
    _in_structure(canv)


MULTILINE_FLAG = 1 << 12  # a text field of several lines


def text_field(canv, slot: Slot, x: float, y: float, width: float, height: float, multiline: bool = False) -> None:
    """A text field on a line to write on: no border and, while empty, no appearance of its own.

    The printed line shows through. Without an appearance stream of its own,
    an empty field owns nothing that a signature's lock could later read as
    changed (pyHanko judges an unchanged stream of a locked field as an update).
    A viewer draws the text once something is typed in.
    """
    _, font = canv.acroForm.makeFont(FIELD_FONT)
    _add_widget(
        canv,
        slot,
        x,
        y,
        width,
        height,
        {
            "FT": PDFName("Tx"),
            "DA": PDFString(f"/{font} {FIELD_FONT_SIZE} Tf 0 g"),
            "V": PDFString(""),
            "Ff": MULTILINE_FLAG if multiline else 0,
            "MaxLen": 2000 if multiline else 100,
        },
    )


def signature_field(canv, slot: Slot, x: float, y: float, width: float, height: float) -> None:
    """An empty signature field (FT /Sig) over a signature line, with the lock its signing applies.

    ReportLab has no signature field, so the widget is written as PDF objects
    in the way its own fields are. The /Lock dictionary (a SigFieldLock) names
    the fields this signer's signature fixes and allows only form filling and
    signing afterwards; pyHanko reads it when the field is signed.
    """
    lock = PDFDictionary(
        {
            "Type": PDFName("SigFieldLock"),
            "Action": PDFName("Include"),
            "Fields": PDFArray([PDFString(name) for name in slot.locks]),
            "P": DOCMDP_FILL_FORMS,
        }
    )
    _add_widget(canv, slot, x, y, width, height, {"FT": PDFName("Sig"), "Lock": lock})


def _add_widget(canv, slot: Slot, x: float, y: float, width: float, height: float, entries: dict) -> None:
    """A field that is its own widget, on this page, at (x, y) from the current origin."""
    x0, y0 = canv.absolutePosition(x, y)
    x1, y1 = canv.absolutePosition(x + width, y + height)
    widget = PDFDictionary(
        {
            "Type": PDFName("Annot"),
            "Subtype": PDFName("Widget"),
            "T": PDFString(slot.name),
            "TU": PDFString(slot.tooltip or slot.name),
            "Rect": PDFArray([round(x0, 2), round(y0, 2), round(x1, 2), round(y1, 2)]),
            "P": PDFObjectReference(f"Page{canv.getPageNumber()}"),
            "F": PRINT_FLAG,
            **entries,
        }
    )
    form = canv.acroForm
    canv._addAnnotation(widget)
    form.fields.append(form.getRef(widget))
    _in_structure(canv)


def _in_structure(canv) -> None:
    """The field just made, in the structure tree where it is drawn: a Form element (layouts/tagging.py)."""
    tag = getattr(canv, "tag_widget", None)
    if tag is not None:
        name = canv.acroForm.fields[-1].name
        tag(canv._doc.idToObject[name], name)


def field_names(slots: Sequence[Slot]) -> tuple[str, ...]:
    return tuple(slot.name for slot in slots)
