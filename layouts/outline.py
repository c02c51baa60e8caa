"""The heading bookmarks: one outline entry for each H1-H3, nested by level, every entry's bytes made at once.

ReportLab builds the outline when the document is saved, from named
destinations, through its generic dictionary, reference and array objects,
which made a document's dozen bookmarks cost more than its hundreds of
structure elements. Here each heading is noted as the pages are finished
(`OutlineLevels`), and `FormattedOutlines` numbers the entries as ReportLab
would (the outline's root, then the entries in reading order) and writes them
all at once: the same bytes (tests compare the files with ReportLab's own
outline), for the writer's fast path (writer.py).
"""

from __future__ import annotations

import functools
from typing import NamedTuple

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfdoc import NoEncryption, PDFOutlines, PDFString
from reportlab.pdfgen.canvas import Canvas

from .writer import Formatted, register_formatted


class Heading(NamedTuple):
    """An outline entry: a heading's text, its level (0: H1), the page it is on (ReportLab's name) and its top."""

    title: str
    level: int
    page: str
    top: float


class OutlineLevels:
    """A bookmark for each heading, nested by level (H1 > H2 > H3), never skipping a level."""

    def __init__(self):
        self.seen: set[int] = set()
        self.level = -1

    def bookmark(self, canvas: Canvas, marks) -> None:
        """An entry for each heading first met on the page being finished (a heading split over pages has one)."""
        outlines = canvas._doc.Outlines
        for mark in marks:
            node = mark.path[-1]
            if mark.top is None or node.title is None or id(node) in self.seen:
                continue
            self.seen.add(id(node))
            self.level = min(int(node.role[1:]) - 1, self.level + 1)
            if isinstance(outlines, FormattedOutlines):
                canvas._doc.inPage()  # as ReportLab's bookmark does
                outlines.note(Heading(node.title, self.level, canvas._doc.thisPageName(), mark.top))
            else:  # ReportLab's own outline
                key = f"h{len(self.seen)}"
                canvas.bookmarkHorizontalAbsolute(key, mark.top)
                canvas.addOutlineEntry(node.title, key, level=self.level)


class FormattedOutlines(PDFOutlines):
    """ReportLab's outline, made from the headings noted (`note`) with every entry formatted at once.

    Entries made through ReportLab's own calls (addOutlineEntry) are left to ReportLab, as is every outline
    of an encrypted document (its strings are encrypted per object).
    """

    headings: tuple = ()

    def note(self, heading: Heading) -> None:
        if not self.headings:
            self.headings = []
        self.headings.append(heading)

    def prepare(self, document, canvas):
        headings = self.headings
        if not headings or self.levelstack or not isinstance(document.encrypt, NoEncryption):
            return super().prepare(document, canvas)
        numbers = document.idToObjectNumberAndVersion
        root = numbers[document.Reference(self).name][0]
        first = document.objectcounter + 1
        pages = [numbers[heading.page][0] for heading in headings]
        entries, tops, parents = outline_entries(headings, root, first, pages)
        register_formatted(document, entries)
        self.ready = 1
        root_entry = root_bytes(len(headings) + parents, first, first + tops[-1])
        document.idToObject[self.__InternalName__] = Formatted(root_entry)


def outline_entries(headings: list[Heading], root: int, first: int, pages: list[int]) -> tuple[list, list, int]:
    """Each entry's bytes, numbered from `first` in reading order (ReportLab's order: an entry, then the entries
    under it), which entries are at the top level, and how many have entries under them."""
    count = len(headings)
    parent, prev, after, kids = [root] * count, [None] * count, [None] * count, [[] for _ in range(count + 1)]
    stack: list[int] = []  # the entry open at each level
    for index, heading in enumerate(headings):
        del stack[heading.level :]
        siblings = kids[stack[-1] if stack else count]
        if stack:
            parent[index] = first + stack[-1]
        if siblings:
            prev[index], after[siblings[-1]] = first + siblings[-1], first + index
        siblings.append(index)
        stack.append(index)
    below = [0] * count  # entries under each, at any depth (ReportLab's /Count)
    for index in reversed(range(count)):
        for kid in kids[index]:
            below[index] += 1 + below[kid]
    entries = []
    for index, heading in enumerate(headings):
        under = kids[index]
        items = [b"/Count " + fp_str(below[index]).encode()] if under else []
        items.append(b"/Dest [ %d 0 R /XYZ 0 %s 0 ]" % (pages[index], fp_str(heading.top).encode()))
        if under:
            items += (b"/First %d 0 R" % (first + under[0]), b"/Last %d 0 R" % (first + under[-1]))
        if after[index] is not None:
            items.append(b"/Next %d 0 R" % after[index])
        items.append(b"/Parent %d 0 R" % parent[index])
        if prev[index] is not None:
            items.append(b"/Prev %d 0 R" % prev[index])
        items.append(b"/Title " + _title(heading.title))
        entries.append(_dictionary(items))
    return entries, kids[count], sum(1 for under in kids[:count] if under)


def root_bytes(count: int, first: int, last: int) -> bytes:
    """The outline's root as ReportLab's PDFOutlines writes it (its /Count, as ReportLab counts: every entry,
    and once more each entry with entries under it)."""
    return _dictionary([b"/Count %d" % count, b"/First %d 0 R" % first, b"/Last %d 0 R" % last, b"/Type /Outlines"])


def _dictionary(items: list[bytes]) -> bytes:
    """Entries (in key order) as ReportLab's PDFDictionary writes them: a line break after every sixth."""
    for at in reversed(range(6, len(items), 6)):
        items.insert(at, b"\n ")
    return b"<<\n" + b" ".join(items) + b"\n>>"


@functools.lru_cache(maxsize=4096)  # headings are the same in every document of a content
def _title(title: str) -> bytes:
    return PDFString(title).format(_PLAIN)


class _Plain:
    encrypt = NoEncryption()


_PLAIN = _Plain()
