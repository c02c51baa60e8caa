"""Drawing remembered as its PDF operators, put back wherever its characters get the same codes.

Text drawn again and again (the patient band on every page of a document,
"Page 3 of 7", the footer, the patient's barcode) costs ReportLab the same
work each time: runs cut by font, shaped, measured, formatted. What a drawing
writes depends only on what is drawn, the canvas state it starts from, and
the code each of its characters has in its font's subset in this PDF. So
`draw_remembered` keeps a drawing's operators with the texts it gave each font
(the fonts' character probe, shaping.py) and the codes they got; a later
drawing of the same thing from the same state asks this PDF's fonts for those
texts' codes, and when they are the same, puts the operators back.

Asking for the codes gives a character that has none yet its code exactly as
the drawing would have (the same calls, in the same order), so a PDF made with
put-back operators is the same, byte for byte, as one drawn in full (tests
compare). Only drawings that added nothing but operators are kept (no object,
link, form, graphics state, font first used or marked content), and only put
back where every font they use is already in the PDF. The key names what is
drawn (the very paragraph or barcode object, kept alive with it), so what is
put back can only ever print that.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

MAX_DRAWINGS = 512  # a document's band lines, footer, barcode and page counts; a few documents' worth
MAX_ENCODINGS = 8  # ways one drawing's characters are coded (each document kind seeds its fonts its own way)
STATE_NAMES = [name for name in Canvas.STATE_ATTRIBUTES if name != "_extgstate"]

_drawings: OrderedDict[tuple, tuple[list, dict]] = OrderedDict()


def canvas_state(canvas: Canvas) -> tuple:
    """The canvas's own idea of the graphics state, which decides what operators the next drawing writes."""
    values = canvas.__dict__
    return (*(values[name] for name in STATE_NAMES), tuple(sorted(canvas._extgstate._d.items())))


def restore_state(canvas: Canvas, state: tuple) -> None:
    canvas.__dict__.update(zip(STATE_NAMES, state[:-1], strict=True))
    canvas._extgstate._d = dict(state[-1])


def draw_remembered(canvas: Canvas, key: Hashable, draw: Callable[[], object]) -> None:
    """`draw()`, or the operators it wrote before from this state with these characters' codes.

    `key` must name everything the drawing depends on besides the canvas state and the codes: what is drawn
    (the object itself, not a copy of its text) and where.
    """
    doc = canvas._doc
    # Fonts every drawing may use without the probe seeing it (a built-in face) are named by the PDF's own order.
    fonts = tuple(doc.fontMapping.items())
    tagging = (getattr(canvas, "_tag_artifact", 0) > 0, bool(canvas._formData))
    full = (key, tagging, fonts, canvas_state(canvas))
    entry = _drawings.get(full)
    if entry is not None:
        _drawings.move_to_end(full)
        probe, by_codes = entry
        hit = by_codes.get(_codes(probe, doc))
        if hit is not None:
            code, after = hit
            canvas._code.extend(code)
            restore_state(canvas, after)
            outer = getattr(doc, "character_probe", None)
            if outer is not None:  # a recording around the patient's parts checks what was drawn (parts.py)
                outer.extend(probe)
            return
    start, before = len(canvas._code), _additions(canvas)
    outer = getattr(doc, "character_probe", None)
    doc.character_probe = probe = []
    try:
        draw()
    finally:
        doc.character_probe = outer
        if outer is not None:
            outer.extend(probe)
    if _additions(canvas) != before:
        return
    codes = _codes(probe, doc)
    if codes is None:
        return
    if entry is None:
        entry = (probe, {})
        _drawings[full] = entry
        if len(_drawings) > MAX_DRAWINGS:
            _drawings.popitem(last=False)
    if len(entry[1]) < MAX_ENCODINGS:
        entry[1][codes] = (tuple(canvas._code[start:]), canvas_state(canvas))


def _codes(probe: list[tuple[str, str]], doc) -> tuple | None:
    """Each probed text's subsets and codes in `doc`; None when one of its fonts is not in `doc` yet."""
    outer, doc.character_probe = getattr(doc, "character_probe", None), None  # asking is not drawing
    try:
        found = []
        for font_name, text in probe:
            font = pdfmetrics.getFont(font_name)
            state = font.state.get(doc)
            if state is None or state.internalName is None:
                return None
            known = _known_codes(state, text)
            if known is None:  # a character new to this PDF: ReportLab gives it its code, as drawing would
                known = [
                    (font.getSubsetInternalName(subset, doc), encoded)
                    for subset, encoded in font.splitString(text, doc)
                ]
            found += known
        return tuple(found)
    finally:
        doc.character_probe = outer


def _known_codes(state, text: str) -> list[tuple[str, bytes]] | None:
    """What ReportLab's splitString and getSubsetInternalName give `text` when every character has its code
    already (None otherwise): runs of one subset, each its subset's font name and its characters' codes."""
    if not isinstance(text, str):
        return None
    codes = list(map(state.assignments.get, map(ord, text.replace("\u00a0", " "))))
    if None in codes:
        return None
    if not codes or max(codes) < 0x100:  # one run of the first subset: most text, at once
        return [(f"/{state.internalName}+0", bytes(codes))] if codes else []
    found: list[tuple[str, bytes]] = []
    subset, run = -1, []
    for code in codes:
        if code >> 8 != subset:
            if run:
                found.append((f"/{state.internalName}+{subset}", bytes(run)))
            subset, run = code >> 8, []
        run.append(code & 0xFF)
    if run:
        found.append((f"/{state.internalName}+{subset}", bytes(run)))
    return found


def _additions(canvas: Canvas) -> tuple[int, ...]:
    """What drawing can add to a PDF besides operators: objects, links, forms, graphics states, fonts, tags."""
    doc = canvas._doc
    tags = (
        len(getattr(canvas, "_tag_marks", ())),
        len(getattr(canvas, "_tag_first", ())),
        getattr(canvas, "_tag_next", 0),
    )
    objects = (len(doc.idToObject), len(canvas._annotationrefs), len(canvas._formsinuse), len(canvas._extgstate._c))
    return *objects, len(doc.fontMapping), *tags
