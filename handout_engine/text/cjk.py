"""Line breaking for Chinese and Japanese: between any two characters, by the rules readers expect; and
for Thai, Lao, Khmer and Myanmar at the word boundaries words.py finds.

Chinese and Japanese have no spaces between words, so a line may break
between any two characters, except (the kinsoku rules, as ReportLab lists
them) before closing punctuation or small kana (full-width comma, full
stop, semicolon, closing brackets), and after opening punctuation.
ReportLab's own CJK breaker applies them only to the character that
overflows, so a line could start with a semicolon or break a figure
(1/1,000) in two; and it fails on an empty fragment. Here a run of Latin
letters, digits and their punctuation (a drug name, "1/1,000", a shaped
word) is never broken unless it is longer than a whole line, and a word of the record's names (the patient's,
the clinician's: words.keeping_whole) never, even then.
"""

from __future__ import annotations

from reportlab.lib.textsplit import ALL_CANNOT_END, ALL_CANNOT_START
from reportlab.platypus.paragraph import ParaLines, cjkU, makeCJKParaLine

from .words import kept_in, may_break_before

_CANNOT_START = set(ALL_CANNOT_START) | set("，．：；！？）］｝〉》」』】〕”’…‥")
_CANNOT_END = set(ALL_CANNOT_END) | set("（［｛〈《「『【〔“‘")
_FUZZ = 1e-6


def cjk_lines(frags: list, max_widths: list[float], calc_bounds: bool) -> ParaLines:
    """The fragments broken into lines (ReportLab's ParaLines of kind 1), by the rules above."""
    units = [cjkU(char, frag, "utf8") for frag in frags for char in (frag.text or " ")]
    inside = _inside_names(units)
    lines = []
    start = 0
    while start < len(units):
        while start < len(units) and units[start] == " " and not hasattr(units[start].frag, "cbDefn"):
            start += 1  # a line never starts with a space
        if start >= len(units):
            break
        width = max_widths[min(len(lines), len(max_widths) - 1)]
        end, used, forced = _line_end(units, start, width, inside)
        lines.append(makeCJKParaLine(units[start:end], width, used, width - used, forced, calc_bounds))
        start = end
    return ParaLines(kind=1, lines=lines)


def _inside_names(units: list) -> frozenset[int]:
    """The units a line may not start at: inside a word of the record's names (words.keeping_whole)."""
    text = "".join(units)
    inside: set[int] = set()
    for word in kept_in(text):
        start = text.find(word)
        while start >= 0:
            inside.update(range(start + 1, start + len(word)))
            start = text.find(word, start + 1)
    return frozenset(inside)


def _line_end(units: list, start: int, width: float, inside: frozenset[int]) -> tuple[int, float, bool]:
    """Where the line from `start` ends (exclusive), its width, and whether a <br/> ended it."""
    used = 0.0
    i = start
    while i < len(units):
        if used + units[i].width > width + _FUZZ and i > start:
            break
        used += units[i].width
        i += 1
        if hasattr(units[i - 1].frag, "lineBreak"):
            return i, used, True
    if i >= len(units):
        return i, used, False
    end = next((b for b in range(i, start, -1) if b not in inside and _may_break_before(units, b)), None)
    if end is None:  # no break point: force one, never inside a name or between two shaped glyphs (a cluster)
        later = (
            b
            for b in range(i, len(units))
            if b not in inside and (_may_break_before(units, b) or not _shaped_pair(units, b))
        )
        end = next(later, len(units))
    return end, sum(u.width for u in units[start:end]), False


def _may_break_before(units: list, i: int) -> bool:
    before, after = units[i - 1], units[i]
    if hasattr(before.frag, "cbDefn") or hasattr(after.frag, "cbDefn"):
        return False  # a synthetic-bold marker stays with the characters it marks
    if after in _CANNOT_START or before in _CANNOT_END:
        return False
    if after.frag is not before.frag and may_break_before(after.frag):
        return True  # a word boundary inside Thai, Lao, Khmer or Myanmar (words.py)
    if after == " " or before == " ":
        return True
    return not (_tight(before) and _tight(after))


def _shaped_pair(units: list, i: int) -> bool:
    """Whether units i-1 and i are both shaped glyphs: a line ends between them only at a word boundary."""
    return ord(units[i - 1]) >= 0xF0000 and ord(units[i]) >= 0xF0000


def _tight(char: str) -> bool:
    """Part of a run that must not be broken: Latin letters, digits and the punctuation inside numbers and words."""
    code = ord(char)
    return code >= 0xF0000 or (code < 0x2E80 and not char.isspace())  # shaped glyphs; every script but CJK
