"""Any script in a Paragraph: a fallback font per run of text, shaping, and right-to-left words in their place.

ReportLab gives a paragraph fragment one font. `with_fallback_fonts` splits
each parsed fragment into runs, each in the first shipped face that has its
characters (fonts.py), keeping the fragment's weight: a Greek name
in a bold band prints in Noto Sans Bold. Runs in a face that needs shaping
(Arabic, Hebrew, Devanagari) are shaped word by word (shaping.py).

Right-to-left text inside our left-to-right documents: lines are broken in
reading order, then, at drawing time only, each line is put in visual order
(`bidi.visual_lines`) by the rules of the Unicode bidirectional algorithm that a
left-to-right paragraph needs: right-to-left words, with the numbers,
spaces and punctuation between them, are reversed as a run; numbers keep
their digits left to right; brackets inside such a run are mirrored. The
paragraph itself keeps reading order, so a split between pages stays right.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import re
import unicodedata

from reportlab.pdfbase import pdfmetrics

from . import synthetic_bold
from .fonts import face_for_run, face_of, faces_for, faces_for_run, font_for, has_glyph, is_bold, weight_of
from .shaping import _page_rtl, bidi_class, rise_of
from .words import DICTIONARY_SCRIPTS, may_break_before, word_pieces
from .writing import script_of

_NEUTRAL = {" ", "\n", "\t", "\xa0"}
_FIRST_SHAPED = 0xF0000  # shaping.py's private-use codes: already in the right font
FIRST_RIGHT_TO_LEFT = "\u0590"  # Hebrew, the first right-to-left block
_SPACES = re.compile(r"(\s+)")


def with_fallback_fonts(frags: list, break_words: bool = True) -> tuple[list, bool]:
    """The fragments split into runs by font, shaped, vertical offsets applied; and whether any is right-to-left.

    With `break_words`, a run of Thai, Lao, Khmer or Myanmar is also cut where
    ICU finds a word boundary (words.py) and each piece shaped on its own; the
    fragment starting each such piece is marked `word_break_before`, a place a
    line may break though no space stands there. Values set whole (a name in
    the patient band, layouts/fit.py) are made without.
    """
    out = []
    rtl = False
    language = _language.get()
    if _has_kana(frags) and (language or "").split("-")[0].lower() not in ("zh", "ko", "ja"):
        language = "ja"  # kana says the Han around it is Japanese: Japanese forms
    for frag in frags:
        text = getattr(frag, "text", None)
        if not text or hasattr(frag, "cbDefn") or _keeps_its_font(text, frag.fontName):
            out.append(_tagged(frag, text or "", language))
            rtl = rtl or _has_rtl(text or "")
            continue
        for font_name, run in _runs(text, frag.fontName, language):
            for n, part in enumerate(_word_parts(run) if break_words else [run]):
                made, run_rtl = _set_run(frag, font_name, part, language)
                rtl = rtl or run_rtl
                if n:
                    next(piece for piece in made if not hasattr(piece, "cbDefn")).word_break_before = True
                elif synthetic_bold.continues(out, made):  # the next part of a split face: one bold run
                    out.pop()
                    made = made[1:]
                out += made
    return out, rtl


def _set_run(frag, font_name: str, run: str, language: str | None) -> tuple[list, bool]:
    """The fragments that print `run` (part of `frag`) in `font_name`: shaped, raised, or in synthetic bold."""
    face = face_of(font_name)
    if face is not None and (face.shaped or _has_marks(run)):
        shaped = _shaped(run, font_name)
        pieces = _by_rise(shaped)
        marker = object() if len(pieces) > 1 else None  # these pieces draw one run: never reorder them
        made = []
        for rise, piece in pieces:
            extra = {"rise": frag.rise + rise * frag.fontSize / 1000} if rise else {}
            part = frag.clone(text=piece, fontName=font_name, shaped_run=marker, **extra)
            made.append(_tagged(part, run, language))
        return made, _has_rtl(shaped)
    if face is not None and face.bold_file is None and is_bold(frag.fontName):
        return synthetic_bold.around(frag, [_tagged(frag.clone(text=run, fontName=font_name), run, language)]), False
    return [_tagged(frag.clone(text=run, fontName=font_name), run, language)], False


def _word_parts(run: str) -> list[str]:
    """`run` cut at the word boundaries ICU finds inside its Thai, Lao, Khmer or Myanmar words (words.py)."""
    parts = [""]
    for word in _SPACES.split(run):
        script = next((s for s in map(script_of, word) if s in DICTIONARY_SCRIPTS), None)
        if script is None:
            parts[-1] += word
            continue
        pieces = word_pieces(word, script)
        parts[-1] += pieces[0]
        parts.extend(pieces[1:])
    return parts


def breaks_inside_words(frags: list) -> bool:
    """Whether any fragment starts a word a line may break before without a space (Thai, Lao, Khmer, Myanmar)."""
    return any(may_break_before(frag) for frag in frags if not isinstance(frag, str | list))


def _tagged(frag, text: str, language: str | None):
    """A fragment marked with the script of its letters and the record's language, for tagged PDF to read.

    `frag.script` is a writing.script_of name ("ARABIC", "LATIN"; None for
    digits and punctuation alone), `frag.language` the record's BCP 47 code
    (None outside a render). A shaped fragment's text is private-use codes:
    `frag.source_text` is the run it was shaped from, in reading order.
    """
    frag.script = next((script for script in map(script_of, text) if script), None)
    frag.language = language
    frag.source_text = text
    return frag


@contextlib.contextmanager
def writing_language(language: str | None, document: str | None = None):
    """Within this block, fallback runs are chosen for a record in `language` (Urdu: Nastaliq first), in a
    document written in `document` (default `language`): words in another language are marked (spans.py)."""
    token = _language.set(language)
    document_token = _document_language.set(document or language)
    try:
        yield
    finally:
        _document_language.reset(document_token)
        _language.reset(token)


def current_language() -> str | None:
    return _language.get()


def document_language() -> str | None:
    """The language of the document being set (its handout's), which a word in another script is not in."""
    return _document_language.get()


def writes_without_spaces(frags: list) -> bool:
    """Whether a paragraph is Chinese or Japanese text, to be broken into lines by CJK rules, not at spaces.

    For a Chinese or Japanese record, any paragraph with Han or kana in it;
    otherwise (a Chinese name in an English sheet) lines break at spaces, so a
    name is never broken inside it.
    """
    if not writes_without_spaces_language():
        return False
    return any(script_of(char) in ("HAN", "KANA") for frag in frags for char in (getattr(frag, "text", "") or ""))


def has_han_or_kana(frags: list) -> bool:
    """Whether any fragment holds Chinese or Japanese letters (Han, kana): text that may break between them."""
    return any(
        script_of(char) in ("HAN", "KANA")
        for frag in frags
        if not isinstance(frag, str | list)
        for char in (getattr(frag, "text", "") or "")
    )


RIGHT_TO_LEFT_LANGUAGES = frozenset(
    {"ar", "ur", "fa", "he", "ps", "yi", "sd", "ckb", "ug", "dv", "pnb", "skr", "ks", "syr", "aii", "cld", "tru"}
)


def paragraph_direction(frags: list) -> str:
    """ "R" for a paragraph that starts in a right-to-left script in a right-to-left record (Arabic, Urdu, Hebrew...),
    which is then set right to left and right-aligned; "L" for every other paragraph.

    The direction comes from the paragraph's first strong letter, as the Unicode
    bidi algorithm's P2 rule says; in a left-to-right record every paragraph is
    left-to-right, its right-to-left words put in place line by line. On a
    right-to-left page (an Arabic document) any paragraph with a right-to-left
    letter is right to left, even one that starts with a Latin word ("X-ray"):
    the document's direction wins, as HTML's dir="rtl" does; a paragraph with
    none (a Latin name, an identifier, an English source) keeps its own order.
    """
    if right_to_left_page():
        return "R" if has_right_to_left(frags) else "L"
    if (_language.get() or "").split("-")[0].lower() not in RIGHT_TO_LEFT_LANGUAGES:
        return "L"
    for frag in frags:
        text = getattr(frag, "text", "") if not isinstance(frag, str) else frag
        for char in text or "":
            kind = bidi_class(char)  # knows the direction of already shaped glyphs (a part made by split())
            if kind in ("R", "L"):
                return kind
    return "L"


@contextlib.contextmanager
def page_direction(language: str | None):
    """Within this block, pages are laid out for a document in `language`: mirrored when it is written right to left.

    The document's own language (its content's), not the record's: an English
    leaflet for an Arabic-speaking patient stays a left-to-right page, its
    Arabic notes right to left within it.
    """
    token = _page_rtl.set((language or "").split("-")[0].lower() in RIGHT_TO_LEFT_LANGUAGES)
    try:
        yield
    finally:
        _page_rtl.reset(token)


def right_to_left_page() -> bool:
    """Whether the page being laid out is a right-to-left document's: every layout mirrors itself by this."""
    return _page_rtl.get()


def writes_right_to_left_language() -> bool:
    """Whether the current record's language is written right to left."""
    return _primary(_language.get()) in RIGHT_TO_LEFT_LANGUAGES


def writes_without_spaces_language() -> bool:
    """Whether the current record's language is written without spaces between words (Chinese, Japanese)."""
    return _primary(_language.get()) in SPACELESS_LANGUAGES


SPACELESS_LANGUAGES = ("zh", "ja")  # written without spaces between words


def _primary(language: str | None) -> str:
    return (language or "").split("-")[0].lower()


def language_faces() -> tuple[str, ...]:
    """The faces the current language puts first (NotoNastaliqUrdu for Urdu); () for most languages."""
    return _language_faces(_language.get())


def writing_context() -> tuple:
    """Everything of the writing context a paragraph's setting depends on (for caches keyed by it): the
    language's own faces, whether it is written without spaces or right to left, the document's language and
    whether its pages are mirrored."""
    return _writing_context(_language.get(), _document_language.get(), _page_rtl.get())


@functools.lru_cache(maxsize=256)
def _writing_context(language: str | None, document: str | None, page_rtl: bool) -> tuple:
    primary = _primary(language)
    faces = _language_faces(language)
    return (faces, primary in SPACELESS_LANGUAGES, primary in RIGHT_TO_LEFT_LANGUAGES, document, page_rtl)


@functools.lru_cache(maxsize=256)  # asked for every paragraph made; a batch has a few languages
def _language_faces(language: str | None) -> tuple[str, ...]:
    return tuple(face.regular for face in faces_for(language) if face.languages)


_language: contextvars.ContextVar[str | None] = contextvars.ContextVar("writing_language", default=None)
_document_language: contextvars.ContextVar[str | None] = contextvars.ContextVar("document_language", default=None)


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


def _keeps_its_font(text: str, font_name: str) -> bool:
    """Whether the fragment's own font sets all of `text` well: every glyph, letters of its own scripts only.

    Asked of every fragment parsed, so the answer is kept per font and character (it depends on nothing
    else), and a text is checked as a set of characters, mostly known already."""
    kept, refused = _kept_chars.get(font_name) or _kept_chars.setdefault(font_name, (set(), set()))
    chars = set(text)
    if len(kept) + len(refused) > MAX_KEPT_CHARS:  # a hostile text of every code point: bounded
        kept.clear()
        refused.clear()
    for char in chars - kept - refused:
        (kept if _char_keeps_font(char, font_name) else refused).add(char)
    return not (chars & refused)


MAX_KEPT_CHARS = 20_000
_kept_chars: dict[str, tuple[set[str], set[str]]] = {}  # font -> (characters it keeps, characters it does not)


def _char_keeps_font(char: str, font_name: str) -> bool:
    if char in _NEUTRAL or ord(char) >= _FIRST_SHAPED:
        return True
    script = script_of(char)
    face = face_of(font_name)
    if not has_glyph(font_name, char) or (script is not None and face is not None and script not in face.scripts):
        return False
    return unicodedata.category(char)[0] != "M"  # a combining accent is placed by shaping


def _has_rtl(text: str) -> bool:
    if not text or max(text) < FIRST_RIGHT_TO_LEFT:  # no character below Hebrew is right to left (tests check)
        return False
    return any(bidi_class(c) == "R" for c in text)


def _has_kana(frags: list) -> bool:
    texts = (getattr(frag, "text", "") or "" for frag in frags)
    return any(
        "\u3040" <= char <= "\u30ff" or "\u31f0" <= char <= "\u31ff"
        for text in texts
        if text and max(text) >= "\u3040"  # most text has nothing as high: passed over at once
        for char in text
    )


def _has_marks(text: str) -> bool:
    return any(unicodedata.category(c)[0] == "M" for c in text if ord(c) < _FIRST_SHAPED)


def _runs(text: str, font_name: str, language: str | None = None) -> list[tuple[str, str]]:
    """(font, text) runs: one face per word, or per run of one script inside a word.

    A word the fragment's own font sets whole stays in it; otherwise the whole
    word (or each part of it in one script) takes the first face made for its
    script that has all of its characters (fonts.face_for_run), so Nguyễn,
    İpek and Ŵyn are each in one face and Δ is a Greek letter. Spaces stay in
    the run before them; digits and punctuation go with the letters they stand by.
    """
    bold = is_bold(font_name)
    runs: list[list] = []
    for word in _SPACES.split(text):
        if not word:
            continue
        if word.isspace() or all(ord(c) >= _FIRST_SHAPED for c in word):
            before = runs[-1][0] if runs else font_name
            # A space goes with the run before it, in a face that has one (a part of the Japanese face may not).
            keeps = not word.isspace() or all(has_glyph(before, c) for c in word)
            pieces = [(before if keeps else font_name, word)]
        else:
            pieces = []
            for segment, script in _script_segments(word):
                pieces += _set_segment(segment, script, font_name, bold, language)
        for font, piece in pieces:
            if runs and runs[-1][0] == font:
                runs[-1][1] += piece
            else:
                runs.append([font, piece])
    return [(font, piece) for font, piece in runs]


def _script_segments(word: str) -> list[tuple[str, str | None]]:
    """`word` cut where its script changes; digits, punctuation and accents join the letters before them."""
    segments: list[list] = []
    for char in word:
        script = script_of(char)
        if segments and (script is None or segments[-1][1] in (None, script)):
            segments[-1][0] += char
            segments[-1][1] = segments[-1][1] or script
        else:
            segments.append([char, script])
    return [(text, script) for text, script in segments]


def _set_segment(segment: str, script: str | None, font_name: str, bold: bool, language) -> list[tuple[str, str]]:
    """(font, text) for one run of one script: the fragment's font, else one face for all of it."""
    own = face_of(font_name)
    own_scripts = own.scripts if own is not None else frozenset()
    if (script is None or script in own_scripts) and _keeps_its_font(segment, font_name):
        return [(font_name, segment)]
    runs = faces_for_run(segment, script, language)
    if runs:
        return _merged([(weight_of(face, piece, bold), piece) for face, piece in runs])
    # No face has all of it (a letter with punctuation only another face has): the letters in one
    # face, the rest in the fragment's font when it has them, else in the first face that does.
    letters = "".join(c for c in segment if script_of(c) is not None)
    face = face_for_run(letters, script, language) if letters else None
    runs: list[tuple[str, str]] = []
    for char in segment:
        if face is not None and has_glyph(face.regular, char):
            font = weight_of(face, char, bold)
        elif has_glyph(font_name, char):
            font = font_name
        else:
            font = font_for(char, bold) or font_name  # validation refused what no face has
        runs.append((font, char))
    return _merged(runs)


def _merged(runs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    out: list[list] = []
    for font, text in runs:
        if out and out[-1][0] == font:
            out[-1][1] += text
        else:
            out.append([font, text])
    return [(font, text) for font, text in out]


def _by_rise(run: str) -> list[tuple[int, str]]:
    """A shaped run cut where its glyphs' vertical offset (thousandths of an em) changes."""
    pieces: list[list] = []
    for char in run:
        rise = rise_of(char)
        if pieces and pieces[-1][0] == rise:
            pieces[-1][1] += char
        else:
            pieces.append([rise, char])
    return [(rise, text) for rise, text in pieces]


def _shaped(run: str, font_name: str) -> str:
    font = pdfmetrics.getFont(font_name)
    return "".join(part if part.isspace() or not part else font.shape_word(part) for part in _SPACES.split(run))


# ---------------------------------------------------------------- drawing order
