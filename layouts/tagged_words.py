"""Words in another language inside a paragraph (text/spans.py): their Spans' marked content, written inside the
paragraph's text object as it is drawn, by the tagging canvas (tagging.py).

The paragraph's own marked content is opened when its text object begins;
each run's markers close it and open the run's Span (its /Lang, and
/ActualText where its glyphs are shaped or reordered), then go back to the
paragraph. A mark that ends up showing no text is taken out again.

A line of the first page's patient band is read before the body, so its
marks are numbered when the page ends (tagging.py): inside a text object,
which is a string by then, each of its marks is a placeholder replaced then.
"""

from __future__ import annotations

import contextlib

from .marks import Mark, Node, Path

_SHOWS_TEXT = ("Tj", "TJ", "Tj T*", "TJ T*")  # how a text object's operators that draw glyphs end
_PLACEHOLDER = "\x00band mark {}\x00"  # never in an operator: ReportLab escapes control characters in strings


class WordMarks:
    """The tagging canvas's marks inside a paragraph's text object."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._tag_inner: Path | None = None  # the element the paragraph being drawn marks
        self._tag_inner_text = None  # its text object, once begun
        self._tag_inner_open: tuple[int, int | None] | None = None  # (index of the open BDC in it, its MCID)
        self._tag_inner_top: float | None = None  # a heading's top, for the first mark
        self._tag_inner_first = False  # a line of the first page's band: its marks are numbered at the page's end
        self._tag_placeholders: list[tuple[str, Mark]] = []  # that line's marks, until its text object is drawn
        self._tag_span: tuple | None = None  # (run, Span node) open
        self._tag_spans_made: dict[tuple, Node] = {}  # (element, run) -> its Span: one element for each run

    @contextlib.contextmanager
    def read_first_with_words(self, path: Path):
        """A line of the first page's band with words in another language: its element and Spans, read first."""
        self._tag_inner, self._tag_inner_first = path, True
        self._tag_artifact += 1  # the line's own drawOn marks nothing more
        try:
            yield
        finally:
            self._tag_artifact -= 1
            self._tag_inner, self._tag_inner_first = None, False

    def begin_inner_marks(self, text) -> None:
        """A paragraph with Spans has begun its text object: its marked content is opened inside it."""
        path = self._tag_inner
        if not path or (self._tag_artifact and not self._tag_inner_first) or self._formData:
            return
        self._tag_inner_text = text
        self._tag_span = None
        self._open_inner(text, path)

    def language_span(self, run, text) -> None:
        """A run's marker: open its Span, or close it and go back to the paragraph (either marker toggles)."""
        path = self._tag_inner
        if text is not self._tag_inner_text or not path:
            return
        open_span = self._tag_span
        if open_span is None and run.language == next(
            (n.attrs["Lang"] for n in reversed(path) if "Lang" in n.attrs), None
        ):
            return  # the element is in that language already
        self._close_inner(text)
        if open_span is not None and open_span[0] is run:
            self._tag_span = None
            self._open_inner(text, path)
            return
        key = (path[-1], run)
        span = self._tag_spans_made.get(key)
        if span is None:
            attrs = {"Lang": run.language}
            if run.actual_text:
                attrs["ActualText"] = run.actual_text
            span = self._tag_spans_made[key] = Node("Span", **attrs)
        self._tag_span = (run, span)
        self._open_inner(text, (*path, span))

    def _end_inner_marks(self, text) -> None:
        self._close_inner(text)
        self._tag_inner_text = self._tag_span = None

    def _placed_first(self) -> None:
        """The band line's text object is drawn (the page's last operator): its placeholders are numbered at the
        page's end, with the band's other marks."""
        index = len(self._code) - 1
        self._tag_first += [(self._code, index, mark, placeholder) for placeholder, mark in self._tag_placeholders]
        self._tag_placeholders = []

    def _open_inner(self, text, path: Path) -> None:
        if self._tag_inner_first:
            placeholder = _PLACEHOLDER.format(len(self._tag_first) + len(self._tag_placeholders))
            self._tag_placeholders.append((placeholder, Mark(None, path)))
            text._code.append(placeholder)
            self._tag_inner_open = (len(text._code) - 1, None)
            return
        mcid = self._tag_next
        self._tag_next += 1
        self._tag_marks.append(Mark(mcid, path, self._tag_inner_top))
        self._tag_inner_top = None
        text._code.append(f"/{path[-1].role} <</MCID {mcid}>> BDC")
        self._tag_inner_open = (len(text._code) - 1, mcid)

    def _close_inner(self, text) -> None:
        """End the open mark; one that showed no text (a Span at the paragraph's start or end) is taken out."""
        index, mcid = self._tag_inner_open
        self._tag_inner_open = None
        code = text._code
        shown = any(op.endswith(_SHOWS_TEXT) for op in code[index + 1 :])
        if not shown and mcid is None:  # a band line's, not numbered yet
            self._tag_placeholders.pop()
            del code[index]
            return
        if not shown and self._tag_marks and self._tag_marks[-1].mcid == mcid == self._tag_next - 1:
            top = self._tag_marks.pop().top
            del code[index]
            self._tag_next -= 1
            self._tag_inner_top = top
            return
        code.append("EMC")
