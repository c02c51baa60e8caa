"""Any script in a Paragraph: a fallback font per run of text, shaping, and right-to-left words in their place.

ReportLab gives a paragraph fragment one font. `with_fallback_fonts` splits
each parsed fragment into runs, each in the first shipped face that has its
characters (fonts.py), keeping the fragment's weight: a Greek name
in a bold band prints in Noto Sans Bold. Runs in a face that needs shaping
(Arabic, Hebrew, Devanagari) are shaped word by word (shaping.py).

Right-to-left text inside our left-to-right documents: lines are broken in
reading order, then, at drawing time only, each line is put in visual order
(`visual_lines`) by the rules of the Unicode bidirectional algorithm that a
left-to-right paragraph needs: right-to-left words, with the numbers,
spaces and punctuation between them, are reversed as a run; numbers keep
their digits left to right; brackets inside such a run are mirrored. The
paragraph itself keeps reading order, so a split between pages stays right.
"""

from __future__ import annotations

import re
import unicodedata

from reportlab.pdfbase import pdfmetrics

from .fonts import face_of, font_for, has_glyph, is_bold
from .shaping import bidi_class

_NEUTRAL = {" ", "\n", "\t", "\xa0"}
_FIRST_SHAPED = 0xF0000  # shaping.py's private-use codes: already in the right font
_SPACES = re.compile(r"(\s+)")


def with_fallback_fonts(frags: list) -> tuple[list, bool]:
    """The fragments split into runs by font; and whether any run is right-to-left."""
    out = []
    rtl = False
    for frag in frags:
        text = getattr(frag, "text", None)
        if not text or hasattr(frag, "cbDefn") or _all_in(text, frag.fontName):
            out.append(frag)
            rtl = rtl or _has_rtl(text or "")
            continue
        for font_name, run in _runs(text, frag.fontName):
            face = face_of(font_name)
            if face is not None and face.shaped:
                run = _shaped(run, font_name)
                rtl = rtl or _has_rtl(run)
            out.append(frag.clone(text=run, fontName=font_name))
    return out, rtl


def has_right_to_left(frags: list) -> bool:
    """Whether any fragment (or, in a part made by split(), any of its words) holds right-to-left text."""
    for frag in frags:
        if isinstance(frag, str):
            texts = [frag]
        elif isinstance(frag, list):  # a word as (width, (frag, text), ...)
            texts = [piece[1] for piece in frag[1:] if isinstance(piece, tuple | list) and len(piece) > 1]
        else:
            texts = [getattr(frag, "text", "") or "", *(getattr(frag, "words", None) or [])]
        if any(isinstance(text, str) and _has_rtl(text) for text in texts):
            return True
    return False


def _all_in(text: str, font_name: str) -> bool:
    return all(c in _NEUTRAL or ord(c) >= _FIRST_SHAPED or has_glyph(font_name, c) for c in text)


def _has_rtl(text: str) -> bool:
    return any(bidi_class(c) == "R" for c in text)


def _runs(text: str, font_name: str) -> list[tuple[str, str]]:
    """(font, text) runs: letters in the fragment's own font when it has them, else the first face that does.

    Spaces, and marks or punctuation the current run's font has, stay in the
    current run, so a word is not cut in two and a shaped word stays whole.
    """
    bold = is_bold(font_name)
    runs: list[list] = []
    for char in text:
        current = runs[-1][0] if runs else font_name
        if char in _NEUTRAL or ord(char) >= _FIRST_SHAPED or (not char.isalpha() and has_glyph(current, char)):
            font = current
        elif has_glyph(font_name, char):
            font = font_name
        else:
            font = font_for(char, bold) or font_name  # validation refused what no face has
        if runs and runs[-1][0] == font:
            runs[-1][1].append(char)
        else:
            runs.append([font, [char]])
    return [(font, "".join(chars)) for font, chars in runs]


def _shaped(run: str, font_name: str) -> str:
    font = pdfmetrics.getFont(font_name)
    return "".join(part if part.isspace() or not part else font.shape_word(part) for part in _SPACES.split(run))


# ---------------------------------------------------------------- drawing order

_MIRRORED = dict(zip("()[]{}<>«»‹›", ")(][}{><»«›‹", strict=True))


def visual_lines(bl_para):
    """A copy of a broken paragraph with each line in visual (drawing) order."""
    copy = bl_para.clone() if hasattr(bl_para, "clone") else bl_para
    if bl_para.kind == 0:
        copy.lines = [_visual_words_line(line) for line in bl_para.lines]
    else:
        copy.lines = [_visual_frag_line(line) for line in bl_para.lines]
    return copy


def _visual_words_line(line):
    """A line of a one-font paragraph: (extra space, [words]), spaces between the words implied."""
    words = line[1] if isinstance(line, tuple) else line.words
    tokens: list[tuple[None, str]] = []
    for i, word in enumerate(words):
        if i:
            tokens.append((None, " "))
        tokens += [(None, piece) for piece in _pieces(word)]
    ordered = _visual_order(tokens)
    if ordered is None:
        return line
    new_words = "".join(text for _f, text in ordered).split(" ")
    if isinstance(line, tuple):
        return line[0], new_words
    new = line.clone()
    new.words = new_words
    return new


def _visual_frag_line(line):
    """A line of a many-font paragraph: its fragments cut into pieces, put in visual order, regrouped."""
    tokens = []  # (frag, text) in reading order; text None for a fragment that is not text
    for frag in line.words:
        text = getattr(frag, "text", None)
        if text is None or hasattr(frag, "cbDefn"):
            tokens.append((frag, None))
            continue
        tokens += [(frag, piece) for piece in _pieces(text)]
    ordered = _visual_order(tokens)
    if ordered is None:
        return line
    words = []
    for frag, text in ordered:
        if text is None:
            words.append(frag)
        elif words and getattr(words[-1], "_source", None) is frag:
            words[-1].text += text
        else:
            piece = frag.clone(text=text)
            piece._source = frag
            words.append(piece)
    new = line.clone()
    new.words = words
    return new


def _pieces(text: str) -> list[str]:
    """`text` cut where its bidirectional class changes (each space, and each other neutral, on its own)."""
    pieces: list[str] = []
    previous = None
    for char in text:
        kind = bidi_class(char)
        if pieces and kind == previous and kind not in ("WS", "ON"):
            pieces[-1] += char
        else:
            pieces.append(char)
        previous = kind
    return pieces


def _bidi(text: str) -> str:
    return unicodedata.bidirectional(text) if len(text) == 1 else ""


def _visual_order(tokens: list) -> list | None:
    """Tokens in reading order -> drawing order, for a left-to-right paragraph; None when nothing moves.

    Unicode bidirectional algorithm, as a left-to-right line needs it: European
    digits after left-to-right text are left-to-right (W7); a run of neutrals takes the
    direction of the strong text on both sides, numbers counting as
    right-to-left there (N1), else left-to-right (N2); right-to-left text is
    level 1 and numbers level 2 (I1); then runs at level 2 and above, and at 1
    and above, are reversed (L2), and brackets at odd levels mirrored (L4).
    """
    kinds = [bidi_class(text[0]) if text else "ON" for _frag, text in tokens]
    if "R" not in kinds and "AN" not in kinds:
        return None
    texts = [text or "" for _frag, text in tokens]
    for i in range(1, len(kinds) - 1):  # W4: 1,5 and 12.30 are one number
        between = kinds[i - 1] == kinds[i + 1] and kinds[i - 1] in ("EN", "AN")
        if between and kinds[i] == "ON" and _bidi(texts[i]) in ("CS", "ES"):
            kinds[i] = kinds[i - 1]
    for i, kind in enumerate(kinds):  # W5: 50% and £12 keep their sign with the number
        beside = (i and kinds[i - 1] == "EN") or (i + 1 < len(kinds) and kinds[i + 1] == "EN")
        if beside and kind == "ON" and _bidi(texts[i]) == "ET":
            kinds[i] = "EN"
    strong = "L"  # W7: numbers after left-to-right text (or at the start) are left-to-right
    for i, kind in enumerate(kinds):
        if kind in ("L", "R"):
            strong = kind
        elif kind == "EN" and strong == "L":
            kinds[i] = "L"
    i = 0
    while i < len(kinds):  # N1, N2: each run of neutrals
        if kinds[i] not in ("WS", "ON"):
            i += 1
            continue
        j = i
        while j < len(kinds) and kinds[j] in ("WS", "ON"):
            j += 1
        before = "R" if i and kinds[i - 1] in ("R", "EN", "AN") else "L"
        after = "R" if j < len(kinds) and kinds[j] in ("R", "EN", "AN") else "L"
        kinds[i:j] = [before if before == after else "L"] * (j - i)
        i = j
    levels = [{"L": 0, "R": 1, "EN": 2, "AN": 2}[kind] for kind in kinds]
    order = list(range(len(tokens)))
    for floor in (2, 1):  # L2: reverse every run at this level or above
        i = 0
        while i < len(order):
            if levels[order[i]] < floor:
                i += 1
                continue
            j = i
            while j < len(order) and levels[order[j]] >= floor:
                j += 1
            order[i:j] = order[i:j][::-1]
            i = j
    visual = []
    for index in order:
        frag, text = tokens[index]
        if text is not None and levels[index] % 2 and text in _MIRRORED:
            text = _MIRRORED[text]
        visual.append((frag, text))
    return visual
