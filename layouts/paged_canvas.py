"""The canvas every document is drawn on: each page's furniture drawn when the document is saved, so that
"Page X of Y" knows Y; fonts seeded for a replayed body; the heading bookmarks; each page's content written
as its parts' streams (page_contents.py)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from reportlab.pdfbase.pdfdoc import PDFOutlines

from handout_engine.text.fonts import loaded_font_names
from handout_engine.text.operators import canvas_state

from .outline import FormattedOutlines, OutlineLevels
from .page_contents import PageContent, SplitPage, page_contents, parts_of
from .parts import PartsRecording, Place
from .replay import Recording, assigned_characters, seed_fonts
from .structure import write_structure
from .tagging import TaggingCanvas
from .templates import keep_nodes
from .writer import FastDocument

if TYPE_CHECKING:
    from .furniture import Furniture


class PagedCanvas(TaggingCanvas):
    """A canvas that draws "Page X of Y" on every page once the total is known, and writes the tags.

    It also registers the fonts in a fixed order, seeded with a recorded
    body's characters, and can record each page's body operators and marks
    (replay.py), so a body laid out once can be replayed under other
    patients' furniture. At save it writes the structure tree and a bookmark
    for each heading (tagging.py, structure.py).
    """

    def __init__(
        self,
        *args,
        furniture: Furniture,
        seeds: Mapping[str, str] | None = None,
        record: Recording | None = None,
        fillable: bool = False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self._doc.__class__ = FastDocument  # writes the structure elements as they were formatted (writer.py)
        if type(self._doc.Outlines) is PDFOutlines:
            self._doc.Outlines.__class__ = FormattedOutlines  # and the bookmarks (outline.py)
        self.fillable = fillable  # the layouts' marked places become form fields (fields.py)
        self._furniture = furniture
        self._page_states: list[dict] = []
        self._record = record
        self._body_start = 0
        self._page_places: list[Place] = []
        self._body_fonts: set[str] = set()
        self._body_objects = (0, 0, 0)  # links, forms and graphics states the furniture used on this page
        self._shared_parts: dict[str, PageContent] = {}  # a page's part the same on others of this document
        seed_fonts(self, furniture.fonts, seeds or {})
        if furniture.right_to_left:  # viewers show a right-to-left document's pages side by side from the right
            self.setViewerPreference("Direction", "R2L")

    def mark_body_start(self) -> None:
        """Called when the furniture is drawn: what follows on this page is the body."""
        self._body_start = len(self._code)
        if isinstance(self._record, PartsRecording):  # the characters and fonts the body draws, but for the parts
            self._doc.character_probe = self._record.static_characters
            self._body_fonts = set(self._doc.fontMapping)
            self._body_objects = (len(self._annotationrefs), len(self._formsinuse), len(self._extgstate._c))

    def note_part(self, leaf: int, room, x: float, y: float, spare: float, draw):
        """While a body is recorded around the patient's parts: where this one is drawn, and what it draws."""
        record = self._record
        if not isinstance(record, PartsRecording):
            return draw()
        doc = self._doc
        code, marks, mcid, state = len(self._code), len(self._tag_marks), self._tag_next, canvas_state(self)
        probe, doc.character_probe = doc.character_probe, None
        fonts = set(doc.fontMapping)
        try:
            drawn = draw()
        finally:
            doc.character_probe = probe
        self._body_fonts |= set(doc.fontMapping) - fonts  # first used by the part: not the body's
        start = self._body_start
        self._page_places.append(
            Place(
                leaf,
                room,
                x,
                y,
                spare,
                state,
                canvas_state(self),
                (mcid, self._tag_next),
                (code - start, len(self._code) - start),
                (marks, len(self._tag_marks)),
            )
        )
        return drawn

    def showPage(self):  # noqa: N802 - ReportLab's name
        if self._record is not None:
            self._record.pages.append(tuple(self._code[self._body_start :]))
            self._record.marks.append(marks := tuple(self.page_marks()))
            keep_nodes(marks, [place.marks for place in self._page_places])
        if isinstance(self._record, PartsRecording):
            self._record.places.append(tuple(self._page_places))
            self._record.page_ends.append((canvas_state(self), self._tag_next))
            # Links, form fields, forms and graphics states would need their objects too, not only operators.
            objects = (len(self._annotationrefs), len(self._formsinuse), len(self._extgstate._c))
            self._record.usable &= objects == self._body_objects
            self._record.static_fonts |= set(self._doc.fontMapping) - self._body_fonts
            self._page_places = []
            self._doc.character_probe = None  # the next page's furniture is not the body
        self.end_page_marks()
        self._page_states.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        if isinstance(self._record, PartsRecording):
            pass  # made with the seeds it replays with
        elif self._record is not None:
            self._record.seeds = assigned_characters(self, loaded_font_names())
        total = len(self._page_states)
        pages = self.tag_pages
        outlined = OutlineLevels()
        for number, state in enumerate(self._page_states, start=1):
            self.__dict__.update(state)
            count_start = len(self._code)
            self._furniture.draw_page_count(self, number, total)
            if not self._furniture.silent:
                outlined.bookmark(self, pages[number - 1])
            self._show_page_in_parts(count_start)
        if not self._furniture.silent:
            write_structure(self, pages, self._furniture.language, self._furniture.title)
        super().save()

    def _show_page_in_parts(self, count_start: int) -> None:
        """ReportLab's showPage, the page's content its furniture, body and page count as streams of their own.

        The parts are cut from the very lines ReportLab joins into a page's one
        stream (its preamble first, a space at the end), so together they are
        that stream, byte for byte.
        """
        if self._cropMarks:  # ReportLab moves operators about for these: its own one stream
            super().showPage()
            return
        code, body = self._code, self._body_start
        furniture = [*self._psCommandsBeforePage, self._preamble, *code[:body]]
        parts = parts_of(furniture, code[body:count_start], [*code[count_start:], " ", *self._psCommandsAfterPage])
        self._code, self._psCommandsBeforePage, self._psCommandsAfterPage = [], [], []
        super().showPage()
        page = self._doc.Pages.pages[-1]
        page.__class__ = SplitPage
        page.Contents = page_contents(parts, self._shared_parts)
