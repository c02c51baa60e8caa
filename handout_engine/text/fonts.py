"""The fonts we ship: registered once per process, and a fallback face for every character.

ReportLab draws an empty box for a glyph a TrueType font lacks and says
nothing. So the documents' text face (Atkinson Hyperlegible, Latin only) is
followed by a chain of fallback faces, and each character prints in the first
face of the chain that has it (`face_for`). A character no shipped face has is
a record error naming its code point (`missing_characters`), found before
layout. Nothing falls back to Helvetica: the standard 14 fonts are neither
embedded nor wide enough.

Arabic, Hebrew and the Indic and South-East Asian scripts need shaping
(joined letters, conjuncts, reordered and two-part vowels, marks); shaping.py
does that for the faces marked `shaped`. Each face says which scripts it is
for (writing.py), and a run of one script takes one face (`face_for_run`).
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics

from ..paths import FONTS
from .shaping import ShapingTTFont
from .writing import script_called, script_of


@dataclass(frozen=True)
class Face:
    """One shipped font family: its registered names and files, and the scripts it is chosen for."""

    regular: str  # registered name of the regular weight
    bold: str  # registered name of the bold weight (the regular one when none is shipped)
    regular_file: str
    bold_file: str | None
    shaped: bool = False  # needs HarfBuzz shaping (joining, conjuncts, reordering, marks)
    scripts: frozenset[str] = frozenset()  # writing.script_of names: a letter of another script never takes it
    languages: frozenset[str] = frozenset()  # when set, chosen only for a record in one of these languages
    family: str | None = None  # faces split into parts (each file under 2 MB) share it: one design, one "face"


def _part(family: str, part: str, scripts: frozenset[str]) -> Face:
    """One part of a face split into files under 2 MB (assets/fonts/<family><part>.ttf), regular weight only."""
    name = f"{family}{part}"
    return Face(name, name, f"{name}.ttf", None, False, scripts, frozenset(), family)


def _noto(family: str, *scripts: str, shaped: bool = True, bold: bool = True) -> Face:
    """A Noto family shipped as <family>-Regular.ttf and <family>-Bold.ttf (assets/fonts, OFL-Noto.txt)."""
    return Face(
        family,
        f"{family}-Bold" if bold else family,
        f"{family}-Regular.ttf",
        f"{family}-Bold.ttf" if bold else None,
        shaped,
        frozenset(scripts),
    )


# Atkinson Hyperlegible (Braille Institute, SIL OFL 1.1): letters designed to
# be told apart by readers with low vision (I l 1, O 0, b d p q).
TEXT_FACE = Face(
    "AtkinsonHyperlegible",
    "AtkinsonHyperlegible-Bold",
    "AtkinsonHyperlegible-Regular.ttf",
    "AtkinsonHyperlegible-Bold.ttf",
    scripts=frozenset({"LATIN"}),
)

_CJK = frozenset({"HAN", "KANA"})

# The fallback chain, in order. Noto (OFL) matches Atkinson's weight and
# x-height well; every face is TrueType outlines, which ReportLab needs
# (Noto's CJK fonts are CFF and do not load), so Chinese and Japanese are in
# Droid Sans Fallback (Apache 2.0) and Korean in Nanum Gothic (OFL). Neither
# CJK face ships a bold: bold CJK text is drawn a little heavier (paragraphs.py).
# Tibetan ships only in Noto's serif design.
FALLBACK_FACES = (
    _noto("NotoSans", "LATIN", "GREEK", "CYRILLIC", shaped=False),
    _noto("NotoSansArabic", "ARABIC"),
    _noto("NotoSansHebrew", "HEBREW"),
    _noto("NotoSansDevanagari", "DEVANAGARI"),
    _noto("NotoSansBengali", "BENGALI"),
    _noto("NotoSansGurmukhi", "GURMUKHI"),
    _noto("NotoSansGujarati", "GUJARATI"),
    _noto("NotoSansOriya", "ORIYA"),
    _noto("NotoSansTamil", "TAMIL"),
    _noto("NotoSansTelugu", "TELUGU"),
    _noto("NotoSansKannada", "KANNADA"),
    _noto("NotoSansMalayalam", "MALAYALAM"),
    _noto("NotoSansSinhala", "SINHALA"),
    _noto("NotoSansThai", "THAI"),
    _noto("NotoSansLao", "LAO"),
    _noto("NotoSansKhmer", "KHMER"),
    _noto("NotoSansMyanmar", "MYANMAR"),
    _noto("NotoSerifTibetan", "TIBETAN"),
    _noto("NotoSansEthiopic", "ETHIOPIC"),
    _noto("NotoSansGeorgian", "GEORGIAN"),
    _noto("NotoSansArmenian", "ARMENIAN"),
    _noto("NotoSansSyriac", "SYRIAC", bold=False),
    _noto("NotoSansThaana", "THAANA"),
    _noto("NotoSansCherokee", "CHEROKEE", shaped=False),
    _noto("NotoSansCanadianAboriginal", "CANADIAN", shaped=False),
    _noto("NotoSansTifinagh", "TIFINAGH", shaped=False, bold=False),
    # Droid Sans Fallback (Han) and Nanum Gothic (Hangul, renamed Handouts Korean: the OFL reserves its name for
    # the unmodified font) in parts of consecutive characters, each file under 2 MB (bench/tools/split_font.py).
    *(_part("DroidSansFallback", part, _CJK) for part in "ABC"),
    *(_part("HandoutsKorean", part, frozenset({"HANGUL"})) for part in "ABCD"),
)

# Urdu (and the other languages written in Nastaliq) reads naturally only in
# Nastaliq, not in the Naskh of Noto Sans Arabic: for a record in one of these
# languages, Arabic-script words take Noto Nastaliq Urdu first. Its letters
# climb diagonally, which needs HarfBuzz's vertical offsets (scripts.py applies them).
NASTALIQ_LANGUAGES = frozenset({"ur", "pnb", "skr", "ks"})  # Urdu, Shahmukhi Panjabi, Saraiki, Kashmiri
NASTALIQ_FACE = Face(
    "NotoNastaliqUrdu",
    "NotoNastaliqUrdu-Bold",
    "NotoNastaliqUrdu-Regular.ttf",
    "NotoNastaliqUrdu-Bold.ttf",
    True,
    frozenset({"ARABIC"}),
    NASTALIQ_LANGUAGES,
)
# Japanese kanji drawn as Japanese readers write them (Droid Sans Fallback has Chinese forms: 骨, 直, 角 differ),
# with a real bold: Noto Sans CJK JP cut down to JIS X 0208 and the kanji names use beyond it, converted to TrueType
# outlines (bench/tools/make_japanese_font.py), in three parts (A: kana and the level-1 kanji, B: level 2, C: JIS X
# 0213's levels 3 and 4, CP932's extensions and 𠮷: 﨑, 髙). Chosen for a Japanese record, and for any paragraph with
# kana in it (scripts.py).
JAPANESE_LANGUAGES = frozenset({"ja"})
JAPANESE_FACES = tuple(
    Face(
        f"HandoutsJapanese{part}",
        f"HandoutsJapanese{part}-Bold",
        f"HandoutsJapanese{part}-Regular.ttf",
        f"HandoutsJapanese{part}-Bold.ttf",
        False,
        _CJK,
        JAPANESE_LANGUAGES,
        "HandoutsJapanese",
    )
    for part in "ABC"
)
FACES = (TEXT_FACE, *FALLBACK_FACES)
ALL_FACES = (*FACES, NASTALIQ_FACE, *JAPANESE_FACES)


@functools.lru_cache(maxsize=256)  # asked for every string measured or drawn; a batch has a few languages
def faces_for(language: str | None) -> tuple[Face, ...]:
    """The chain for a record in `language` (a BCP 47 code or None): its own faces first, then everyone's."""
    primary = (language or "").split("-")[0].lower()
    own = tuple(face for face in ALL_FACES if face.languages and primary in face.languages)
    return own + FACES


REGULAR = TEXT_FACE.regular
BOLD = TEXT_FACE.bold

# Line breaks and tabs never need a glyph: layout turns them into spaces.
_LAYOUT = {"\n", "\t", " "}


@functools.cache
def register_fonts() -> tuple[str, str]:
    """Register the text face with ReportLab once per process; return its (regular, bold) names.

    The fallback faces are registered when a character first needs one
    (`_registered`), and a character looks only in the faces made for its
    script: the Chinese, Japanese and Korean faces alone take 0.3 s and 40 MB
    to load, which a batch of Latin names never needs.
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
    for face in ALL_FACES:
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


def has_glyphs(font_name: str, text: str) -> bool:
    """Whether the font has a glyph for every character of `text`."""
    return _cmap(font_name).issuperset(map(ord, text))


def face_of(font_name: str) -> Face | None:
    """The shipped face a registered font name belongs to (None for a font we do not ship)."""
    found = _by_name().get(font_name)
    return found[0] if found else None


def is_bold(font_name: str) -> bool:
    found = _by_name().get(font_name)
    return bool(found and found[1])


@functools.lru_cache(maxsize=8192)
def faces_for_run(text: str, script: str | None, language: str | None = None) -> tuple[tuple[Face, str], ...]:
    """The face to set `text` (letters of one script, or of none) in, as ((face, text),): one face for all of it.

    First a face made for that script that has every character (so Greek Δ
    takes Noto Sans's Greek letter, never a Latin face's mathematical ∆), a
    face split into parts counting as one (each character in the part that
    has it); then any face of the chain that has them all; () when none has.
    Faces of other scripts are not even loaded for it.
    """
    codes = {ord(char) for char in text}
    chain = faces_for(language)
    if script is not None:
        for face in chain:
            if script not in face.scripts:
                continue
            if codes <= _cmap(face.regular):
                return ((face, text),)
            parts = [part for part in chain if face.family and part.family == face.family]
            if len(parts) > 1 and codes <= frozenset().union(*(_cmap(part.regular) for part in parts)):
                return _split_by_part(text, parts)
    for face in chain:
        if codes <= _cmap(face.regular):
            return ((face, text),)
    return ()


def _split_by_part(text: str, parts: list[Face]) -> tuple[tuple[Face, str], ...]:
    runs: list[list] = []
    for char in text:
        part = next((p for p in parts if ord(char) in _cmap(p.regular)), parts[0])
        if runs and runs[-1][0] is part:
            runs[-1][1] += char
        else:
            runs.append([part, char])
    return tuple((part, piece) for part, piece in runs)


def face_for_run(text: str, script: str | None, language: str | None = None) -> Face | None:
    """The one face that sets all of `text`, or None."""
    runs = faces_for_run(text, script, language)
    return runs[0][0] if len(runs) == 1 else None


def face_for(char: str) -> Face | None:
    """The face that draws `char` on its own, in both weights when it ships both.

    A kanji only the Japanese face has (𠮷, outside the Chinese face) is drawn
    in it whatever the record's language, never refused or left a box.
    """
    return face_for_run(char, script_of(char)) or face_for_run(char, script_of(char), "ja")


def face_with_every(text: str) -> Face | None:
    """The first shipped face whose regular weight has every character of `text` (spaces aside), or None:
    for text drawn whole in one font outside a layout (a signature's look, a field filled in on screen)."""
    for face in FACES:
        if all(has_glyph(face.regular, char) for char in text if not char.isspace()):
            return face
    return None


def set_in_nastaliq(text: str, language: str | None) -> bool:
    """`text` has Arabic-script letters that a record in `language` sets in Nastaliq (NASTALIQ_FACE).

    Text extractors (pdfium, pypdf) cannot read such words back from a page: they break a word at each glyph
    HarfBuzz raises, so a check that reads a page's text must not take "not found" for "not printed".
    """
    return (language or "") in NASTALIQ_LANGUAGES and any(script_of(char) == "ARABIC" for char in text)


def font_for(char: str, bold: bool) -> str | None:
    """The registered font to draw `char` in, in the weight asked for when that weight has it."""
    face = face_for(char)
    return None if face is None else weight_of(face, char, bold)


def weight_of(face: Face, text: str, bold: bool) -> str:
    """The registered name of `face` in the weight asked for, when that weight has all of `text`."""
    if bold and all(ord(char) in _cmap(face.bold) for char in text):
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
    """'ᠮ' (U+182E MONGOLIAN LETTER MA, Mongolian script), ... for an error message; the first few only."""
    parts = []
    for char in chars[:most]:
        name = unicodedata.name(char, "unnamed character")
        shown = repr(char) if char.isprintable() and not char.isspace() else "an invisible character"
        called = script_called(char)
        script = "" if called == "no script" else f", {called} script"
        parts.append(f"{shown} (U+{ord(char):04X} {name}{script})")
    more = f" and {len(chars) - most} more" if len(chars) > most else ""
    return ", ".join(parts) + more


def loaded_font_names() -> tuple[str, ...]:
    """Every font registered so far in this process, in the chain's order."""
    names: list[str] = []
    for face in ALL_FACES:
        if face in _loaded:
            names += [name for name in (face.regular, face.bold) if name not in names]
    return tuple(names)
