"""Each page's content as a few streams cut where nothing is left open, and the streams seen before written at once.

A page's operators are its furniture (brand header, patient band, footer),
its body and its "Page X of Y", in that order. The body of a replayed page
is the same for every patient of a recording, and a document's furniture is
the same on each of its pages after the first; as one stream per page, every
document compressed all of it again. So each page's /Contents is an array of
up to three streams, one per part, whose concatenation is exactly the one
stream ReportLab writes (ISO 32000-1 7.8.2: a page's streams are read as
one). A cut is made only where nothing (q/Q, BT/ET, marked content) is
open across it; else the parts stay together. A part this process wrote
before is written from the bytes it made then, compressed and formatted once
(a bounded cache keyed by the content itself, so what is put back can only
be those operators; the furniture, which names the patient, is never kept);
a part repeated on a document's pages is one object they share, unless it
numbers marked content for its page. The streams are compressed but not
ASCII85-encoded: a fifth of their bytes, and the encoding, saved; every
reader takes Flate alone.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence

from reportlab.pdfbase.pdfdoc import PDFArray, PDFPage, PDFStream, PDFZCompress

FILTERS = (PDFZCompress,)  # Flate only: ASCII85 makes the stream a quarter longer, for 7-bit channels PDFs never use
MAX_KEPT = 2048  # parts kept formatted per process: a batch's recorded bodies and page counts, a few hundred
MAX_KEPT_CHARACTERS = 8_000_000  # and their content at most (~8 MB; a body page is ~5 KB)
MAX_CHECKED = 256  # parts whose openings were counted, kept: the furniture of a document's pages, page counts

# Strings, hex strings and comments, skipped whole (ReportLab escapes every parenthesis in a string).
_SKIPPED = re.compile(r"\([^()\\]*(?:\\.[^()\\]*)*\)|<[0-9A-Fa-f\s]*>|%[^\r\n]*", re.DOTALL)
# The only tokens `closed` looks at, each standing alone between whitespace (str.split's and re's \s agree).
_COUNTED = re.compile(r"(?<!\S)(?:q|Q|BT|ET|BDC|BMC|EMC|BI)(?!\S)")
_OPENING = {"q": "q", "BT": "BT", "BDC": "BDC", "BMC": "BDC"}
_CLOSING = {"Q": "q", "ET": "BT", "EMC": "BDC"}
_kept: OrderedDict[str, bytes] = OrderedDict()  # a part's content -> its object's bytes (formatter.py)
_kept_characters = 0
_checked: dict[str, bool] = {}  # a part's content -> closed(content)
_checked_rests: dict[str, bool] = {}  # the same, by the content with its strings made spaces
_lock = threading.Lock()  # the nurses' page makes documents on several threads


class PageContent(PDFStream):
    """One part of a page's content: a Flate stream, its bytes `kept` for the next document (formatter.py)."""

    def __init__(self, content: str, kept: bool = True):
        super().__init__(content=content, filters=list(FILTERS))
        self.kept = kept


class SplitPage(PDFPage):
    """A page whose /Contents is an array of its parts' streams, written in place (not an object of its own)."""

    __Refs__ = tuple(name for name in PDFPage.__Refs__ if name != "Contents")


def closed(content: str) -> bool:
    """Whether `content` closes all it opens and nothing before it: q/Q, BT/ET, marked content; no inline image."""
    return _closed_outside_strings(_SKIPPED.sub(" ", content))


def _closed_outside_strings(rest: str) -> bool:
    """`closed` of a content with its strings, hex strings and comments made spaces."""
    if "(" in rest or ")" in rest:  # a parenthesis no string accounts for: not read right, so never cut
        return False
    depth = {"q": 0, "BT": 0, "BDC": 0}
    for token in _COUNTED.findall(rest):  # as rest.split(), only the tokens counted here
        if token in _OPENING:
            kind = _OPENING[token]
            depth[kind] += 1
            if kind == "BT" and depth[kind] > 1:
                return False
        elif token in _CLOSING:
            kind = _CLOSING[token]
            depth[kind] -= 1
            if depth[kind] < 0:
                return False
        elif token == "BI":  # an inline image: its data is not tokens
            return False
    return not any(depth.values())


def _checked_closed(content: str) -> bool:
    """`closed`, kept by the content, and by the content but its strings: a document's first furniture differs
    from the last document's in little but the patient's words, which are strings."""
    answer = _checked.get(content)
    if answer is None:
        rest = _SKIPPED.sub(" ", content)
        answer = _checked_rests.get(rest)
        if answer is None:
            answer = _closed_outside_strings(rest)
            _keep_checked(_checked_rests, rest, answer)
        _keep_checked(_checked, content, answer)
    return answer


def _keep_checked(store: dict[str, bool], key: str, answer: bool) -> None:
    if len(store) >= MAX_CHECKED:
        store.clear()  # one step, safe beside other threads
    store[key] = answer


def parts_of(furniture: Sequence[str], body: Sequence[str], count: Sequence[str]) -> list[str]:
    """The page's parts' contents (ReportLab's lines joined as it joins a page's stream), whose concatenation is
    the page's one stream.

    A cut between two parts needs nothing open across it: the part before it
    closes all it opens (the page starts with nothing open), or the part after
    it closes nothing it did not open. So only the furniture and the page
    count are read (each seen before, mostly), never the body: where neither
    holds, the parts stay one stream.
    """
    first, middle, last = ("\n".join(lines) + "\n" if lines else "" for lines in (furniture, body, count))
    parts = [first]
    if first and _checked_closed(first):
        parts.append("")
    parts[-1] += middle
    if last and _checked_closed(last):
        parts.append("")
    parts[-1] += last
    return [part for part in parts if part]


def formatted(stream: PageContent, make: Callable[[], bytes]) -> bytes:
    """The stream's object bytes, made once per process for each content (`make` formats it)."""
    global _kept_characters
    content = stream.content
    if not stream.kept:
        return make()
    with _lock:
        data = _kept.get(content)
        if data is not None:
            _kept.move_to_end(content)
            return data
    data = make()
    with _lock:
        if content not in _kept:
            _kept[content] = data
            _kept_characters += len(content)
            while len(_kept) > MAX_KEPT or _kept_characters > MAX_KEPT_CHARACTERS:
                old, _data = _kept.popitem(last=False)
                _kept_characters -= len(old)
    return data


def page_contents(parts: Sequence[str], shared: dict[str, PageContent]) -> PDFArray:
    """The page's /Contents: a stream per part, a part already on another page of the document that same object
    (marked content numbered for its page never is shared); the first part, the furniture naming the patient,
    is not kept for other documents."""
    streams = []
    for index, content in enumerate(parts):
        stream = shared.get(content)
        if stream is None:
            stream = PageContent(content, kept=index > 0)
            if "MCID" not in content:
                shared[content] = stream
        streams.append(stream)
    return PDFArray(streams)
