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
from itertools import compress, repeat
from operator import attrgetter, is_not
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
    kept: bool  # a recorded body's heading, the same in every document that replays it


_TOP = attrgetter("top")


class OutlineLevels:
    """A bookmark for each heading, nested by level (H1 > H2 > H3), never skipping a level."""

    def __init__(self):
        self.seen: set[int] = set()
        self.level = -1

    def bookmark(self, canvas: Canvas, marks) -> None:
        """An entry for each heading first met on the page being finished (a heading split over pages has one)."""
        outlines = canvas._doc.Outlines
        for mark in compress(marks, map(is_not, map(_TOP, marks), repeat(None))):  # a heading's mark has a top
            node = mark.path[-1]
            if node.title is None or id(node) in self.seen:
                continue
            self.seen.add(id(node))
            self.level = min(int(node.role[1:]) - 1, self.level + 1)
            if isinstance(outlines, FormattedOutlines):
                canvas._doc.inPage()  # as ReportLab's bookmark does
                outlines.note(Heading(node.title, self.level, canvas._doc.thisPageName(), mark.top, node.kept))
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
        template = outline_template(headings)
        table = [root, *(numbers[page][0] for page in template.pages), *range(first, first + len(headings))]
        table += [_title(headings[index].title) for index in template.fresh]
        register_formatted(document, (template.form % tuple(map(table.__getitem__, template.holes))).split(_SEP))
        self.ready = 1
        root_entry = root_bytes(len(headings) + template.parents, first, first + template.last_top)
        document.idToObject[self.__InternalName__] = Formatted(root_entry)


class OutlineTemplate(NamedTuple):
    """An outline's entries as one %-format (entries apart by `_SEP`), and what fills it."""

    form: bytes
    holes: tuple  # each hole's index into [the root, each of `pages`' objects, each entry's object, `fresh` titles]
    pages: tuple  # ReportLab's names of the pages the entries lead to
    fresh: tuple  # the entries whose titles are holes: not a recorded body's (they may hold a patient's words)
    last_top: int  # the last entry at the top level
    parents: int  # entries with entries under them


MAX_TEMPLATES = 1024  # outlines kept per process: one for each content, language and page setup of a batch
_SEP = b"\x00"  # never in an entry: ReportLab writes every byte of a string below 32 escaped
_templates: dict[tuple, OutlineTemplate] = {}


def outline_template(headings: list[Heading]) -> OutlineTemplate:
    """The template of these headings' entries, made once per process: kept by everything the entries' bytes
    depend on but the titles of headings not from a recorded body, which are holes in it (never kept)."""
    key = tuple((title if kept else None, level, page, top) for title, level, page, top, kept in headings)
    template = _templates.get(key)
    if template is None:
        template = _template(headings)
        if len(_templates) >= MAX_TEMPLATES:
            _templates.clear()
        _templates[key] = template
    return template


def _template(headings: list[Heading]) -> OutlineTemplate:
    """Each entry numbered in reading order (ReportLab's order: an entry, then the entries under it)."""
    count = len(headings)
    pages = tuple(dict.fromkeys(heading.page for heading in headings))
    entry = {page: 1 + n for n, page in enumerate(pages)}  # an entry's hole: 1 + len(pages) + its index
    first = 1 + len(pages)
    parent, prev, after, kids = [0] * count, [None] * count, [None] * count, [[] for _ in range(count + 1)]
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
    forms, holes = [], []
    for index, heading in enumerate(headings):
        under = kids[index]
        items = [b"/Count " + fp_str(below[index]).encode()] if under else []
        items.append(b"/Dest [ %%d 0 R /XYZ 0 %s 0 ]" % fp_str(heading.top).encode())
        holes.append(entry[heading.page])
        if under:
            items += (b"/First %d 0 R", b"/Last %d 0 R")
            holes += (first + under[0], first + under[-1])
        for key, hole in ((b"/Next", after[index]), (b"/Parent", parent[index]), (b"/Prev", prev[index])):
            if hole is not None:
                items.append(key + b" %d 0 R")
                holes.append(hole)
        if heading.kept:
            items.append(b"/Title " + _title(heading.title).replace(b"%", b"%%"))
        else:  # its title filled in for each document
            items.append(b"/Title %s")
            holes.append(first + count + sum(1 for other in headings[:index] if not other.kept))
        forms.append(_dictionary(items))
    if any(_SEP in form for form in forms):  # ReportLab escapes it in strings: never, but it would cut an entry
        raise ValueError("an outline entry holds a NUL byte")
    parents = sum(1 for under in kids[:count] if under)
    fresh = tuple(index for index, heading in enumerate(headings) if not heading.kept)
    return OutlineTemplate(_SEP.join(forms), tuple(holes), pages, fresh, kids[count][-1], parents)


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
