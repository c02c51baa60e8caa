"""Any script in a Paragraph: a fallback font per run of text, shaping, and right-to-left words in their place.

ReportLab gives a paragraph fragment one font. `with_fallback_fonts` splits
each parsed fragment into runs, each in the first shipped face that has its
characters (handout_engine.fonts), keeping the fragment's weight: a Greek name
in a bold band prints in Noto Sans Bold. Runs in a face that needs shaping
(Arabic, Hebrew, Devanagari) are shaped word by word (handout_engine.shaping).

Right-to-left words inside our left-to-right documents: lines are broken in
reading order, then, at drawing time only, each run of consecutive
right-to-left words on a line is reversed (`visual_lines`), which is what the
Unicode bidirectional algorithm does for such a line. The paragraph itself
keeps reading order, so a split between pages stays correct.
"""

from __future__ import annotations

import re

from reportlab.pdfbase import pdfmetrics

from handout_engine.fonts import face_of, font_for, has_glyph, is_bold
from handout_engine.shaping import is_shaped_rtl

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
    """Whether any fragment holds a shaped right-to-left word."""
    return any(_has_rtl(getattr(frag, "text", "") or "") for frag in frags if not isinstance(frag, list | str))


def _all_in(text: str, font_name: str) -> bool:
    return all(c in _NEUTRAL or ord(c) >= _FIRST_SHAPED or has_glyph(font_name, c) for c in text)


def _has_rtl(text: str) -> bool:
    return any(ord(c) >= _FIRST_SHAPED and is_shaped_rtl(c) for c in text)


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


def visual_lines(bl_para):
    """A copy of a broken paragraph with each line's right-to-left word runs reversed, for drawing."""
    copy = bl_para.clone() if hasattr(bl_para, "clone") else bl_para
    if bl_para.kind == 0:
        copy.lines = [_visual_words_line(line) for line in bl_para.lines]
    else:
        copy.lines = [_visual_frag_line(line) for line in bl_para.lines]
    return copy


def _visual_words_line(line):
    """A line of a one-font paragraph: (extra space, [words])."""
    if isinstance(line, tuple):
        extra, words = line
        return extra, _reverse_rtl_runs(list(words))
    new = line.clone()
    new.words = _reverse_rtl_runs(list(line.words))
    return new


def _reverse_rtl_runs(words: list) -> list:
    """Reverse every run of consecutive right-to-left words (words are strings)."""
    out, run = [], []
    for word in words:
        if is_shaped_rtl(word):
            run.append(word)
            continue
        out += run[::-1]
        run = []
        out.append(word)
    return out + run[::-1]


def _visual_frag_line(line):
    """A line of a many-font paragraph: its fragments' words, right-to-left runs reversed, regrouped."""
    tokens = []  # (frag, text) in reading order; spaces are tokens of their own
    for frag in line.words:
        text = getattr(frag, "text", None)
        if text is None or hasattr(frag, "cbDefn"):
            tokens.append((frag, None))
            continue
        tokens += [(frag, part) for part in _SPACES.split(text) if part]
    if not any(text and is_shaped_rtl(text) for _f, text in tokens):
        return line
    ordered = []
    i = 0
    while i < len(tokens):
        frag, text = tokens[i]
        if not (text and is_shaped_rtl(text)):
            ordered.append(tokens[i])
            i += 1
            continue
        # A run: right-to-left words and the spaces between them (not the spaces after the last one).
        j, last = i, i
        while j < len(tokens) and tokens[j][1] is not None and (tokens[j][1].isspace() or is_shaped_rtl(tokens[j][1])):
            if not tokens[j][1].isspace():
                last = j
            j += 1
        ordered += tokens[i : last + 1][::-1]
        i = last + 1
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
