"""The patient's own parts of a body that is otherwise the same for every patient, drawn fresh into a replay.

The consent form and discharge sheet read the patient's record in a few places
only (the details tables, the name under the patient's statement, the risks
that matter to them, medicines, notes, follow-up); the rest is the handout's
and the brand's. Their layouts build each such place with `patient_part`. The
render step lays such a document out with every other flowable built from a
sheet with no patient in it and only these from the patient's, and records
its body as it is made (like the leaflet's, replay.py), each of the patient's
flowables cut out of its page's operators with where it was drawn, the room
it was given and the canvas state it started from. A later patient whose
parts measure the same in those rooms (and split the same way) breaks into
the same pages: they get the recorded pages back (`PartsBody`) with their
own parts drawn fresh in those places. A patient whose parts measure
otherwise is laid out and recorded in turn: a batch meets a few dozen shapes
(with or without medicines, a note, a name that wraps).

What is replayed was built from the sheet with no patient in it, and each
patient's parts are drawn from their own record every time: nothing recorded
can print one patient's details on another's paper. Tests compare replayed
documents with full layouts, word for word and pixel for pixel, and the same
document made after other patients in either order, byte for byte.
"""

from __future__ import annotations

import contextvars
import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from reportlab.platypus import Flowable, KeepTogether, PageBreak

from handout_engine.models import Sheet
from handout_engine.text.operators import canvas_state, restore_state

from .replay import Recording
from .tagging import Mark

Make = Callable[[Sheet], list[Flowable]]


class PartsMismatchError(Exception):
    """A replayed part left the canvas in another state than when recorded: the document is laid out in full instead."""


class PartsSession:
    """While a body is built for recording: the patient's sheet its parts are made from, and what they made.

    Every flowable of the patient's parts that the frame may draw is watched: what the layouts made, and
    each piece a split of one of them makes (a paragraph of notes running onto the next page), so that
    nothing of the patient's is ever drawn into the recorded operators.
    """

    def __init__(self, patient: Sheet | None):
        self.patient = patient  # None: the parts are made from the sheet the layout was given
        self.makers: list[Make] = []
        self.leaves: list[Flowable] = []
        self.index: dict[int, int] = {}  # id(leaf) -> its index
        self.made = 0  # leaves the makers made (the rest come from splits)
        self.room: dict[int, tuple[float, float]] = {}  # leaf index -> the last (width, height) it was offered
        self.refused: dict[int, list[tuple[float, float]]] = {}  # leaf index -> rooms where it would not split
        self.derived: list[tuple[int, tuple[float, float], tuple]] = []  # each split: leaf, room, its pieces

    def add(self, make: Make, sheet: Sheet) -> list[Flowable]:
        self.makers.append(make)
        made = make(self.patient if self.patient is not None else sheet)
        for leaf in leaves_of(made):
            self._watch(leaf)
        self.made = len(self.leaves)
        return made

    def _watch(self, leaf: Flowable) -> int:
        """Note the room each leaf is given, how it splits, and (by the canvas) where it is drawn."""
        known = self.index.get(id(leaf))
        if known is not None:
            return known
        index = self.index[id(leaf)] = len(self.leaves)
        self.leaves.append(leaf)
        wrap, split, draw_on = leaf.wrap, leaf.split, leaf.drawOn
        session = self

        def watched_wrap(width, height):
            session.room[index] = (width, height)
            return wrap(width, height)

        def watched_split(width, height):
            pieces = split(width, height)
            if pieces:
                known = tuple(index if piece is leaf else session.index.get(id(piece)) for piece in pieces)
                session.derived.append((index, (width, height), known))
                for piece in pieces:
                    session._watch(piece)
            else:
                session.refused.setdefault(index, []).append((width, height))
            return pieces

        def watched_draw_on(canvas, x, y, _sW=0):  # noqa: N803 - ReportLab's name
            note = getattr(canvas, "note_part", None)
            if note is None:
                return draw_on(canvas, x, y, _sW)
            return note(index, session.room.get(index), x, y, _sW, lambda: draw_on(canvas, x, y, _sW))

        leaf.wrap, leaf.split, leaf.drawOn = watched_wrap, watched_split, watched_draw_on
        return index


_session: contextvars.ContextVar[PartsSession | None] = contextvars.ContextVar("patient_parts", default=None)


def patient_part(sheet: Sheet, make: Make) -> list[Flowable]:
    """Flowables that print the patient's record: `make(sheet)`, everything of the sheet it reads read inside it."""
    session = _session.get()
    if session is None:
        return make(sheet)
    return session.add(make, sheet)


class parts_from:  # noqa: N801 - used as a context manager, like contextlib's
    """Within this block, the layouts' patient parts are made from `patient` (None: from the sheet they are given)."""

    def __init__(self, patient: Sheet | None):
        self.session = PartsSession(patient)

    def __enter__(self) -> PartsSession:
        self._token = _session.set(self.session)
        return self.session

    def __exit__(self, *exc):
        _session.reset(self._token)


def leaves_of(flowables: Sequence[Flowable]) -> list[Flowable]:
    """The flowables a frame draws: a KeepTogether only hands its content on (and a signed statement flattens it)."""
    out: list[Flowable] = []
    for flowable in flowables:
        if type(flowable) is KeepTogether:
            out += leaves_of(flowable._content)
        else:
            out.append(flowable)
    return out


def derived_leaves(recording: PartsRecording, leaves: Sequence[Flowable]) -> list[Flowable] | None:
    """These parts' leaves and the pieces of each split the recording made, made again; None: they split otherwise."""
    leaves = list(leaves)
    for parent, room, known in recording.derived:
        leaf = leaves[parent]
        leaf.canv = getattr(leaf, "canv", None)
        leaf.wrap(*room)
        pieces = leaf.split(*room)
        if len(pieces) != len(known):
            return None
        for piece, index in zip(pieces, known, strict=True):
            if index is None:
                leaves.append(piece)
            elif leaves[index] is not piece:
                return None
    return leaves


# ------------------------------------------------------------ recording


@dataclass(frozen=True)
class Place:
    """Where one of the patient's leaves was drawn on a recorded page, and what drawing it did there."""

    leaf: int  # its index among the parts' leaves, in making order
    room: tuple[float, float]
    x: float
    y: float
    spare: float  # ReportLab's _sW
    state: tuple  # the canvas state it started from (Canvas.STATE_ATTRIBUTES)
    after: tuple  # and the state it left
    mcids: tuple[int, int]  # the page's next MCID before and after it
    code: tuple[int, int]  # its operators: a span of the page's body code
    marks: tuple[int, int]  # its marks: a span of the page's marks


@dataclass
class PartsRecording(Recording):
    """A body recorded around the patient's parts: each page's places, and what the parts must measure."""

    places: list[tuple[Place, ...]] = field(default_factory=list)
    page_ends: list[tuple] = field(default_factory=list)  # each page's canvas state and next MCID at its end
    shape: tuple = ()  # what each leaf measured in its room (see `shape_of`)
    refused: dict[int, list[tuple[float, float]]] = field(default_factory=dict)
    rooms: dict[int, tuple[float, float]] = field(default_factory=dict)  # leaf index -> its room
    derived: list[tuple[int, tuple[float, float], tuple]] = field(default_factory=list)  # see PartsSession
    made: int = 0  # leaves the makers made
    keeps: tuple[bool, ...] = ()  # which of them keep with the next (keeps_of)
    static_characters: list[tuple[str, str]] = field(default_factory=list)  # (font, text) drawn but for the parts
    replayed: list = field(default_factory=list)  # RecordedPage, made when first replayed
    static_fonts: set[str] = field(default_factory=set)  # fonts the body but for the parts was first to use
    usable: bool = True


def shape_of(leaves: Sequence[Flowable], rooms: dict[int, tuple[float, float]], sizes: dict | None = None) -> tuple:
    """What decides where pages break around the parts: each leaf's kind, its size in its room, its spaces."""
    return tuple(measure(leaf, rooms.get(index), {} if sizes is None else sizes) for index, leaf in enumerate(leaves))


def measure(leaf: Flowable, room: tuple[float, float] | None, sizes: dict) -> tuple:
    """One leaf's entry in a shape; `sizes` remembers wraps, as each recorded shape is tried in turn."""
    key = (id(leaf), room)
    found = sizes.get(key)
    if found is None:
        size = None
        if room is not None:
            leaf.canv = getattr(leaf, "canv", None)
            size = tuple(leaf.wrap(*room))
        found = sizes[key] = (type(leaf).__name__, room, size, leaf.getSpaceBefore(), leaf.getSpaceAfter())
    return found


def keeps_of(made: Sequence[Flowable]) -> tuple[bool, ...]:
    """Which leaves keep with the next: read before layout, which clears it on the flowables it groups."""
    return tuple(bool(getattr(leaf, "getKeepWithNext", lambda: False)()) for leaf in made)


def replayed_leaves(recording: PartsRecording, made: Sequence[Flowable], keeps: tuple, sizes: dict):
    """The leaves to draw into this recording's pages, when they break the pages in the same places; else None.

    Same number, same sizes in the same rooms, the same splits into pieces of the same sizes, and no split
    where the recording had none. `keeps` is keeps_of(made); `sizes` is shared by the tries of one document.
    """
    if len(made) != recording.made or keeps != recording.keeps:
        return None
    shape, rooms = recording.shape, recording.rooms
    if any(measure(leaf, rooms.get(n), sizes) != shape[n] for n, leaf in enumerate(made)):
        return None
    leaves = derived_leaves(recording, made)
    if leaves is None or len(leaves) != len(shape):
        return None
    if any(measure(leaves[n], rooms.get(n), sizes) != shape[n] for n in range(len(made), len(leaves))):
        return None
    for index, tried in recording.refused.items():
        if any(leaves[index].split(*room) for room in tried):
            return None
    return leaves


# ------------------------------------------------------------ replay


class RecordedPage(NamedTuple):
    code: tuple[str, ...]  # the body's operators, the parts' cut out at their places
    marks: tuple[Mark, ...]
    places: tuple[Place, ...]
    end: tuple  # the canvas state and next MCID at the page's end
    numbered: tuple[int, ...]  # the operators that open a marked content with an MCID


class PartsBody(Flowable):
    """One recorded page with the patient's parts drawn fresh in their places.

    A part may mark more or fewer contents than when recorded (a date filled in, or a box left to write
    in): the recorded contents after it on the page are then numbered on from it (their MCIDs shifted).
    """

    def __init__(self, page: RecordedPage, leaves: Sequence[Flowable]):
        super().__init__()
        self.code, self.marks, self.places, self.end, self.numbered = page
        self.leaves = leaves

    def wrap(self, availWidth, availHeight):  # noqa: N803 - ReportLab's names
        return 0, 0

    def drawOn(self, canvas, x, y, _sW=0):  # noqa: N802, N803 - ReportLab's names; positions are recorded
        code_at = marks_at = shift = 0
        for place in self.places:
            self._put_back(canvas, code_at, place.code[0], marks_at, place.marks[0], shift)
            restore_state(canvas, place.state)
            canvas._tag_next = place.mcids[0] + shift
            leaf = self.leaves[place.leaf]
            leaf.canv = canvas
            leaf.wrap(*place.room)
            leaf.drawOn(canvas, place.x, place.y, place.spare)
            if canvas_state(canvas) != place.after:
                raise PartsMismatchError(f"{type(leaf).__name__} left the canvas otherwise than when recorded")
            shift = canvas._tag_next - place.mcids[1]
            restore_state(canvas, place.after)
            code_at, marks_at = place.code[1], place.marks[1]
        self._put_back(canvas, code_at, len(self.code), marks_at, len(self.marks), shift)
        state, next_mcid = self.end
        restore_state(canvas, state)
        canvas._tag_next = next_mcid + shift

    def _put_back(self, canvas, start: int, stop: int, marks_start: int, marks_stop: int, shift: int) -> None:
        """Recorded operators and marks, their MCIDs `shift`ed."""
        code = self.code[start:stop]
        marks = self.marks[marks_start:marks_stop]
        if shift:
            code = list(code)
            for n in self.numbered:
                if start <= n < stop:
                    role, mcid = code[n - start][1:-6].split(" <</MCID ")
                    code[n - start] = f"/{role} <</MCID {int(mcid) + shift}>> BDC"
            marks = [mark if mark.mcid is None else dataclasses.replace(mark, mcid=mark.mcid + shift) for mark in marks]
        canvas._code.extend(code)
        canvas._tag_marks.extend(marks)


def parts_story(recording: PartsRecording, leaves: Sequence[Flowable]) -> list[Flowable]:
    if not recording.replayed:
        pages = zip(recording.pages, recording.marks, recording.places, recording.page_ends, strict=True)
        for code, marks, places, end in pages:
            numbered = tuple(n for n, op in enumerate(code) if " <</MCID " in op and op.endswith(">> BDC"))
            recording.replayed.append(RecordedPage(code, marks, places, end, numbered))
    story: list[Flowable] = []
    for page in recording.replayed:
        if story:
            story.append(PageBreak())
        story.append(PartsBody(page, leaves))
    return story


def unwatched(leaves: Sequence[Flowable]) -> None:
    """Drop a recording's watchers from its leaves (they hold the session)."""
    for leaf in leaves:
        for name in ("wrap", "split", "drawOn"):
            leaf.__dict__.pop(name, None)
