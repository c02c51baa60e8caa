"""Where a line may break inside Thai, Lao, Khmer and Myanmar: between words, found by ICU's dictionaries.

These scripts write a sentence without spaces between its words; a space ends
a phrase or a sentence. Broken only at spaces, a long sentence runs out of its
column (ReportLab never splits a word: `splitLongWords=0`). A line may break
between two words, and only a dictionary knows where one word ends: ICU's
line breaker does that for exactly these four scripts (its Thai, Lao, Khmer
and Burmese dictionaries), the way browsers and word processors break them.
It never breaks inside a grapheme cluster (a consonant with its vowel signs
and tone marks stays whole), so the pieces can be shaped one by one.

A patient's name is never broken inside one of its words (issue 15): ICU
would cut ศรีสุดา into ศรี|สุดา, both real words. So within the block
`keeping_whole(...)` (the render of one record, with its patient's,
clinician's and follow-up names), no break is made inside any word of those
names where it appears in the text; and record values set whole
(layouts/fit.py: the patient band, the details tables) are never given these
breaks at all.

ICU comes from icu4py (pyproject.toml says why); it is imported the first
time such a script is set, so other documents never load it.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools

# The scripts (writing.script_of names) written without spaces between words, and the locale ICU breaks each in.
DICTIONARY_SCRIPTS = {"THAI": "th", "LAO": "lo", "KHMER": "km", "MYANMAR": "my"}

_kept: contextvars.ContextVar[tuple[str, ...]] = contextvars.ContextVar("kept_whole", default=())


@contextlib.contextmanager
def keeping_whole(*names: str | None):
    """Within this block, no line breaks inside a word of these names (the record's), wherever they stand in text."""
    token = _kept.set(tuple(dict.fromkeys(word for name in names for word in (name or "").split() if len(word) > 1)))
    try:
        yield
    finally:
        _kept.reset(token)


def kept_in(text: str) -> tuple[str, ...]:
    """The words kept whole that appear in `text`: what breaking it depends on besides the text (for caches)."""
    return tuple(word for word in _kept.get() if word in text)


def word_pieces(word: str, script: str) -> tuple[str, ...]:
    """`word` (no spaces, in one of DICTIONARY_SCRIPTS) cut where a line may break: ICU's words, names kept whole."""
    return _pieces(word, DICTIONARY_SCRIPTS[script], kept_in(word))


@functools.lru_cache(maxsize=8192)
def _pieces(word: str, locale: str, kept: tuple[str, ...]) -> tuple[str, ...]:
    from icu4py.breakers import LineBreaker  # ICU's data loads on first use only

    # LineBreaker.segments() counts in UTF-16 units; iterating gives the pieces as Python strings.
    pieces = [piece for piece in LineBreaker(word, locale) if piece]
    if len(pieces) < 2:
        return (word,)
    inside = set()  # offsets a kept word spans (a break there would cut it)
    for name in kept:
        start = word.find(name)
        while start >= 0:
            inside.update(range(start + 1, start + len(name)))
            start = word.find(name, start + 1)
    out = [pieces[0]]
    offset = len(pieces[0])
    for piece in pieces[1:]:
        if offset in inside:
            out[-1] += piece
        else:
            out.append(piece)
        offset += len(piece)
    return tuple(out)


def may_break_before(frag) -> bool:
    """Whether a line may break before this fragment although no space precedes it (a word boundary found here)."""
    return bool(getattr(frag, "word_break_before", False))
