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

# Private-use planes 15 and 16: far from any real character; codes are unique
# across every font in the process, so a code alone says what it stands for.
_FIRST_CODE = 0xF0000
_LAST_CODE = 0x10FFFD

_next_code = _FIRST_CODE
_text_of: dict[int, str] = {}  # code -> the text it copies out as
_rtl_codes: set[int] = set()  # codes drawn as part of a right-to-left word


def is_right_to_left(char: str) -> bool:
    """A character of a right-to-left script (Hebrew, Arabic, Syriac, Thaana, N'Ko...)."""
    return unicodedata.bidirectional(char) in ("R", "AL")


def is_shaped_rtl(word: str) -> bool:
    """A word made by shape_word from right-to-left text (so it is drawn in visual order)."""
    return bool(word) and ord(word[0]) in _rtl_codes


class ShapingTTFont(TTFont):
    """A TrueType font that can shape a word with HarfBuzz, and maps its shaped glyphs back to their text."""

    def __init__(self, name, filename, **kwargs):
        super().__init__(name, filename, **kwargs)
        self._hb_font = None
        self._codes: dict[tuple[int, str], int] = {}
        self._shaped: dict[str, str] = {}

    def shape_word(self, word: str) -> str:
        """`word` (no spaces) shaped: one private-use character per glyph, in drawing order."""
        shaped = self._shaped.get(word)
        if shaped is None:
            shaped = self._shaped[word] = self._shape(word)
        return shaped

    def _shape(self, word: str) -> str:
        if self._hb_font is None:
            self._hb_font = hb.Font(hb.Face(hb.Blob(self.face._ttf_data)))
        buffer = hb.Buffer()
        buffer.add_str(word)
        buffer.guess_segment_properties()
        hb.shape(self._hb_font, buffer, {})
        rtl = buffer.direction == "rtl"
        infos, positions = buffer.glyph_infos, buffer.glyph_positions
        starts = sorted({info.cluster for info in infos})
        ends = dict(zip(starts, [*starts[1:], len(word)], strict=True))
        # The glyphs of each cluster share out the cluster's text, in reading order: for
        # right-to-left, from the rightmost glyph (drawn last) to the left. A glyph that
        # stands for several characters (a ligature) keeps them in reading order: text
        # extraction puts a glyph's characters back as one piece.
        by_cluster: dict[int, list[int]] = {}
        for i, info in enumerate(infos):
            by_cluster.setdefault(info.cluster, []).append(i)
        texts = [""] * len(infos)
        for start, members in by_cluster.items():
            text = word[start : ends[start]]
            if rtl:
                members = members[::-1]
            for n, i in enumerate(members):
                texts[i] = text[n] if n < len(members) - 1 else text[n:]
        scale = 1000 / self._hb_font.face.upem
        return "".join(
            chr(self._code_for(info.codepoint, texts[i], round(positions[i].x_advance * scale), rtl))
            for i, info in enumerate(infos)
        )

    def _code_for(self, glyph: int, text: str, advance: int, rtl: bool) -> int:
        global _next_code
        key = (glyph, text)
        code = self._codes.get(key)
        if code is None:
            if _next_code > _LAST_CODE:
                raise RuntimeError("shaping ran out of private-use code points")
            code = self._codes[key] = _next_code
            _next_code += 1
            _text_of[code] = text
            if rtl:
                _rtl_codes.add(code)
            self.face.charToGlyph[code] = glyph
            self.face.charWidths[code] = advance
        return code

    def addObjects(self, doc):  # noqa: N802 - ReportLab's name
        """Write the font as ReportLab does, then give shaped glyphs their real text in ToUnicode."""
        state = self.state.get(doc)
        subsets = [list(subset) for subset in state.subsets] if state else []
        super().addObjects(doc)
        for n, subset in enumerate(subsets):
            if not any(code in _text_of for code in subset):
                continue
            base = (b"".join((SUBSETN(n), b"+", self.face.name, self.face.subfontNameX))).decode("pdfdoc")
            stream = doc.idToObject["toUnicodeCMap:" + base]
            stream.content = _to_unicode_cmap(base, subset)


def _to_unicode_cmap(base: str, subset: list[int]) -> str:
    """ReportLab's ToUnicode CMap, with each shaped glyph's code mapped to its text, all in UTF-16BE."""
    plain = makeToUnicodeCMap(base, subset)
    lines = []
    for line in plain.split("\n"):
        if line.startswith("<") and line.count("<") == 2 and "> <" in line:
            code_hex, value_hex = line[1:-1].split("> <")
            value = int(value_hex, 16)
            if value in _text_of or value > 0xFFFF:  # ReportLab writes plane 2 (rare Han) as bare hex, not UTF-16
                text = _text_of.get(value, chr(value))
                line = f"<{code_hex}> <{text.encode('utf-16-be').hex().upper()}>"
        lines.append(line)
    return "\n".join(lines)
