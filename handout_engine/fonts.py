"""The fonts we ship: registered once per process, and checked character by character.

ReportLab draws an empty box for a glyph a TrueType font lacks and says
nothing, so every string is checked against the fonts' character maps before
layout (`missing_characters`) and a character no font has becomes a clear
error naming its code point. Nothing falls back to Helvetica: the standard 14
fonts are neither embedded nor wide enough.
"""

from __future__ import annotations

import functools
import unicodedata

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from .paths import FONTS

# Atkinson Hyperlegible (Braille Institute, SIL OFL 1.1): letters designed to
# be told apart by readers with low vision (I l 1, O 0, b d p q).
REGULAR = "AtkinsonHyperlegible"
BOLD = "AtkinsonHyperlegible-Bold"
_FILES = {REGULAR: "AtkinsonHyperlegible-Regular.ttf", BOLD: "AtkinsonHyperlegible-Bold.ttf"}

# Line breaks and tabs never need a glyph: layout turns them into spaces.
_LAYOUT = {"\n", "\t", " "}


@functools.cache
def register_fonts() -> tuple[str, str]:
    """Register the shipped fonts with ReportLab once per process; return (regular, bold)."""
    for name, filename in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(FONTS / filename)))
    # <b> in Paragraph markup must pick the bold face, never a standard font.
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, REGULAR)
    addMapping(REGULAR, 1, 1, BOLD)
    return REGULAR, BOLD


@functools.cache
def _covered() -> frozenset[int]:
    """Code points that both faces can draw: any text may be printed in bold."""
    register_fonts()
    maps = [set(pdfmetrics.getFont(name).face.charToGlyph) for name in _FILES]
    return frozenset(set.intersection(*maps))


def missing_characters(text: str) -> list[str]:
    """The distinct characters of `text` that no shipped font can draw, in order of appearance."""
    covered = _covered()
    missing: list[str] = []
    for char in text:
        if char in _LAYOUT or ord(char) in covered:
            continue
        if char not in missing:
            missing.append(char)
    return missing


def describe_missing(chars: list[str], most: int = 3) -> str:
    """'Ж' (U+0416 CYRILLIC CAPITAL LETTER ZHE), ... for an error message; the first few only."""
    parts = []
    for char in chars[:most]:
        name = unicodedata.name(char, "unnamed character")
        shown = repr(char) if char.isprintable() and not char.isspace() else "an invisible character"
        parts.append(f"{shown} (U+{ord(char):04X} {name})")
    more = f" and {len(chars) - most} more" if len(chars) > most else ""
    return ", ".join(parts) + more
