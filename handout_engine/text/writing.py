"""Which writing system (script) a character belongs to, and what a person calls it.

Fallback fonts are chosen per run of one script (scripts.py), so a Greek Δ is
never taken from a Latin face's mathematical ∆, and a message about a
character no font has can say "a Cherokee letter" rather than only a code
point. Python's unicodedata has no Script property; a letter's Unicode name
starts with its script ("GREEK CAPITAL LETTER DELTA", "MALAYALAM VOWEL SIGN
OO", "CJK UNIFIED IDEOGRAPH-4E2D"), which is exact for every script we ship a
face for. Digits, punctuation, spaces and combining accents belong to no
script (None): they take the script of the letters around them.
"""

from __future__ import annotations

import functools
import unicodedata

# Name prefixes that are not scripts, and those that are parts of one (kana, CJK's forms).
_NOT_A_SCRIPT = {"MODIFIER", "COMBINING", "ZERO", "LEFT", "RIGHT", "DOTTED", "NARROW", "WORD", "SOFT"}
_SAME_AS = {
    "CJK": "HAN",
    "IDEOGRAPHIC": "HAN",
    "KANGXI": "HAN",
    "FULLWIDTH": "HAN",  # fullwidth Latin letters are set with the CJK text they sit in
    "HALFWIDTH": "HAN",
    "HIRAGANA": "KANA",
    "KATAKANA": "KANA",
    "BOPOMOFO": "HAN",
    "EXTENDED": "ARABIC",  # EXTENDED ARABIC-INDIC DIGIT (Persian, Urdu)
}
# What a person calls a script, for messages; by default its name in title case.
_CALLED = {
    "HAN": "Chinese/Japanese (Han)",
    "KANA": "Japanese kana",
    "HANGUL": "Korean (Hangul)",
    "CANADIAN": "Canadian Aboriginal syllabics",
}


@functools.lru_cache(maxsize=8192)
def script_of(char: str) -> str | None:
    """The script of a letter, digit of a script, or sign of one ("GREEK", "BENGALI", "HAN"); None for the rest.

    European digits, punctuation, spaces, symbols and combining accents have
    no script of their own: they join the run they stand in.
    """
    category = unicodedata.category(char)
    if category[0] not in "LMN":
        return None
    if category[0] == "N" and (category != "Nd" or char.isascii()):
        return None  # 0-9, superscripts, fractions, Roman numerals
    name = unicodedata.name(char, "")
    first = name.replace("-", " ").split(" ", 1)[0]
    if not first or first in _NOT_A_SCRIPT:
        return None
    if category[0] == "M" and first == "LATIN":
        return None
    return _SAME_AS.get(first, first)


def script_called(char: str) -> str:
    """'Bengali', 'Cherokee', 'Korean (Hangul)': the script of `char` as a message names it (or 'no script')."""
    script = script_of(char)
    if script is None:
        return "no script"
    return _CALLED.get(script, script.title())


# A script -> (the language a screen reader reads a word in it in, the languages written in it). Latin is
# written in too many languages to say one: a Latin word is read in its document's language.
_READ_IN = {
    "ARABIC": ("ar", {"ar", "ur", "fa", "ps", "sd", "ckb", "ug", "pnb", "skr", "ks", "ms", "dv"}),
    "HEBREW": ("he", {"he", "yi", "lad"}),
    "GREEK": ("el", {"el", "grc"}),
    "CYRILLIC": ("ru", {"ru", "uk", "bg", "sr", "mk", "be", "kk", "ky", "mn", "tg", "tt", "ba", "cv"}),
    "HAN": ("zh", {"zh", "ja", "ko", "yue"}),
    "KANA": ("ja", {"ja"}),
    "HANGUL": ("ko", {"ko"}),
    "DEVANAGARI": ("hi", {"hi", "mr", "ne", "sa", "mai", "bho", "kok", "doi"}),
    "BENGALI": ("bn", {"bn", "as", "mni"}),
    "GURMUKHI": ("pa", {"pa"}),
    "GUJARATI": ("gu", {"gu"}),
    "ORIYA": ("or", {"or"}),
    "TAMIL": ("ta", {"ta"}),
    "TELUGU": ("te", {"te"}),
    "KANNADA": ("kn", {"kn"}),
    "MALAYALAM": ("ml", {"ml"}),
    "SINHALA": ("si", {"si"}),
    "THAI": ("th", {"th"}),
    "LAO": ("lo", {"lo"}),
    "KHMER": ("km", {"km"}),
    "MYANMAR": ("my", {"my"}),
    "TIBETAN": ("bo", {"bo", "dz"}),
    "ETHIOPIC": ("am", {"am", "ti"}),
    "GEORGIAN": ("ka", {"ka"}),
    "ARMENIAN": ("hy", {"hy"}),
    "SYRIAC": ("syr", {"syr", "aii", "cld", "tru"}),  # Classical Syriac; Assyrian, Chaldean, Turoyo Neo-Aramaic
    "THAANA": ("dv", {"dv"}),
    "CHEROKEE": ("chr", {"chr"}),
    "CANADIAN": ("iu", {"iu", "cr", "oj", "nsk", "crk", "csw"}),  # Inuktitut; Cree, Ojibwe, Naskapi
    "TIFINAGH": ("zgh", {"zgh", "ber", "tzm", "kab", "shi", "rif"}),  # Standard Moroccan Amazigh; Berber languages
}


def read_in(script: str | None, document_language: str | None) -> str | None:
    """The language (BCP 47) a run of `script` is read in inside text in `document_language`, for tagged PDF's /Lang.

    None when the document's language is written in that script (Han in a
    Japanese document is Japanese, an Arabic name in an Urdu one is Urdu), and
    for Latin and the scripts of no one language: they are read in the
    document's own language.
    """
    found = _READ_IN.get(script or "")
    if found is None:
        return None
    if (document_language or "").split("-")[0].lower() in found[1]:
        return None
    return found[0]
