"""Bodies that are the same for every patient are laid out once per process, then replayed.

The leaflet's body reads only the handout and the brand: for every patient of
a batch it breaks into the same pages, with the same text in the same places.
Only the page furniture (the patient band) differs. So the first time a
process needs such a body, it lays it out fully and records, page by page,
the PDF drawing operators the body produced; every document after that gets
those operators back as one flowable per page (`RecordedBody`), with the
furniture drawn fresh for its own patient. The recording is thrown away and
the first document replayed too, so every copy is made the same way.

One subtlety makes recorded operators reusable: ReportLab numbers the
characters of an embedded TrueType subset in the order a document first
uses them, and the patient band (drawn first on each page) would shift them.
So the body is recorded under silent furniture (same geometry, nothing
drawn), the characters it gave each font are kept with it, and every replay
gives the fonts those characters first (`seed_fonts`), before anything is
drawn. The body's tags travel with it (each page's marks, tagging.py).
Pages come out the same, pixel for pixel, as a full layout: the tests
render both and compare.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import zip_longest

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, PageBreak

MAX_CONTEXTS = 256  # ways of seeding fonts kept numbered; a batch uses one per document, content, brand and size
_numbers = itertools.count(1)


class RecordedBody(Flowable):
    """One page of a recorded body: its drawing operators, put back exactly where they were, and its tags."""

    def __init__(self, code: tuple[str, ...], marks: tuple = ()):
        super().__init__()
        self.code = code
        self.marks = marks  # tagging.Mark: MCIDs in `code`, numbered from 0 on the page

    def wrap(self, availWidth, availHeight):  # noqa: N803 - ReportLab's names
        return 0, 0

    def drawOn(self, canvas, x, y, _sW=0):  # noqa: N802, N803 - ReportLab's names; positions are in the code
        canvas._code.extend(self.code)
        replay_marks = getattr(canvas, "replay_marks", None)
        if replay_marks is not None:
            replay_marks(self.marks)


def replay_story(pages: Iterable[tuple[str, ...]], marks: Iterable[tuple] = ()) -> list[Flowable]:
    story: list[Flowable] = []
    for code, page_marks in zip_longest(pages, marks, fillvalue=()):
        if story:
            story.append(PageBreak())
        story.append(RecordedBody(code, page_marks))
    return story


@dataclass
class Recording:
    """A body laid out once: each page's drawing operators, and the characters it gave each font, in order."""

    pages: list[tuple[str, ...]] = field(default_factory=list)
    marks: list[tuple] = field(default_factory=list)  # each page's tagging.Mark, in drawing order
    seeds: dict[str, str] = field(default_factory=dict)
    makers: tuple = ()  # what makes the patient's parts of the body from a sheet (parts.py), in order


def seed_fonts(canvas: Canvas, font_names: Sequence[str], seeds: Mapping[str, str]) -> None:
    """Register the fonts in a fixed order and give each its recorded characters first.

    `font_names` (the text face) come first, then every other font the
    recorded body used, in the order it first used them. A font's internal
    name (F2) and each character's code in its subset are then the same as
    when the body was recorded, so the recorded operators draw the right
    glyphs. Every document is seeded, so font numbering never depends on which
    text happened to be drawn first.
    """
    doc = canvas._doc
    order = [*font_names, *(name for name in seeds if name not in font_names)]
    seeded = {}
    for name in order:
        font = pdfmetrics.getFont(name)
        if hasattr(font, "splitString"):  # TrueType: subsets numbered per document
            given = " " + seeds.get(name, "")
            for subset, _chunk in font.splitString(given, doc):
                font.getSubsetInternalName(subset, doc)
            seeded[name] = frozenset(given)
            state = font.state.get(doc)
            if seeds.get(name) and state is not None and state.nextCode & 0xFF:
                # Characters the seeds do not have (a patient's) start a subset of their own, so the
                # seeded subsets are the same in every document and are embedded from bytes made
                # once per process (text/embedding.py).
                state.nextCode = (state.nextCode | 0xFF) + 1
    # Documents seeded alike share one context: a paragraph's remembered operators (text/paragraphs.py) are
    # reused only within it, and only for text whose characters are all in `replay_seeded`.
    canvas.replay_seeded = seeded
    canvas.replay_context = _context_of(tuple(order), tuple(seeds.get(name, "") for name in order))


_contexts: dict[tuple, int] = {}


def _context_of(order: tuple[str, ...], given: tuple[str, ...]) -> int:
    """A small number standing for one way of seeding the fonts."""
    key = (order, given)
    if key not in _contexts:
        if len(_contexts) >= MAX_CONTEXTS:
            _contexts.clear()  # numbers are never reused, so old operators are simply never matched again
        _contexts[key] = next(_numbers)
    return _contexts[key]


def assigned_characters(canvas: Canvas, font_names: Sequence[str]) -> dict[str, str]:
    """The characters each font used in this document was given, in the order of their codes.

    Fonts come in the order the document first used them (their internal names F1, F2...).
    """
    found = []
    for name in font_names:
        state = getattr(pdfmetrics.getFont(name), "state", {}).get(canvas._doc)
        if state is not None and state.internalName is not None:
            order = sorted(state.assignments.items(), key=lambda item: item[1])
            number = int("".join(c for c in state.internalName if c.isdigit()) or 0)
            found.append((number, name, "".join(chr(code) for code, _n in order)))
    return {name: chars for _number, name, chars in sorted(found)}
