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

import contextvars
import hashlib
import unicodedata

import uharfbuzz as hb
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.ttfonts import TTFont, makeToUnicodeCMap

from .embedding import remember_subsets, subset_pieces

# Private-use planes 15 and 16: far from any real character; codes are unique
# across every font in the process, so a code alone says what it stands for.
_FIRST_CODE = 0xF0000
_LAST_CODE = 0x10FFFD

_next_code = _FIRST_CODE
_text_of: dict[int, str] = {}  # code -> the text it copies out as
_class_of: dict[int, str] = {}  # code -> its bidirectional class for line ordering: "R", "L", "EN", "AN" or "ON"
_rise_of: dict[int, int] = {}  # code -> HarfBuzz's vertical offset for the glyph, in thousandths of an em

# Characters that join a number when they stand between two digits (1,5 and 12.30 and 1/2).
_NUMBER_JOINERS = {",", ".", "/", ":", "\u066b", "\u066c"}


# Whether the page being laid out runs right to left (text/scripts.py page_direction sets it): kept here, the
# lowest of the text modules, because shaping needs it too.
_page_rtl: contextvars.ContextVar[bool] = contextvars.ContextVar("page_direction", default=False)


def _neutral(word: str) -> bool:
    """Whether `word` has no letter of either direction (punctuation alone)."""
    return not any(unicodedata.bidirectional(c) in ("L", "R", "AL") for c in word)


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


def rise_of(char: str) -> int:
    """How far above the baseline (thousandths of an em) a shaped glyph's code is drawn; 0 for any other."""
    return _rise_of.get(ord(char), 0)


def text_of(text: str) -> str:
    """What shaped text (private-use codes) copies out as: the characters as typed, in reading order per glyph."""
    return "".join(_text_of.get(ord(char), char) for char in text)


def _cluster_texts(word: str, clusters: list[int], reading: list[int]) -> dict[int, str]:
    """The text each glyph copies out as, by HarfBuzz cluster, handed out in reading order.

    A cluster is the smallest group of characters and glyphs that map to each
    other (a consonant and its two-part vowel: ജോ is 2 characters, 3 glyphs).
    The first glyph of a cluster met in reading order copies out as all of its
    characters, the cluster's other glyphs as nothing; so the glyphs, read in
    order, give back the word exactly, whatever the number of glyphs.
    """
    starts = sorted(set(clusters))
    end_of = {start: end for start, end in zip(starts, [*starts[1:], len(word)], strict=True)}
    texts: dict[int, str] = {}
    given = 0  # characters of the word handed out so far
    for n, i in enumerate(reading):
        end = len(word) if n == len(reading) - 1 else end_of[clusters[i]]
        texts[i] = word[given:end] if end > given else ""
        given = max(given, end)
    return texts


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
        self._shaped: dict[tuple[str, bool], str] = {}
        self._copies: dict[tuple[int, int], int] = {}  # (glyph, advance in font units) -> the glyph drawn that wide
        self._original: dict[int, int] = {}  # such a copy -> the glyph it copies

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
        so a line can be put in visual order (text/scripts.py).
        """
        key = (word, _page_rtl.get() and _neutral(word))
        shaped = self._shaped.get(key)
        if shaped is None:
            pieces = [self._shape(text, "ltr" if digit else None, digit) for text, digit in number_segments(word)]
            shaped = self._shaped[key] = "".join(pieces)
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
        elif _page_rtl.get() and _neutral(word):
            # Punctuation alone (an Arabic comma after "(MRI)") on a right-to-left page takes the direction
            # around it; elsewhere it stays as it always was, so left-to-right documents keep their bytes.
            kind = "ON"
        else:
            kind = "R" if rtl else "L"
        infos, positions = buffer.glyph_infos, buffer.glyph_positions
        scale = 1000 / self._hb_font.face.upem
        # Where HarfBuzz puts each glyph: a vowel sign under its consonant, a dot on a Hebrew
        # letter. PDF text draws each glyph where the previous one's width ends, and widths
        # must not be negative (Chrome's viewer misreads them), so the glyphs are drawn from
        # left to right in the order of where they go, each as wide as the gap to the next.
        # Vertical offsets (a kasra under its letter, Nastaliq's climbing joins) become each
        # glyph's rise, which scripts.py turns into the text rise of the piece it is drawn in.
        targets, pen = [], 0.0
        for position in positions:
            targets.append((pen + position.x_offset) * scale)
            pen += position.x_advance
        rises = [round(position.y_offset * scale) for position in positions]
        total = pen * scale
        order = sorted(range(len(infos)), key=lambda i: targets[i])
        ends = [targets[i] for i in order[1:]] + [max(total, targets[order[-1]])] if order else []
        advances = [round(end - targets[i]) for i, end in zip(order, ends, strict=True)]
        texts = _cluster_texts(word, [info.cluster for info in infos], order[::-1] if rtl else order)
        codes: list[int] = []
        for i, advance in zip(order, advances, strict=True):
            text = texts[i]
            if rtl and len(text) > 1:
                # A cluster of several characters (lam-alef, a letter and its vowel mark) in
                # right-to-left text: viewers reverse the characters of a right-to-left run one
                # glyph at a time, so each of its characters but the first rides on an empty glyph
                # of its own, drawn before it.
                carrier = self._empty_glyph()
                if carrier is not None:
                    codes += [self._code_for(carrier, char, 0, kind, 0) for char in reversed(text[1:])]
                    text = text[0]
            codes.append(self._code_for(infos[i].codepoint, text, advance, kind, rises[i]))
        return "".join(map(chr, codes))

    def _empty_glyph(self) -> int | None:
        """A glyph that draws nothing: the space's (given no width here). Joiners are not always empty."""
        return self.face.charToGlyph.get(0x20)

    def _code_for(self, glyph: int, text: str, advance: int, kind: str, rise: int) -> int:
        """The private-use code for this glyph, copying out as `text`, with this advance and rise: made once."""
        global _next_code
        key = (glyph, text, advance, kind, rise)
        code = self._codes.get(key)
        if code is None:
            if _next_code > _LAST_CODE:
                raise RuntimeError("shaping ran out of private-use code points")
            code = self._codes[key] = _next_code
            _next_code += 1
            _text_of[code] = text
            _class_of[code] = kind
            if rise:
                _rise_of[code] = rise
            self.face.charToGlyph[code] = self._glyph_as_wide_as(glyph, advance)
            self.face.charWidths[code] = advance
        return code

    def _glyph_as_wide_as(self, glyph: int, advance: int) -> int:
        """`glyph`, or a copy of it whose advance in the embedded font is `advance` (thousandths of an em).

        A shaped glyph is drawn as wide as the gap to the next one (a mark
        over its letter: 0; the empty glyph that carries a character: 0), and
        that is the width the PDF's font dictionary gives its code. PDF/A
        (ISO 19005-2, 6.2.11.5) asks that the embedded font program say the
        same, so a reader that takes widths from the font lays the line out as
        the dictionary does. Where the two differ, the code is mapped to a
        copy of the glyph, same outline, whose advance is the drawn one: the
        subset (ReportLab's makeSubset, which reads the face's glyph offsets and
        metrics) then carries that copy. A copy is an index past the font's
        own glyphs, taking two slots of the offsets table so that its data's
        end is the original's; the subset's bytes never depend on the index.
        """
        face = self.face
        units = round(advance * face.unitsPerEm / 1000)
        if units == face.hmetrics[glyph][0]:
            return glyph
        copy = self._copies.get((glyph, units))
        if copy is None:
            copy = len(face.glyphPos)
            face.glyphPos += [face.glyphPos[glyph], face.glyphPos[glyph + 1]]
            face.hmetrics += [(0, 0)] * (copy - len(face.hmetrics)) + [(units, face.hmetrics[glyph][1]), (0, 0)]
            self._copies[(glyph, units)] = copy
            self._original[copy] = glyph
        return copy

    def addObjects(self, doc):  # noqa: N802 - ReportLab's name
        """Write each subset of the font as ReportLab does, under a tag of its own, with its real text in ToUnicode.

        ReportLab tags subsets AAAAAA+, AAAAAB+, ... in every PDF, so a print
        server that caches fonts by name across a bundle of documents can draw
        one document's glyphs from another's subset. The tag here is made from
        what the subset holds (`subset_tag`): the same subset always gets the
        same tag (output stays byte-identical), a different one another tag.
        The pieces of a subset are formatted once per process (embedding.py).
        """
        state = self.state.get(doc)
        if state is None:
            state = self.state[doc] = TTFont.State(self._asciiReadable)
        state.frozen = 1
        for n, subset in enumerate(state.subsets):
            internal_name = self.getSubsetInternalName(n, doc)[1:]
            pieces = subset_pieces(self, subset, doc)
            font = pieces.write_formatted(doc, internal_name)  # the same objects, from bytes kept (embedding.py)
            if font is not None:
                doc.idToObject["BasicFonts"].dict[internal_name] = font
                continue
            font = pdfdoc.PDFTrueTypeFont()
            font.__Comment__ = f"Font {self.fontName} subset {n}"
            font.Name = internal_name
            font.BaseFont = pieces.base
            font.FirstChar = 0
            font.LastChar = len(subset) - 1
            font.Widths = pieces.widths
            font.ToUnicode = doc.Reference(pieces.cmap, "toUnicodeCMap:" + pieces.base)
            font.FontDescriptor = self.face.addSubsetObjects(doc, pieces.base, subset)
            pieces.swap_program(doc)
            doc.Reference(font, internal_name)
            doc.idToObject["BasicFonts"].dict[internal_name] = font
            pieces.remember_formatted(doc, font)
        del self.state[doc]

    def subset_base(self, subset: list[int]) -> str:
        """The subset's PDF font name: its tag, then the face's name."""
        return (b"".join((self.subset_tag(subset), b"+", self.face.name, self.face.subfontNameX))).decode("pdfdoc")

    def subset_widths(self, subset: list[int]) -> pdfdoc.PDFArray:
        return pdfdoc.PDFArray(list(map(self.face.getCharWidth, subset)))

    def subset_cmap(self, base: str, subset: list[int], doc) -> pdfdoc.PDFStream:
        cmap = pdfdoc.PDFStream()
        cmap.content = _to_unicode_cmap(base, subset)
        if doc.compression:
            cmap.filters = [pdfdoc.PDFZCompress]
        return cmap

    def subset_tag(self, subset: list[int]) -> bytes:
        """Six capital letters from a hash of the subset's glyphs, widths and texts (PDF 32000 9.6.4's tag)."""
        digest = hashlib.sha256(self.face.name)
        for code in subset:
            glyph = self.face.charToGlyph.get(code, 0)
            glyph = self._original.get(glyph, glyph)  # a copy's index depends on what was shaped before
            digest.update(f"{glyph},{self.face.getCharWidth(code)},{_text_of.get(code, chr(code))};".encode())
        number = int.from_bytes(digest.digest()[:8], "big")
        letters = []
        for _ in range(6):
            number, letter = divmod(number, 26)
            letters.append(chr(ord("A") + letter))
        return "".join(letters).encode("ascii")


def _to_unicode_cmap(base: str, subset: list[int]) -> str:
    """ReportLab's ToUnicode CMap, with each shaped glyph's code mapped to its text, all in UTF-16BE.

    A glyph with no text of its own (the second part of a two-part vowel, a
    mark drawn apart from its letter: its cluster's text is on the cluster's
    first glyph) is mapped to no characters (<>), so it copies out as nothing.
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
            # ReportLab writes plane 2 (rare Han) as bare hex, not UTF-16: encode every entry.
            entries.append(f"<{code_hex}> <{text.encode('utf-16-be').hex().upper()}>")
        else:
            section.append(line)
    head[-1] = f"{len(entries)} beginbfchar"
    return "\n".join([*head, *entries, *tail])
