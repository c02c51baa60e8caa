"""Read a printed page back as a clinical print reviewer would: where each word is, how big, on which page.

Everything here comes from the PDF itself (pdfplumber's characters, words,
lines and rectangles), never from the layout code's own idea of where it put
things: the patient band is the filled rounded box at the top, the barcode the
dark bars inside it, the footer rule the lowest full-width line.
"""

from __future__ import annotations

import io
import itertools
import re
import unicodedata
from dataclasses import dataclass

import pdfplumber

MM = 72 / 25.4
EDGE_MM = 12  # printers cannot reach closer to the edge of the sheet


@dataclass(frozen=True)
class Box:
    x0: float
    top: float
    x1: float
    bottom: float

    def overlaps(self, other: Box) -> bool:
        return self.x0 < other.x1 and other.x0 < self.x1 and self.top < other.bottom and other.top < self.bottom


@dataclass(frozen=True)
class Word:
    text: str
    box: Box
    size: float  # the largest character size in the word, points


@dataclass(frozen=True)
class Page:
    number: int
    width: float
    height: float
    text: str  # whitespace collapsed, hyphen line ends joined ("Smith- Jones" -> "Smith-Jones")
    words: tuple[Word, ...]
    chars: tuple[tuple[str, Box, float], ...]  # (character, box, size)
    band: Box | None  # the patient band
    barcode: Box | None  # the bars with their white quiet zone
    footer_rule: float | None  # top of the footer rule, points from the page top
    ink_bottom: float  # the lowest body ink (text, rules, boxes) above the footer rule

    def body_fill(self) -> float:
        """How full the body frame is, 0..1: from under the band down to the footer rule."""
        if self.band is None or self.footer_rule is None:
            return 1.0
        return (self.ink_bottom - self.band.bottom) / (self.footer_rule - self.band.bottom)


def read(pdf: bytes) -> list[Page]:
    pages = []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for number, page in enumerate(document.pages, start=1):
            pages.append(_read_page(page, number))
    return pages


def _read_page(page, number: int) -> Page:
    width, height = float(page.width), float(page.height)
    chars = tuple(
        (c["text"], Box(c["x0"], c["top"], c["x1"], c["bottom"]), round(c["size"], 2))
        for c in page.chars
        if c["text"].strip()
    )
    words = tuple(
        Word(w["text"], Box(w["x0"], w["top"], w["x1"], w["bottom"]), max(round(c["size"], 2) for c in w["chars"]))
        for w in page.extract_words(keep_blank_chars=False, extra_attrs=[], return_chars=True)
    )
    text = " ".join((page.extract_text() or "").split())
    text = re.sub(r"(\w)- (?=\w)", r"\1-", text)
    band = None
    for curve in page.curves:
        if curve["top"] < height * 0.4 and curve["x1"] - curve["x0"] > width * 0.6 and curve.get("fill"):
            band = Box(curve["x0"], curve["top"], curve["x1"], curve["bottom"])
            break
    bars = [r for r in page.rects if r.get("fill") and r["x1"] - r["x0"] < 6 and _dark(r)]
    if band is not None:
        bars = [r for r in bars if band.top <= r["top"] and r["bottom"] <= band.bottom]
    barcode = None
    if len(bars) > 10:
        quiet = 2 * MM
        barcode = Box(
            min(r["x0"] for r in bars) - quiet,
            min(r["top"] for r in bars),
            max(r["x1"] for r in bars) + quiet,
            max(r["bottom"] for r in bars),
        )
    rules = [
        line["top"]
        for line in page.lines
        if abs(line["top"] - line["bottom"]) < 0.5
        and line["x1"] - line["x0"] > width * 0.6
        and line["top"] > height / 2
    ]
    footer_rule = max(rules) if rules else None
    ink = [box.bottom for _c, box, _s in chars]
    ink += [r["bottom"] for r in (*page.rects, *page.lines)]
    if footer_rule is not None:
        ink = [y for y in ink if y < footer_rule - 1]
    return Page(number, width, height, text, words, chars, band, barcode, footer_rule, max(ink, default=0))


def _dark(rect) -> bool:
    colour = rect.get("non_stroking_color")
    if colour is None:
        return False
    values = colour if isinstance(colour, list | tuple) else (colour,)
    return all(isinstance(v, int | float) and v < 0.2 for v in values)


# ---------------------------------------------------------------- checks


def _orders(word: str) -> tuple[str, ...]:
    """A word as it may come back out: right-to-left words in reading or in visual order."""
    if any(unicodedata.bidirectional(c) in ("R", "AL") for c in word):
        return (word, word[::-1])
    return (word,)


def name_pieces(name: str) -> list[list[str]]:
    """Each word of a name, cut after its hyphens: the only places a name may break."""
    return [re.findall(r"[^-]+-?|-", word) for word in name.split()]


def allowed_name_words(name: str) -> set[str]:
    """Every run of consecutive pieces of one word: what a correctly broken name may print as one word.

    Right-to-left words may come back in visual order, so their reversals are allowed too.
    """
    allowed = set()
    for pieces in name_pieces(name):
        for start in range(len(pieces)):
            for end in range(start + 1, len(pieces) + 1):
                allowed |= set(_orders("".join(pieces[start:end])))
    return allowed


def broken_name_words(pages: list[Page], name: str) -> list[tuple[int, str]]:
    """Printed words that begin or end a word of the name without being whole pieces of it.

    A word broken inside itself leaves its head on one line and its tail on the
    next ("Worthingto" / "n"); a correct break leaves whole pieces ("Smith-" / "Jones").
    """
    allowed = allowed_name_words(name)
    ends = set()
    for word in name.split():
        for text in _orders(word):
            for cut in range(3, len(text)):
                ends |= {text[:cut], text[-cut:]}
    broken = []
    for page in pages:
        for word in page.words:
            if word.text in ends and word.text not in allowed:
                broken.append((page.number, word.text))
    return broken


def name_on_page(page: Page, name: str) -> bool:
    """The whole name is printed on the page, word by word in order (right-to-left words in either order)."""
    flat = page.text
    return all(any(form in flat for form in _orders(word)) for word in name.split())


def printed_in_margin(page: Page, edge_mm: float = EDGE_MM) -> list[str]:
    edge = edge_mm * MM
    return [
        c
        for c, box, _s in page.chars
        if box.x0 < edge - 0.5
        or box.top < edge - 0.5
        or box.x1 > page.width - edge + 0.5
        or box.bottom > page.height - edge + 0.5
    ]


def printed_under_barcode(page: Page) -> list[str]:
    if page.barcode is None:
        return []
    return [c for c, box, _s in page.chars if box.overlaps(page.barcode)]


def outside_band(page: Page) -> list[str]:
    """Characters of the band's text that run past the band's box (a long name off the page)."""
    if page.band is None:
        return []
    band = page.band
    return [
        c
        for c, box, _s in page.chars
        if band.top <= box.top <= band.bottom and (box.x1 > band.x1 + 0.5 or box.x0 < band.x0 - 0.5)
    ]


def small_characters(pages: list[Page], minimum: float) -> list[tuple[int, str, float]]:
    found = []
    for page in pages:
        for word in page.words:
            if word.size < minimum - 0.01:
                found.append((page.number, word.text, word.size))
    return found


def page_of(pages: list[Page], text: str, start: int = 0) -> int | None:
    """The number of the first page from `start` (0-based) whose text holds `text`."""
    for page in pages[start:]:
        if text in page.text:
            return page.number
    return None


def in_order_on_one_page(page: Page, texts: list[str]) -> bool:
    at = 0
    for text in texts:
        found = page.text.find(text, at)
        if found < 0:
            return False
        at = found + len(text)
    return True


def line_lengths(page: Page, size: float) -> list[int]:
    """Characters per printed line of text in `size` (body text), spaces counted as one."""
    lines: dict[float, list[tuple[float, float, str]]] = {}
    for c, box, s in page.chars:
        if abs(s - size) < 0.05:
            lines.setdefault(round(box.bottom), []).append((box.x0, box.x1, c))
    lengths = []
    for chars in lines.values():
        chars.sort()
        count, previous = 0, None
        for x0, x1, _c in chars:
            if previous is not None and x0 - previous > size * 0.6:  # the next table cell: another line
                lengths.append(count)
                count = 0
            elif previous is not None and x0 - previous > size * 0.15:
                count += 1  # a space
            count += 1
            previous = x1
        lengths.append(count)
    return lengths


def subset_glyph_sets(pdf) -> dict[str, set[str]]:
    """Each embedded subset's name ("GHNEWV+AtkinsonHyperlegible-Regular") -> the glyph sets printed under it.

    A glyph set is the font program with its code-to-character map (ToUnicode) and widths: what a print server
    or preflight tool that caches fonts by name would reuse. Safe means one set per name across a whole bundle.
    `pdf` is a path or bytes; read with pikepdf, every font object in the file, used on a page or not.
    """
    import hashlib

    import pikepdf

    found: dict[str, set[str]] = {}
    with pikepdf.open(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf) as document:
        for font in document.objects:
            if not isinstance(font, pikepdf.Dictionary) or font.get("/Type") != "/Font":
                continue
            name = str(font.get("/BaseFont", ""))
            if not re.fullmatch(r"/[A-Z]{6}\+.+", name):
                continue
            described = font["/DescendantFonts"][0] if "/DescendantFonts" in font else font
            descriptor = described.get("/FontDescriptor", pikepdf.Dictionary())
            digest = hashlib.sha256()
            for key in ("/FontFile2", "/FontFile3", "/FontFile"):
                if key in descriptor:
                    digest.update(descriptor[key].read_bytes())
            if "/ToUnicode" in font:
                digest.update(font["/ToUnicode"].read_bytes())
            widths = font.get("/Widths", described.get("/W", pikepdf.Array()))
            digest.update(widths.unparse(resolved=True))
            found.setdefault(name[1:], set()).add(digest.hexdigest())
    return found


def names_shared_by_different_glyphs(pdf) -> dict[str, int]:
    """Subset names that stand for more than one glyph set in `pdf`, with how many."""
    return {name: len(sets) for name, sets in subset_glyph_sets(pdf).items() if len(sets) > 1}


@dataclass(frozen=True)
class Line:
    top: float
    bottom: float
    words: tuple[str, ...]


def body_lines(page: Page) -> list[Line]:
    """The page's body text (between the band and the footer rule) as lines, top to bottom."""
    low = page.band.bottom if page.band else 0
    high = page.footer_rule if page.footer_rule is not None else page.height
    body = sorted((w for w in page.words if low < w.box.top < high), key=lambda w: (round(w.box.top), w.box.x0))
    lines: list[list[Word]] = []
    for word in body:
        if lines and abs(word.box.top - lines[-1][0].box.top) <= 2:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [Line(min(w.box.top for w in ws), max(w.box.bottom for w in ws), tuple(w.text for w in ws)) for ws in lines]


def carried_over_that_would_fit(
    pages: list[Page], continued: list[str], signing: str, row_words: set[str], slack: float, closing: str = ""
) -> list[tuple[int, int, int]]:
    """Pages that start with a "(continued)" heading although what they carry would have fitted on the page before.

    What a "(continued)" page must carry is its heading, the core declaration and the first signing block
    under it: from the heading down to the last of the rows of write-in labels that start with `signing`
    ("Signature"; `row_words` are the words such rows hold: labels, a pre-printed name). When the page before
    had more free space than that (plus `slack`, the spacing a frame keeps), the section was carried over
    for nothing and left a page part empty. On the last page, the lines printed once at the end (starting
    with `closing`) go with the last block, so they are part of what it carries.
    Returns (page number, free points before, points needed).
    """
    found = []
    for before, page in itertools.pairwise(pages):
        lines = body_lines(page)
        opening = " ".join(word for line in lines[:4] for word in line.words)
        if before.footer_rule is None or not any(opening.startswith(heading) for heading in continued):
            continue
        first_row = next((i for i, line in enumerate(lines) if " ".join(line.words).startswith(signing)), None)
        if first_row is None:
            continue
        last = first_row
        while last + 1 < len(lines) and all(word in row_words for word in lines[last + 1].words):
            last += 1
        if closing and page is pages[-1] and last + 1 < len(lines) and lines[last + 1].words[0] == closing.split()[0]:
            last = len(lines) - 1
        needed = lines[last].bottom - lines[0].top
        free = before.footer_rule - before.ink_bottom
        if free > needed + slack:
            found.append((page.number, round(free), round(needed)))
    return found


SIGNING_LABELS = ("signed", "date", "printed_name", "job_title", "patient_name")


def signing_row_words(labels: dict, name: str) -> set[str]:
    """The words a row of write-in lines holds: its labels, and the patient's pre-printed name in either order."""
    words = {word for label in SIGNING_LABELS for word in labels[label].split()}
    return words | {order for word in name.split() for order in _orders(word)}
