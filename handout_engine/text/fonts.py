"""The fonts we ship: registered once per process, and a fallback face for every character.

ReportLab draws an empty box for a glyph a TrueType font lacks and says
nothing. So the documents' text face (Atkinson Hyperlegible, Latin only) is
followed by a chain of fallback faces, and each character prints in the first
face of the chain that has it (`face_for`). A character no shipped face has is
a record error naming its code point (`missing_characters`), found before
layout. Nothing falls back to Helvetica: the standard 14 fonts are neither
embedded nor wide enough.

Arabic, Hebrew and Devanagari need shaping (joined letters, conjuncts, marks);
shaping.py does that for the faces marked `shaped`.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics

from ..paths import FONTS
from .shaping import ShapingTTFont


@dataclass(frozen=True)
class Face:
    """One shipped font family: its registered names and files."""

    regular: str  # registered name of the regular weight
    bold: str  # registered name of the bold weight (the regular one when none is shipped)
    regular_file: str
    bold_file: str | None
    shaped: bool = False  # needs HarfBuzz shaping (joining, conjuncts, right-to-left)


# Atkinson Hyperlegible (Braille Institute, SIL OFL 1.1): letters designed to
# be told apart by readers with low vision (I l 1, O 0, b d p q).
TEXT_FACE = Face(
    "AtkinsonHyperlegible",
    "AtkinsonHyperlegible-Bold",
    "AtkinsonHyperlegible-Regular.ttf",
    "AtkinsonHyperlegible-Bold.ttf",
)

# The fallback chain, in order. Noto (OFL) matches Atkinson's weight and
# x-height well; Droid Sans Fallback (Apache 2.0) covers Chinese and Japanese
# and Nanum Gothic (OFL) Korean, both in TrueType outlines, which ReportLab
# needs (Noto's CJK fonts are CFF and do not load). Neither CJK face ships a
# bold: bold CJK text prints in the regular weight.
FALLBACK_FACES = (
    Face("NotoSans", "NotoSans-Bold", "NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),  # Latin, Greek, Cyrillic
    Face("NotoSansArabic", "NotoSansArabic-Bold", "NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf", True),
    Face("NotoSansHebrew", "NotoSansHebrew-Bold", "NotoSansHebrew-Regular.ttf", "NotoSansHebrew-Bold.ttf", True),
    Face(
        "NotoSansDevanagari",
        "NotoSansDevanagari-Bold",
        "NotoSansDevanagari-Regular.ttf",
        "NotoSansDevanagari-Bold.ttf",
        True,
    ),
    Face("DroidSansFallback", "DroidSansFallback", "DroidSansFallbackFull.ttf", None),  # Chinese, Japanese
    Face("NanumGothic", "NanumGothic", "NanumGothic.ttf", None),  # Korean
)
FACES = (TEXT_FACE, *FALLBACK_FACES)

REGULAR = TEXT_FACE.regular
BOLD = TEXT_FACE.bold

# Line breaks and tabs never need a glyph: layout turns them into spaces.
_LAYOUT = {"\n", "\t", " "}


@functools.cache
def register_fonts() -> tuple[str, str]:
    """Register the text face with ReportLab once per process; return its (regular, bold) names.

    The fallback faces are registered when a character first needs one
    (`_registered`): the Chinese, Japanese and Korean faces alone take 0.3 s
    and 40 MB to load, which a batch of Latin names never needs.
    """
    _registered(TEXT_FACE)
    return REGULAR, BOLD


@functools.cache
def _registered(face: Face) -> Face:
    """Load and register one face (both weights) with ReportLab, once per process."""
    pdfmetrics.registerFont(ShapingTTFont(face.regular, str(FONTS / face.regular_file)))
    if face.bold_file:
        pdfmetrics.registerFont(ShapingTTFont(face.bold, str(FONTS / face.bold_file)))
    # <b> in Paragraph markup must pick this face's bold, never a standard font.
    for bold, italic in ((0, 0), (1, 0), (0, 1), (1, 1)):
        addMapping(face.regular, bold, italic, face.bold if bold else face.regular)
    _loaded.append(face)
    return face


_loaded: list[Face] = []


@functools.cache
def _by_name() -> dict[str, tuple[Face, bool]]:
    """Registered font name -> (its face, whether it is the bold weight)."""
    names: dict[str, tuple[Face, bool]] = {}
    for face in FACES:
        names[face.regular] = (face, False)
        names.setdefault(face.bold, (face, True))
    return names


@functools.cache
def _cmap(font_name: str) -> frozenset[int]:
    """The code points a shipped font has a glyph for (as shipped: before any shaping)."""
    _registered(_by_name()[font_name][0])
    return frozenset(pdfmetrics.getFont(font_name).face.charToGlyph)


def has_glyph(font_name: str, char: str) -> bool:
    return ord(char) in _cmap(font_name)


def face_of(font_name: str) -> Face | None:
    """The shipped face a registered font name belongs to (None for a font we do not ship)."""
    found = _by_name().get(font_name)
    return found[0] if found else None


def is_bold(font_name: str) -> bool:
    found = _by_name().get(font_name)
    return bool(found and found[1])


@functools.lru_cache(maxsize=8192)
def face_for(char: str) -> Face | None:
    """The first face of the chain that can draw `char`, in both weights when it ships both."""
    for face in FACES:
        if ord(char) in _cmap(face.regular):
            return face
    return None


def font_for(char: str, bold: bool) -> str | None:
    """The registered font to draw `char` in, in the weight asked for when that weight has it."""
    face = face_for(char)
    if face is None:
        return None
    if bold and ord(char) in _cmap(face.bold):
        return face.bold
    return face.regular


def missing_characters(text: str) -> list[str]:
    """The distinct characters of `text` that no shipped face can draw, in order of appearance."""
    missing: list[str] = []
    for char in text:
        if char in _LAYOUT or char in missing:
            continue
        if face_for(char) is None:
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


def loaded_font_names() -> tuple[str, ...]:
    """Every font registered so far in this process, in the chain's order."""
    names: list[str] = []
    for face in FACES:
        if face in _loaded:
            names += [name for name in (face.regular, face.bold) if name not in names]
    return tuple(names)
