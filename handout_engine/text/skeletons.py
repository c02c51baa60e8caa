"""Paragraph markup parsed once per shape: the tags and the style decide the fragments, the text only their words.

ReportLab parses every paragraph's markup with an HTML parser, a tenth of a
millisecond each, and a batch makes a few new paragraphs for every patient
(the band's details, a details table's values) whose markup differs only in
the words between the same tags. Here the markup is cut into its tags and the
text between them; the "skeleton" (the tags, with one placeholder character
for each run of text) is parsed once per process and style, and each later
markup of that shape gets copies of those fragments with its own runs put
back. That is exactly what parsing gives when the parser treats every run as
data it passes through unchanged, so only such markup takes this path: no
entity (`&`), nothing the cleaning of whitespace would change, no character
of the placeholders' range, and a skeleton whose fragments hold each
placeholder alone, in order. Anything else is parsed as before (tests compare
the fragments on thousands of strings).
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict

from reportlab.platypus.paragraph import textTransformFrags
from reportlab.platypus.paraparser import ParaParser

MAX_SKELETONS = 512  # shapes kept per process: a batch's band and value cells have a few dozen
MAX_RUNS = 64  # runs of text in one markup, at most, for this path
_FIRST, _LAST = "\ue000", "\ue0ff"  # the placeholders: private-use characters no text of ours holds
_TAG = re.compile(r"(<[^<>]*>)")
_kept: OrderedDict[tuple, tuple] = OrderedDict()  # (skeleton, style, case) -> (style, fragments, run at each)
_lock = threading.Lock()  # the nurses' page makes paragraphs on several threads


def parsed_by_skeleton(text: str, style, cleaner, case_sensitive: int) -> list | None:
    """The fragments ReportLab's parse of `text` gives (after its cleaning and text transform), or None when
    `text` is not of a shape this path makes exactly (then parse it)."""
    if "&" in text or not text or cleaner(text) != text:
        return None
    pieces = _TAG.split(text)  # text, tag, text, tag, ..., text
    runs = pieces[0::2]
    if len(runs) > MAX_RUNS or any(run and max(run) >= _FIRST for run in runs):  # placeholders' range, or past it
        return None
    placed = [chr(ord(_FIRST) + n) if run else "" for n, run in enumerate(runs)]
    pieces[0::2] = placed
    key = ("".join(pieces), id(style), case_sensitive)
    with _lock:
        found = _kept.get(key)
        if found is not None:
            _kept.move_to_end(key)
    if found is None or found[0] is not style:  # new, or kept for a style since freed whose id this one has
        found = _skeleton(key[0], style, case_sensitive, placed)
        with _lock:
            _kept[key] = found
            if len(_kept) > MAX_SKELETONS:
                _kept.popitem(last=False)
    _style, fragments, run_at = found
    if fragments is None:
        return None
    made = [frag.clone() if n is None else frag.clone(text=runs[n]) for frag, n in zip(fragments, run_at, strict=True)]
    textTransformFrags(made, style)
    return made


def _skeleton(skeleton: str, style, case_sensitive: int, placed: list[str]) -> tuple:
    """(style, fragments, which run each fragment holds or None); fragments None when the shape does not hold
    each placeholder alone in a fragment of its own, in order, or the parse would change the text."""
    parser = ParaParser()
    parser.caseSensitive = case_sensitive
    try:
        parsed_style, fragments, bullet = parser.parse(skeleton, style)
    except ValueError:
        return style, None, ()
    if fragments is None or bullet or parsed_style is not style:
        return style, None, ()
    index = {char: n for n, char in enumerate(placed) if char}
    run_at: list[int | None] = []
    for frag in fragments:
        content = getattr(frag, "text", "")
        if getattr(frag, "greek", 0) or not isinstance(content, str):
            return style, None, ()
        if content in index:
            run_at.append(index.pop(content))
        elif any(_FIRST <= char <= _LAST for char in content):
            return style, None, ()  # a placeholder merged with other text, or split: not one run each
        else:
            run_at.append(None)
    if index or _out_of_order(run_at):
        return style, None, ()
    return style, fragments, tuple(run_at)


def _out_of_order(run_at: list[int | None]) -> bool:
    numbers = [n for n in run_at if n is not None]
    return numbers != sorted(numbers)
