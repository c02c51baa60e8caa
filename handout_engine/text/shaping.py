"""Shaping for Arabic, Hebrew and Devanagari, with text that copies out in logical order.

ReportLab maps each character to one glyph. Arabic letters change shape with
their neighbours, Devanagari joins consonants and moves vowel signs, and
right-to-left words print from right to left: none of that is one character
to one glyph. HarfBuzz (uharfbuzz) does the shaping. Each glyph it picks is
given a private-use code point of its own, which ReportLab then draws like
any character (`ShapingTTFont.shape_word`).

What a reader's copy and paste, a screen reader or a test gets back from the
PDF is its ToUnicode map. ReportLab's own shaping maps such glyphs to
private-use characters, which copy out as nothing; here each (glyph, text)
pair gets its own code, mapped to the characters of its cluster, so Devanagari
copies out in logical order and right-to-left words (drawn in visual order,
as PDF viewers expect, which put them back in reading order) read back in
logical order too.

Why not ReportLab's `shaping=1`: it lost Devanagari vowel signs and returned
presentation forms for Arabic when extracted, and its right-to-left support
needs `rlbidi`, which is not on PyPI.
"""

from __future__ import annotations

import unicodedata

import uharfbuzz as hb
from reportlab.pdfbase.ttfonts import SUBSETN, TTFont, makeToUnicodeCMap

from .embedding import freeze_subset_objects, remember_subsets

# Private-use planes 15 and 16: far from any real character; codes are unique
# across every font in the process, so a code alone says what it stands for.
_FIRST_CODE = 0xF0000
_LAST_CODE = 0x10FFFD

_next_code = _FIRST_CODE
_text_of: dict[int, str] = {}  # code -> the text it copies out as
_class_of: dict[int, str] = {}  # code -> its bidirectional class for line ordering: "R", "L", "EN" or "AN"

# Characters that join a number when they stand between two digits (1,5 and 12.30 and 1/2).
_NUMBER_JOINERS = {",", ".", "/", ":", "\u066b", "\u066c"}


def bidi_class(char: str) -> str:
    """The class line ordering needs: "R", "L", "EN" or "AN" (digits), "WS" (a space) or "ON" (anything else)."""
    code = ord(char)
    if code >= _FIRST_CODE:
        return _class_of.get(code, "L")
    kind = unicodedata.bidirectional(char)
    if kind in ("R", "AL"):
        return "R"
    if kind in ("EN", "AN"):
        return kind
    if kind == "L":
        return "L"
    if kind in ("WS", "S", "B") or char.isspace():
        return "WS"
    return "ON"


def number_segments(word: str) -> list[tuple[str, bool]]:
    """`word` cut into (text, is_number) pieces: digits (with , . / : between digits) read left to right."""
    pieces: list[list] = []
    for i, char in enumerate(word):
        kind = unicodedata.bidirectional(char)
        digit = kind in ("EN", "AN") or (
            char in _NUMBER_JOINERS
            and 0 < i < len(word) - 1
            and unicodedata.bidirectional(word[i - 1]) in ("EN", "AN")
            and unicodedata.bidirectional(word[i + 1]) in ("EN", "AN")
        )
        if pieces and pieces[-1][1] == digit:
            pieces[-1][0] += char
        else:
            pieces.append([char, digit])
    return [(text, digit) for text, digit in pieces]


class ShapingTTFont(TTFont):
    """A TrueType font that can shape a word with HarfBuzz, and maps its shaped glyphs back to their text."""

    def __init__(self, name, filename, **kwargs):
        super().__init__(name, filename, **kwargs)
        remember_subsets(self.face)
        self._hb_font = None
        self._codes: dict[tuple[int, str], int] = {}
        self._shaped: dict[str, str] = {}

    def splitString(self, text, doc, encoding="utf-8"):  # noqa: N802 - ReportLab's name
        """ReportLab's; while a paragraph's drawing is recorded, it also notes the characters drawn (paragraphs.py)."""
        probe = getattr(doc, "character_probe", None)
        if probe is not None:
            probe.append((self.fontName, text))
        return super().splitString(text, doc, encoding)

    def shape_word(self, word: str) -> str:
        """`word` (no spaces) shaped: one private-use character per glyph.

        Numbers in it are shaped left to right (١٢٣ stays 123, whatever the
        script around it); each piece is in drawing order, the pieces in
        reading order, and each glyph's code carries its piece's direction,
        so a line can be put in visual order (layouts/scripts.py).
        """
        shaped = self._shaped.get(word)
        if shaped is None:
            pieces = [self._shape(text, "ltr" if digit else None, digit) for text, digit in number_segments(word)]
            shaped = self._shaped[word] = "".join(pieces)
        return shaped

    def _shape(self, word: str, direction: str | None, number: bool = False) -> str:
        if self._hb_font is None:
            self._hb_font = hb.Font(hb.Face(hb.Blob(self.face._ttf_data)))
        buffer = hb.Buffer()
        buffer.add_str(word)
        buffer.guess_segment_properties()
        if direction:
            buffer.direction = direction
        hb.shape(self._hb_font, buffer, {})
        rtl = buffer.direction == "rtl"
        if number:  # Arabic-Indic digits (AN) and European ones (EN) order differently after Latin text
            kind = "AN" if any(unicodedata.bidirectional(c) == "AN" for c in word) else "EN"
        else:
            kind = "R" if rtl else "L"
        infos, positions = buffer.glyph_infos, buffer.glyph_positions
        scale = 1000 / self._hb_font.face.upem
        # Where HarfBuzz puts each glyph: a vowel sign under its consonant, a dot on a Hebrew
        # letter. PDF text draws each glyph where the previous one's width ends, and widths
        # must not be negative (Chrome's viewer misreads them), so the glyphs are drawn from
        # left to right in the order of where they go, each as wide as the gap to the next.
        # (Vertical offsets keep the font's default.)
        targets, pen = [], 0.0
        for position in positions:
            targets.append((pen + position.x_offset) * scale)
            pen += position.x_advance
        total = pen * scale
        order = sorted(range(len(infos)), key=lambda i: targets[i])
        ends = [targets[i] for i in order[1:]] + [max(total, targets[order[-1]])] if order else []
        advances = [round(end - targets[i]) for i, end in zip(order, ends, strict=True)]
        # What the glyphs copy out as: the word's characters shared out in drawing order (for
        # right-to-left, from the right), so extraction gives the word as typed, whichever glyph
        # stands for which letter.
        reading = order[::-1] if rtl else order
        texts = dict.fromkeys(order, "")
        for n, i in enumerate(reading):
            texts[i] = word[n] if n < len(reading) - 1 else word[n:]
        codes: list[int] = []
        for i, advance in zip(order, advances, strict=True):
            text = texts[i]
            if rtl and len(text) > 1:
                # A ligature (lam-alef) in right-to-left text: viewers reverse the characters of a
                # right-to-left run one glyph at a time, so each of its characters but the first
                # rides on an empty glyph of its own, drawn before it.
                carrier = self._empty_glyph()
                if carrier is not None:
                    codes += [self._code_for(carrier, char, 0, kind) for char in reversed(text[1:])]
                    text = text[0]
            codes.append(self._code_for(infos[i].codepoint, text, advance, kind))
        return "".join(map(chr, codes))

    def _empty_glyph(self) -> int | None:
        """A glyph that draws nothing: the space's (given no width here). Joiners are not always empty."""
        return self.face.charToGlyph.get(0x20)

    def _code_for(self, glyph: int, text: str, advance: int, kind: str) -> int:
        """The private-use code for this glyph, copying out as `text`, with this advance: made once per process."""
        global _next_code
        key = (glyph, text, advance, kind)
        code = self._codes.get(key)
        if code is None:
            if _next_code > _LAST_CODE:
                raise RuntimeError("shaping ran out of private-use code points")
            code = self._codes[key] = _next_code
            _next_code += 1
            _text_of[code] = text
            _class_of[code] = kind
            self.face.charToGlyph[code] = glyph
            self.face.charWidths[code] = advance
        return code

    def addObjects(self, doc):  # noqa: N802 - ReportLab's name
        """Write the font as ReportLab does, then give shaped glyphs their real text in ToUnicode.

        The subsets' heavy pieces are then swapped for bytes formatted once per process (embedding.py).
        """
        state = self.state.get(doc)
        subsets = [list(subset) for subset in state.subsets] if state else []
        internal = [self.getSubsetInternalName(n, doc)[1:] for n in range(len(subsets))]
        super().addObjects(doc)
        bases = []
        for n, subset in enumerate(subsets):
            base = (b"".join((SUBSETN(n), b"+", self.face.name, self.face.subfontNameX))).decode("pdfdoc")
            bases.append(base)
            if not any(code in _text_of for code in subset):
                continue
            stream = doc.idToObject["toUnicodeCMap:" + base]
            stream.content = _to_unicode_cmap(base, subset)
        freeze_subset_objects(doc, self.face.filename, bases, subsets, internal)


def _to_unicode_cmap(base: str, subset: list[int]) -> str:
    """ReportLab's ToUnicode CMap, with each shaped glyph's code mapped to its text, all in UTF-16BE.

    A glyph with no letter of its own (when a word shapes to more glyphs than
    it has letters) is left out, so it copies out as nothing.
    """
    head, entries, tail = [], [], []
    section = head
    for line in makeToUnicodeCMap(base, subset).split("\n"):
        if line.endswith("beginbfchar"):
            head.append(line)
            section = entries
        elif line == "endbfchar":
            section = tail
            tail.append(line)
        elif section is entries:
            code_hex, value_hex = line[1:-1].split("> <")
            value = int(value_hex, 16)
            text = _text_of.get(value, chr(value))
            if text:
                # ReportLab writes plane 2 (rare Han) as bare hex, not UTF-16: encode every entry.
                entries.append(f"<{code_hex}> <{text.encode('utf-16-be').hex().upper()}>")
        else:
            section.append(line)
    head[-1] = f"{len(entries)} beginbfchar"
    return "\n".join([*head, *entries, *tail])
