"""Tagged PDF (PDF/UA-1): the marked content a screen reader follows, written while the flowables draw.

One mechanism for every layout. The canvas (`TaggingCanvas`, which the page
furniture's canvas extends) wraps what each flowable draws in a marked-content
sequence with a per-page MCID and remembers the structure path it belongs
to (Document > Table > TBody > TR > TD > P...). Everything drawn outside a
tagged flowable is an Artifact: page furniture, table rules and shading, tick
boxes' outlines outside a list, the brand header form. At save, structure.py
turns those paths, in reading order, into the structure tree.

Who says what a flowable is:
- a paragraph's role comes from its style (title H1, heading H2, subheading
  H3, else P); the shared paragraph class calls `mark_flowable` when drawn;
- lists, tables and tick boxes are tagged where the shared blocks build them
  (`as_list`, and tagged_tables.py's `TaggedTable` with a cell mapping: `data_cells`, `list_cells`...);
- a paragraph split between pages stays one element (its parts share an
  origin), a table split between pages stays one Table, and the header rows
  repeated on the next page are Artifacts.

What a tag is (Node, Mark) is in marks.py; the Spans of words in another
language, opened inside a paragraph's text object, in tagged_words.py.

A replayed body (replay.py) carries its marks with its drawing operators:
MCIDs are numbered per page from 0 in the body, and the only tagged
furniture (the first page's patient band, read first) takes the numbers after
them, filled in when the page ends.
"""

from __future__ import annotations

import contextlib
import functools
import html
import re
from collections.abc import Callable, Sequence
from xml.sax.saxutils import escape

from reportlab.platypus import Flowable, Paragraph

from handout_engine.text.scripts import document_language
from handout_engine.text.spans import text_attributes

from .fast_canvas import FastCanvas
from .marks import Mark, Node, Path
from .tagged_words import WordMarks

# Paragraph style name -> structure role; every other paragraph is a P.
STYLE_ROLES = {"title": "H1", "heading": "H2", "urgent_heading": "H2", "subheading": "H3", "table_heading": "H3"}
TICK_BOX_TEXT = "\u2610"  # BALLOT BOX: what a screen reader says for an empty box to tick
_TAGS = re.compile(r"<[^>]*>")


class TaggingCanvas(WordMarks, FastCanvas):
    """A canvas that writes marked content and collects each page's marks in reading order."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.tag_pages: list[list[Mark]] = []  # finished pages
        self._tag_marks: list[Mark] = []  # this page, in drawing order
        # Read before this page's body, numbered at its end: (code, index, mark, placeholder in code[index] or None)
        self._tag_first: list[tuple[list, int, Mark, str | None]] = []
        self._tag_next = 0
        self._tag_context: Path = ()
        self._tag_artifact = 0
        self._tag_artifact_kind = "Layout"
        self._tag_artifact_in_form = False
        self._tag_cell_only: Flowable | None = None  # the one paragraph of the table cell being drawn
        self._tag_after_text: Path | None = None  # a bullet's Lbl is open: switch to the LBody after it
        self._tag_open: Path | None = None  # the element whose marked content is open (a widget goes inside it)

    # ------------------------------------------------------------ marked content

    @contextlib.contextmanager
    def artifact(self, kind: str = "Layout"):
        """Everything drawn inside is an Artifact (kind Pagination for furniture, Layout for rules and shading)."""
        self.begin_artifact(kind)
        try:
            yield
        finally:
            self.end_artifact()

    def begin_artifact(self, kind: str = "Layout") -> None:
        self._tag_artifact += 1
        if self._tag_artifact == 1:
            if self._formData:  # inside a form: the page's Artifact around its use covers it
                self._tag_artifact_in_form = True
                return
            self._tag_artifact_in_form = False
            self._tag_artifact_kind = kind
            self._code.append(f"/Artifact <</Type /{kind}>> BDC")

    def end_artifact(self) -> None:
        self._tag_artifact -= 1
        if self._tag_artifact == 0 and not self._tag_artifact_in_form:
            self._code.append("EMC")

    @contextlib.contextmanager
    def drawn_as_is(self):
        """Inside an element's marked content already: flowables drawn here are not marked again."""
        self._tag_artifact += 1
        try:
            yield
        finally:
            self._tag_artifact -= 1

    @contextlib.contextmanager
    def tag_outside_artifact(self):
        """Real content inside the furniture's Artifact (the first page's band): close it, then open it again."""
        depth, kind = self._tag_artifact, self._tag_artifact_kind
        if depth:
            self._code.append("EMC")
            self._tag_artifact = 0
        try:
            yield
        finally:
            if depth:
                self._code.append(f"/Artifact <</Type /{kind}>> BDC")
                self._tag_artifact = depth

    def begin_mark(self, path: Path, top: float | None = None, first: bool = False) -> None:
        """Open a marked-content sequence for the last element of `path`; `first`: read before the body."""
        if first:
            mark = Mark(None, path, top)
            self._tag_first.append((self._code, len(self._code), mark, None))
            self._code.append("")  # the MCID is known when the page ends
            return
        mcid = self._tag_next
        self._tag_next += 1
        self._tag_marks.append(Mark(mcid, path, top))
        self._code.append(f"/{path[-1].role} <</MCID {mcid}>> BDC")
        self._tag_open = path

    def end_mark(self) -> None:
        self._code.append("EMC")
        self._tag_open = None

    def tag_widget(self, widget, name: str) -> None:
        """A form field's widget, made while drawing (layouts/fields.py): a Form element here in reading order,
        inside the element being drawn (a tick box's Lbl), whose content is the annotation."""
        base = self._tag_open if self._tag_open is not None and not self._tag_artifact else self._tag_context
        self._tag_marks.append(Mark(None, (*base, Node("Form")), widget=(widget, name)))

    def touch(self, path: Path) -> None:
        """An element with nothing drawn in it (an empty table cell): it is still in the tree, in its place."""
        if path and not self._tag_artifact:
            self._tag_marks.append(Mark(None, path))

    def replay_marks(self, marks: Sequence[Mark]) -> None:
        """A recorded body's marks (replay.py): its MCIDs were numbered from 0 on this page too."""
        self._tag_marks.extend(marks)
        numbered = [mark.mcid for mark in marks if mark.mcid is not None]
        if numbered:
            self._tag_next = max(self._tag_next, max(numbered) + 1)

    def page_marks(self) -> list[Mark]:
        """This page's marks so far (what a recording keeps with the page's operators)."""
        return list(self._tag_marks)

    def end_page_marks(self) -> None:
        """Number the marks read before the body and file the page's marks in reading order."""
        first = []
        for code, index, mark, placeholder in self._tag_first:
            mcid = self._tag_next
            self._tag_next += 1
            opened = f"/{mark.path[-1].role} <</MCID {mcid}>> BDC"
            code[index] = opened if placeholder is None else code[index].replace(placeholder, opened)
            first.append(Mark(mcid, mark.path, mark.top))
        self.tag_pages.append(first + self._tag_marks)
        self._tag_marks, self._tag_first, self._tag_next = [], [], 0

    @contextlib.contextmanager
    def within(self, path: Path):
        """Flowables drawn inside belong under `path` (a table cell, a list item's body)."""
        outer = self._tag_context
        self._tag_context = outer + path
        try:
            yield
        finally:
            self._tag_context = outer

    # ------------------------------------------------------------ flowables

    def mark_flowable(self, flowable: Flowable, x: float, y: float, draw: Callable[[], object]):
        """Draw `flowable` inside its marked content (called by the shared flowables' drawOn)."""
        if self._tag_artifact or self._formData:
            return draw()
        own = flowable_path(flowable)
        if own is None:  # nothing to read (an empty paragraph)
            with self.artifact():
                return draw()
        if flowable is self._tag_cell_only and len(own) == 1:
            # A cell's one paragraph is the cell's own text (TD, TH, LBody): no P element of its own, which
            # keeps the tree, and the file, smaller; what it says about its language goes on the cell.
            self._tag_context[-1].attrs.update(own[0].attrs)
            own = ()
        path = self._tag_context + own
        if not path:  # a tick box outside any list: only a shape
            with self.artifact():
                return draw()
        label = getattr(flowable, "_tag_label", None)
        top = None
        if path[-1].role[0] == "H" and path[-1].role[1:].isdigit():
            top = self.absolutePosition(x, y + flowable.height)[1]
        inner = bool(flowable.__dict__.get("_tag_spans"))
        bullet = label is not None and (getattr(flowable, "bulletText", None) or _right_bullet(flowable))
        if bullet:
            self.begin_mark(self._tag_context + label, top)
            self._tag_after_text = path
            if inner:
                self._tag_inner = ()  # known once the bullet is drawn: its body (drawText)
        elif inner:
            self._tag_inner, self._tag_inner_top = path, top
        else:
            self.begin_mark(path, top)
        try:
            return draw()
        finally:
            label_open = self._tag_after_text is not None  # a bullet that was never drawn
            self._tag_after_text = self._tag_inner = None
            if not inner or label_open:
                self.end_mark()

    def drawText(self, aTextObject):  # noqa: N802, N803 - ReportLab's names
        if aTextObject is self._tag_inner_text:
            self._end_inner_marks(aTextObject)
        super().drawText(aTextObject)
        if self._tag_placeholders:
            self._placed_first()
        after = self._tag_after_text
        if after is not None:  # the bullet (drawn first, as its own text object) ends the Lbl
            self._tag_after_text = None
            self.end_mark()
            if self._tag_inner is not None:
                self._tag_inner = after  # the body's marks are in its own text object
            else:
                self.begin_mark(after)


def _right_bullet(flowable: Flowable) -> str | None:
    """A right-to-left paragraph's bullet, drawn at its right by the paragraph itself (text/paragraphs.py)."""
    return flowable.__dict__.get("_bullet_right")


# ------------------------------------------------------------ what a flowable is


def flowable_path(flowable: Flowable) -> Path | None:
    """The structure path a flowable's drawing belongs to, below the canvas's context."""
    tag = flowable.__dict__.get("_tag")
    if tag is not None:
        return tag
    if not isinstance(flowable, Paragraph):
        return ()
    origin = flowable.__dict__.get("_tag_origin", flowable)  # a part of a split paragraph: the whole one's
    tag = origin.__dict__.get("_tag")
    if tag is None:
        markup = origin.__dict__.get("text")
        if markup is None:  # a part made by split() without an origin: no markup left to read
            markup = escape(origin.getPlainText())
        found = _paragraph_tag(markup, origin.style.name, *_text_facts(origin))
        if found is None:
            return None
        role, title, attrs = found
        tag = origin._tag = (Node(role, title, **dict(attrs)),)
    return tag


def _text_facts(paragraph: Paragraph) -> tuple[bool, bool, str | None]:
    """What a paragraph's /Lang and /ActualText depend on, besides its text: direction, Spans, document language."""
    rtl = bool(getattr(paragraph, "_rtl", False))
    return rtl, bool(paragraph.__dict__.get("_tag_spans")), document_language()


@functools.lru_cache(maxsize=4096)
def _paragraph_tag(markup: str, style_name: str, rtl: bool, spans: bool, document: str | None) -> tuple | None:
    """(role, bookmark title, attributes) of a paragraph; once per process for each text (most repeat per patient)."""
    text = markup_text(markup)
    if not text.strip():
        return None
    role = STYLE_ROLES.get(style_name.removesuffix("-rtl"), "P")  # a right-aligned copy keeps its role (paragraphs.py)
    return role, text if role[0] == "H" else None, tuple(text_attributes(text, rtl, spans).items())


def logical_text(paragraph: Paragraph) -> str:
    """A paragraph's text in reading order, from its markup (the drawn glyphs may be shaped or reordered)."""
    text = paragraph.__dict__.get("text")
    if text is None:  # a part made by split() without an origin
        return paragraph.getPlainText()
    return markup_text(text)


def markup_text(markup: str) -> str:
    return html.unescape(_TAGS.sub("", markup.replace("<br/>", " "))).replace("\u00a0", " ")


def tag(flowable: Flowable, *path: Node) -> Flowable:
    """Give a flowable its structure path (below its container's)."""
    flowable._tag = path
    return flowable


def as_list(items: Sequence[Paragraph]) -> list[Paragraph]:
    """Bulleted or numbered paragraphs as one list: L > LI > Lbl (the bullet or number) + LBody."""
    listing = Node("L")
    for item in items:
        entry = Node("LI")
        # Its language, and its words as written (ActualText) where the glyphs drawn are shaped or reordered.
        found = _paragraph_tag(item.__dict__.get("text") or escape(item.getPlainText()), "", *_text_facts(item))
        item._tag = (listing, entry, Node("LBody", **dict(found[2] if found else ())))
        item._tag_label = (listing, entry, Node("Lbl"))
    return list(items)


# ------------------------------------------------------------ tables

CellPaths = Callable[[int, int], Path | None]  # (row in the whole table, column) -> path; None: an Artifact


class Marked(Flowable):
    """A flowable that draws inside its marked content (a tick box: the Lbl of its list item)."""

    def drawOn(self, canvas, x, y, _sW=0):  # noqa: N802, N803 - ReportLab's names
        mark = getattr(canvas, "mark_flowable", None)
        if mark is None:
            return super().drawOn(canvas, x, y, _sW)
        return mark(self, x, y, lambda: Flowable.drawOn(self, canvas, x, y, _sW))
