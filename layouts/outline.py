"""The heading bookmarks: one outline entry for each H1-H3, nested by level, each entry formatted once the tree is made.

ReportLab builds the outline when the document is saved and formats each
entry through its generic dictionary, reference and array objects, which made
a document's dozen bookmarks cost more than its hundreds of structure
elements. `FormattedOutlines` lets ReportLab build the tree as always, then
writes each entry's bytes at once (the same bytes: tests compare them with
ReportLab's own formatter), for the writer's fast path (writer.py).
"""

from __future__ import annotations

import functools

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfdoc import (
    Destination,
    NoEncryption,
    OutlineEntryObject,
    PDFDestinationXYZ,
    PDFObjectReference,
    PDFOutlines,
    PDFString,
)
from reportlab.pdfgen.canvas import Canvas

from .writer import Formatted

_REFERENCES = (b"/First", "First"), (b"/Last", "Last"), (b"/Next", "Next"), (b"/Parent", "Parent"), (b"/Prev", "Prev")


class OutlineLevels:
    """A bookmark for each heading, nested by level (H1 > H2 > H3), never skipping a level."""

    def __init__(self):
        self.seen: set[int] = set()
        self.level = -1

    def bookmark(self, canvas: Canvas, marks) -> None:
        for mark in marks:
            node = mark.path[-1]
            if mark.top is None or node.title is None or id(node) in self.seen:
                continue
            self.seen.add(id(node))
            key = f"h{len(self.seen)}"
            self.level = min(int(node.role[1:]) - 1, self.level + 1)
            canvas.bookmarkHorizontalAbsolute(key, mark.top)
            canvas.addOutlineEntry(node.title, key, level=self.level)


class FormattedOutlines(PDFOutlines):
    """ReportLab's outline, whose entries are formatted as soon as prepare() has numbered them."""

    def prepare(self, document, canvas):
        start = document.objectcounter
        super().prepare(document, canvas)
        if not isinstance(document.encrypt, NoEncryption):
            return  # strings are encrypted per object: ReportLab's own formatter
        objects, names = document.idToObject, document.numberToId
        for number in range(start + 1, document.objectcounter + 1):
            entry = objects[names[number]]
            if type(entry) is OutlineEntryObject:
                formatted = entry_bytes(entry, document)
                if formatted is not None:
                    objects[names[number]] = Formatted(formatted)


def entry_bytes(entry: OutlineEntryObject, document) -> bytes | None:
    """An entry as ReportLab's PDFDictionary writes it (keys sorted, a line break after every sixth); None for
    a destination other than a page position (ReportLab's formatter writes those)."""
    destination = _destination(entry.Dest, document)
    if destination is None:
        return None
    numbers = document.idToObjectNumberAndVersion
    items = [] if entry.Count is None else [b"/Count " + fp_str(entry.Count).encode()]
    items.append(destination)
    for key, name in _REFERENCES:
        reference = getattr(entry, name)
        if reference is not None:
            if type(reference) is not PDFObjectReference:
                return None
            items.append(b"%s %d %d R" % (key, *numbers[reference.name]))
    items.append(b"/Title " + _title(entry.Title))
    for at in reversed(range(6, len(items), 6)):
        items.insert(at, b"\n ")
    return b"<<\n" + b" ".join(items) + b"\n>>"


def _destination(destination, document) -> bytes | None:
    """`/Dest [ page /XYZ left top zoom ]`, from a bookmark at a position on a page."""
    if type(destination) is not Destination or type(destination.page) is not PDFObjectReference:
        return None
    place = destination.fmt
    if type(place) is not PDFDestinationXYZ or not all(type(n) in (int, float) for n in (place.left, place.top)):
        return None
    if type(place.zoom) not in (int, float):
        return None
    page = document.idToObjectNumberAndVersion[destination.page.name]
    numbers = b"%s %s %s" % tuple(fp_str(n).encode() for n in (place.left, place.top, place.zoom))
    return b"/Dest [ %d %d R /XYZ %s ]" % (*page, numbers)


@functools.lru_cache(maxsize=4096)  # headings are the same in every document of a content
def _title(title: str) -> bytes:
    return PDFString(title).format(_PLAIN)


class _Plain:
    encrypt = NoEncryption()


_PLAIN = _Plain()
