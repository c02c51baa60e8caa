"""Step 4: Sheet + layout -> PDF bytes.

Output is invariant (ReportLab's `invariant=1`): the same inputs give
byte-identical PDFs, so a test can compare them and an audit can prove which
version a patient received. Fonts, styles and logos come from per-process
caches; only the patient's own story is laid out per document.

PDF metadata names the document, the handout and the clinic, never the
patient: metadata travels with a file into places a page does not.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import io
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from layouts import BUILDERS
from layouts.furniture import Furniture
from layouts.furniture_text import draw_blank_page_notice
from layouts.keeping import ending
from layouts.paged_canvas import PagedCanvas
from layouts.parts import (
    PartsMismatchError,
    PartsRecording,
    keeps_of,
    leaves_of,
    parts_from,
    parts_story,
    replayed_leaves,
    shape_of,
    unwatched,
)
from layouts.replay import Recording, replay_story
from layouts.styles import styles_for

from .archive import to_archive
from .locale import labels_for
from .logos import svg_drawing
from .models import PageSetup, PatientLabel, Sheet, document_kind
from .placeholders import fill
from .text.fonts import register_fonts
from .text.scripts import page_direction, writing_language
from .text.words import DICTIONARY_SCRIPTS, keeping_whole
from .text.writing import script_of

CREATOR = "Patient handout generator"
MAX_RECORDINGS = 64  # recorded bodies kept per process; a batch uses a handful
PAGE_SIZES = {"a4": A4, "letter": LETTER}


@dataclass(frozen=True)
class Rendered:
    document: str
    pdf: bytes
    pages: int


_recordings: dict[tuple, Recording] = {}


def render_document(sheet: Sheet, document: str, setup: PageSetup | None = None) -> Rendered:
    """Lay out one document for one patient, its text set for the record's language (text/scripts.py), its pages
    mirrored when the document's own language is written right to left."""
    language = sheet.handout.meta.language
    names = _names_kept_whole(sheet)  # a name is never broken inside a word
    with (
        writing_language(sheet.writing_language or language, language),
        page_direction(language),
        keeping_whole(*names),
    ):
        return _render_document(sheet, document, setup)


def _render_document(sheet: Sheet, document: str, setup: PageSetup | None) -> Rendered:
    """Lay out one document for one patient.

    Every document is first laid out once per process for each content,
    brand and frame size from a sheet with no patient in it. A document whose
    body is the same for every patient (its kind's same_for_every_patient)
    then has those recorded pages replayed under this patient's own page
    furniture (layouts/replay.py); the others are laid out for the patient,
    with the fonts seeded with the characters that layout used, so that text
    which is the same for every patient draws the same operators in every
    document and each paragraph's can be reused (text/paragraphs.py).
    """
    build = BUILDERS[document]
    kind = document_kind(document)
    setup = setup or PageSetup()
    pagesize = PAGE_SIZES[setup.paper]
    styles = styles_for(sheet.brand, setup.large_print, sheet.handout.meta.language)
    labels = labels_for(sheet.handout.meta.language)
    logo = svg_drawing(sheet.brand.logo) if sheet.brand.logo and sheet.brand.logo.suffix.lower() == ".svg" else None
    furniture = Furniture(sheet, styles, labels, document, pagesize, logo)
    width = furniture.frame_box()[2]
    meta = sheet.handout.meta
    key = (meta.id, meta.language, meta.content_version, sheet.brand.id, document, furniture.frame_box(), setup)
    recording = _recordings.get(key)
    if recording is None:
        recording = Recording()
        # Under silent furniture (same frame, nothing drawn) and from a sheet with no patient in
        # it: a body that ever read a patient's field would print blanks, never one patient's
        # details on another patient's paper.
        silent = Furniture(sheet, styles, labels, document, pagesize, logo, silent=True)
        # Nor under this patient's names kept whole (text/words.py): the recording serves every later patient, so
        # its line breaks must not depend on which patient happened to come first.
        with parts_from(None) as made, keeping_whole():  # what makes the patient's parts is kept (layouts/parts.py)
            body = ending(build(without_patient(sheet), styles, labels, width), silent.closing())
        recording.makers = tuple(made.makers)
        unwatched(made.leaves)
        _build(sheet, document, silent, body, recording)
        if not kind.same_for_every_patient:
            recording.pages.clear()  # only its characters are used: the body is laid out for each patient
            recording.marks.clear()
        if len(_recordings) >= MAX_RECORDINGS:
            _recordings.clear()
        _recordings[key] = recording
    if kind.same_for_every_patient:
        story = replay_story(recording.pages, recording.marks)
        pdf, page_count = _build(sheet, document, furniture, story, seeds=recording.seeds, fillable=setup.fillable)
    elif replays_parts(recording, sheet, setup):
        blank_body = functools.partial(_blank_body, build, sheet, styles, labels, width, furniture)
        pdf, page_count = _around_parts(sheet, document, key, recording, blank_body, furniture)
    else:
        story = ending(build(sheet, styles, labels, width), furniture.closing())
        pdf, page_count = _build(sheet, document, furniture, story, seeds=recording.seeds, fillable=setup.fillable)
    if setup.archive:
        pdf = to_archive(pdf, labels[document])
    return Rendered(document, pdf, page_count)


def replays_parts(recording: Recording, sheet: Sheet, setup: PageSetup) -> bool:
    """The consent form and discharge sheet: the body recorded around the patient's parts (layouts/parts.py).

    Not for form fields (objects, not only operators), nor for content whose placeholders hold this
    patient's values (the body outside the parts would print them blank).
    """
    return bool(recording.makers) and not setup.fillable and sheet.template is None


# Recordings kept for each document, content, brand and size: one per shape of the patient's parts. 5,000 bench
# patients meet 160 discharge-sheet shapes; with room for 64, the oldest were dropped and met again (383 recordings).
MAX_SHAPES = 192
# And in all: the words of names kept whole (Thai, Lao, Khmer, Burmese) make a key of their own for each name, so
# without a bound on the whole, memory grew with every such patient (300 Thai names: 244 keys, +47 MiB). Twice a
# key's room, so that one full key never pushes out the keys every record uses (its consent form's).
MAX_SHAPES_KEPT = 2 * MAX_SHAPES
_shapes: dict[tuple, list[PartsRecording]] = {}


def _kept_whole(sheet: Sheet) -> tuple[str, ...]:
    """The words of the names kept whole (render_document) that change where the content's lines may break
    (text/words.py): the body outside the parts depends on them, so a shape is recorded for each."""
    words = " ".join(_names_kept_whole(sheet)).split()
    return tuple(w for w in words if len(w) > 1 and any(script_of(c) in DICTIONARY_SCRIPTS for c in w))


def _names_kept_whole(sheet: Sheet) -> tuple[str, ...]:
    """Names never broken inside a word (text/words.py), wherever they stand in the text."""
    return tuple(name for name in (sheet.label.name, sheet.clinician, sheet.follow_up_with) if name)


def _blank_body(build, sheet: Sheet, styles, labels: dict, width: float, furniture: Furniture) -> list:
    """The body with every flowable but the patient's parts built from the sheet with no patient in it."""
    return ending(build(without_patient(sheet), styles, labels, width), furniture.closing())


def _around_parts(sheet, document, key, base: Recording, blank_body, furniture) -> tuple[bytes, int]:
    """The document replayed from a body recorded around parts shaped like this patient's.

    A patient whose parts are shaped like none recorded yet is laid out, and recorded as it is made. Every
    copy is the same, byte for byte, as that first one (tests compare), whichever patient came first.
    """
    made = leaves_of([flowable for make in base.makers for flowable in make(sheet)])
    shape_key = (key, sheet.writing_language, _kept_whole(sheet))
    recordings = _shapes.pop(shape_key, None) or []
    _shapes[shape_key] = recordings  # last: the keys used least lately are dropped first (_keep_shapes_bounded)
    keeps, sizes = keeps_of(made), {}
    for recording in recordings:
        leaves = replayed_leaves(recording, made, keeps, sizes)
        if leaves is not None:
            if recording.usable:
                with contextlib.suppress(PartsMismatchError):
                    return _build(sheet, document, furniture, parts_story(recording, leaves), seeds=recording.seeds)
            # Made as a recording is made, only not recorded: the same bytes whoever came first.
            with parts_from(sheet) as session:
                body = blank_body()
            made_here = _build(sheet, document, furniture, body, seeds=base.seeds)
            unwatched(session.leaves)
            return made_here
    recording, pdf, pages = _record_around_parts(sheet, document, base.seeds, blank_body, furniture)
    if len(recordings) >= MAX_SHAPES:
        recordings.pop(0)
    recordings.append(recording)
    _keep_shapes_bounded()
    return pdf, pages


def _keep_shapes_bounded() -> None:
    """At most MAX_SHAPES_KEPT recordings in all: the keys used least lately are dropped first (met again, recorded
    again); never the one just used, which is last.

    Each step is one operation on the dict, safe beside the web server's other threads."""
    for key in list(_shapes):
        if len(_shapes) <= 1 or sum(map(len, list(_shapes.values()))) <= MAX_SHAPES_KEPT:
            return
        _shapes.pop(key, None)


def _record_around_parts(sheet, document, seeds: dict[str, str], blank_body, furniture):
    """Lay the document out with the patient's parts, everything else from the sheet with no patient in it, and
    record its body as it is made: (recording, pdf, pages).

    The fonts are seeded as for every copy of the document. A recording is never replayed if the body outside
    the parts drew a character the seeding gave no code (a "continued" heading that only a longer part pushes
    onto a page of its own): its code would differ from copy to copy.
    """
    recording = PartsRecording(seeds=dict(seeds))
    with parts_from(sheet) as session:
        body = blank_body()
    recording.keeps = keeps_of(session.leaves)
    pdf, pages = _build(sheet, document, furniture, body, recording, seeds=recording.seeds)
    unwatched(session.leaves)
    recording.rooms, recording.refused = dict(session.room), dict(session.refused)
    recording.derived, recording.made = list(session.derived), session.made
    recording.shape = shape_of(session.leaves, recording.rooms)
    recording.usable &= all(set(text) <= set(seeds.get(font, "")) | {" "} for font, text in recording.static_characters)
    recording.usable &= not (recording.static_fonts - set(seeds))  # a font with no seeds to fix its number
    recording.static_characters = []
    return recording, pdf, pages


class BodyFrame(Frame):
    """A Frame that copies itself quickly.

    Each KeepTogether (a statement and its signature lines, a list's first
    items with their heading) measures its content on a deep copy of the
    frame; copy.deepcopy walks every attribute and was a twentieth of a
    batch. The frame's state is numbers and strings, and lists and dicts of
    them that layout replaces rather than changes in place: a copy of each
    container is as good as a deep copy (tests compare the PDFs with Frame's).
    """

    def __deepcopy__(self, memo):
        copied = Frame.__new__(type(self))
        copied.__dict__.update(
            {
                name: list(value) if isinstance(value, list) else dict(value) if isinstance(value, dict) else value
                for name, value in self.__dict__.items()
            }
        )
        return copied


@functools.lru_cache(maxsize=256)  # the same for every document of a patient
def render_filler(patient_id: str, language: str, setup: PageSetup) -> bytes:
    """The back page of an odd-paged document in a two-sided print bundle: "This page is intentionally
    left blank", with the patient's id, so a blank side is never taken for a page missing or another patient's."""
    from reportlab.pdfgen.canvas import Canvas

    labels = labels_for(language)
    regular, bold = register_fonts()
    buffer = io.BytesIO()
    pagesize = PAGE_SIZES[setup.paper]
    canvas = Canvas(buffer, pagesize=pagesize, invariant=1, initialFontName=regular, pageCompression=1)
    canvas.setTitle(labels["blank_page"])
    canvas.setCreator(CREATOR)
    size = 16 if setup.large_print else 12
    lines = [labels["blank_page"], f"{labels['patient_id']}: {patient_id}"]
    draw_blank_page_notice(canvas, pagesize, (bold, regular), lines, size)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


# The sheet's fields that hold no patient's data: all a body laid out once for every patient may read.
NOT_THE_PATIENTS = frozenset({"handout", "brand", "procedure", "content_version", "last_reviewed", "next_review"})
NOT_THE_PATIENTS |= {"review_overdue"}


def without_patient(sheet: Sheet) -> Sheet:
    """The sheet with every patient field emptied: what a patient-independent body is built from.

    Every field not named in NOT_THE_PATIENTS is emptied, so a field added to
    the Sheet later is emptied too until someone decides otherwise: a
    recorded body can then print blanks, never one patient's details on
    another's leaflet. Content whose placeholders this patient's values
    filled goes back to its template, filled with nothing.
    """
    emptied = {}
    for field in dataclasses.fields(sheet):
        value = getattr(sheet, field.name)
        if field.name in NOT_THE_PATIENTS or value is None:
            continue
        if isinstance(value, PatientLabel):
            emptied[field.name] = PatientLabel(name="", born="", patient_id="", nhs_number=None)
        elif isinstance(value, (str, tuple, int, float)):  # bool is an int: False
            emptied[field.name] = None if _optional(field) else type(value)()
        else:
            emptied[field.name] = None
    if sheet.template is not None:
        emptied["handout"] = fill(sheet.template, {})
    return dataclasses.replace(sheet, **emptied)


def _optional(field: dataclasses.Field) -> bool:
    return "None" in str(field.type)


def _build(
    sheet: Sheet,
    document: str,
    furniture: Furniture,
    story: list,
    record: Recording | None = None,
    seeds: dict[str, str] | None = None,
    fillable: bool = False,
) -> tuple[bytes, int]:
    x, y, width, height = furniture.frame_box()
    pagesize = (furniture.page_width, furniture.page_height)
    styles = furniture.styles
    buffer = io.BytesIO()
    meta = sheet.handout.meta
    doc = BaseDocTemplate(
        buffer,
        pagesize=pagesize,
        invariant=1,
        initialFontName=styles.regular,  # never let Helvetica in as the canvas's first font
        title=furniture.title,
        lang=meta.language,
        displayDocTitle=1,  # viewers show the title, not the file name (PDF/UA)
        subject=f"{meta.id} ({meta.language}), content version {meta.content_version}",
        author=sheet.brand.clinic_name,
        keywords=[meta.id, document, sheet.brand.clinic_name],
        creator=CREATOR,
        leftMargin=x,
        rightMargin=x,
        topMargin=pagesize[1] - y - height,
        bottomMargin=y,
    )
    frame = BodyFrame(x, y, width, height, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=furniture.draw_page)])
    canvasmaker = functools.partial(PagedCanvas, furniture=furniture, seeds=seeds, record=record, fillable=fillable)
    doc.build(story, canvasmaker=canvasmaker)
    return buffer.getvalue(), doc.page
