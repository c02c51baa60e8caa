"""How hard a piece of English is to read: Flesch-Kincaid grade, long sentences, long words.

Flesch-Kincaid grade = 0.39 x (words per sentence) + 11.8 x (syllables per
word) - 15.59. A grade of 8 is a reading age of about 13; patient
information aims at 6 to 8. Syllables are counted the usual way for the
formula (groups of vowels, a silent final e dropped), which is close enough
to rank sentences and sections, not a dictionary.

Each list item counts as a sentence: a reader takes it in as one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[A-Z0-9\"“‘(])")
_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")
_VOWEL_GROUPS = re.compile(r"[aeiouy]+")


_ABBREVIATIONS = ("dr.", "mr.", "mrs.", "ms.", "e.g.", "i.e.", "etc.", "fig.", "approx.", "no.")


def sentences(text: str) -> list[str]:
    """`text` split into sentences (a list item or paragraph with no full stop is one sentence).

    A full stop after a title or an abbreviation ("Dr.", "e.g.") does not end a sentence.
    """
    found: list[str] = []
    for part in _SENTENCE_END.split(text.strip()):
        if found and found[-1].lower().endswith(_ABBREVIATIONS):
            found[-1] += " " + part
        else:
            found.append(part)
    return [part.strip() for part in found if _WORD.search(part)]


def words(sentence: str) -> list[str]:
    return _WORD.findall(sentence)


def syllables(word: str) -> int:
    """Syllables in an English word, by vowel groups: 'vertebrae' 3, 'cement' 2, 'the' 1."""
    w = word.lower().replace("’", "'").split("'")[0]
    if len(w) <= 3:
        return 1
    # A silent e inside a compound or before a suffix: likely, movement, useful, something.
    w = re.sub(r"(?<=[a-z]{3})e(ly|ment|ful|ness|thing)$", r"\1", w)
    if w.endswith("e") and not w.endswith(("le", "ee", "ye")) and len(w) > 3:
        w = w[:-1]
    elif w.endswith(("es", "ed")) and not w.endswith(("tes", "des", "ted", "ded", "ies", "ses", "zes", "ces", "ges")):
        w = w[:-2]
    count = len(_VOWEL_GROUPS.findall(w))
    # Two vowels said apart: anaesthesia, osteoporosis, video (not -tion, -sion, -cious).
    count += len(re.findall(r"i[ao](?!n$|us$|l$)|eo|ua", w))
    return max(1, count)


@dataclass(frozen=True)
class Reading:
    """The readability of some sentences."""

    sentences: int
    words: int
    syllables: int

    @property
    def grade(self) -> float:
        if not self.sentences or not self.words:
            return 0.0
        return 0.39 * self.words / self.sentences + 11.8 * self.syllables / self.words - 15.59


def measure(texts: list[str]) -> Reading:
    """Flesch-Kincaid counts over several paragraphs or list items."""
    found = [s for text in texts for s in sentences(text)]
    all_words = [w for s in found for w in words(s)]
    return Reading(len(found), len(all_words), sum(syllables(w) for w in all_words))


def long_words(texts: list[str], more_than: int = 3) -> list[str]:
    """Distinct words of more than `more_than` syllables, in order of first use."""
    found: dict[str, None] = {}
    for text in texts:
        for word in words(text):
            if syllables(word) > more_than:
                found.setdefault(word.lower(), None)
    return list(found)


def longest_sentences(texts: list[str], most: int = 2) -> list[str]:
    every = [s for text in texts for s in sentences(text)]
    return sorted(every, key=lambda s: len(words(s)), reverse=True)[:most]


# ---------------------------------------------------------------- other languages
# Flesch-Kincaid's weights are for English. For other languages the measure is sentence length, which every
# plain-language guide puts first: in words where words are spaced (at most 20 on average), in characters
# for Chinese and Japanese, which have no spaces (at most 25 on average).

# and the Indic danda, the Arabic question mark and semicolon, the Urdu full stop
_ANY_SENTENCE_END = re.compile(r"(?<=[.!?;。！？；\u0964\u0965\u061f\u061b\u06d4])[\"”’)）」]*\s*(?=\S)")
_CJK_CHARACTER = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]|[A-Za-z0-9]+")


@dataclass(frozen=True)
class ReadingMeasure:
    """How a language's text is scored: the unit, the target, and how long a sentence is in that unit."""

    unit: str  # "grade", "words a sentence", "characters a sentence"
    target: float | None  # None: the handout's own reading_grade_target (English)

    def sentences(self, text: str) -> list[str]:
        if self.unit == "grade":
            return sentences(text)
        return [part.strip() for part in _ANY_SENTENCE_END.split(text.strip()) if part.strip()]

    def length(self, sentence: str) -> int:
        """A sentence's length: words (English and spaced languages), or characters (a Latin word counts as one)."""
        if self.unit == "characters a sentence":
            return len(_CJK_CHARACTER.findall(sentence))
        if self.unit == "words a sentence":  # spaced words with a letter or digit (Indic vowel signs are not \w)
            return sum(1 for token in sentence.split() if any(char.isalnum() for char in token))
        return len(words(sentence))

    def score(self, texts: list[str]) -> float:
        if self.unit == "grade":
            return measure(texts).grade
        found = [s for text in texts for s in self.sentences(text)]
        return sum(map(self.length, found)) / len(found) if found else 0.0

    def longest(self, texts: list[str], most: int = 2) -> list[str]:
        every = [s for text in texts for s in self.sentences(text)]
        return sorted(every, key=self.length, reverse=True)[:most]


FLESCH_KINCAID = ReadingMeasure("grade", None)
WORDS_A_SENTENCE = ReadingMeasure("words a sentence", 20)
# Arabic writes "and", "with", "the" and pronouns into the word (وبعظامك: "and with your bones"): a sentence
# has about a fifth fewer spaced words than its English, so its target is lower.
ARABIC_WORDS_A_SENTENCE = ReadingMeasure("words a sentence", 16)
CHARACTERS_A_SENTENCE = ReadingMeasure("characters a sentence", 25)


def reading_measure(language: str) -> ReadingMeasure:
    """The measure that fits a language: Flesch-Kincaid for English, sentence length for the rest."""
    primary = language.split("-")[0].lower()
    if primary == "en":
        return FLESCH_KINCAID
    if primary == "ar":
        return ARABIC_WORDS_A_SENTENCE
    return CHARACTERS_A_SENTENCE if primary in ("zh", "ja") else WORDS_A_SENTENCE
