"""Record values set whole in their box: a name breaks only at spaces and after hyphens, never inside a word.

ReportLab, left to itself, splits a word too wide for its line anywhere
("Worthingto" / "n"), and breaks nowhere else inside a double-barrelled name.
A name split inside a word is another name, on a page that may be filed or
scanned: so a value from a record is broken into lines here, at its spaces and
after its hyphens only, and a piece too wide for the box makes the whole value
smaller, down to a floor (9 pt; in large print its 16 pt body). A piece too
wide even at the floor reports that it does not fit (`Fitted.fits`), so the
box can grow (the patient band moves its barcode down) instead of the text
running out of it; only past every such remedy is it set smaller still, and
never split.

Every string from a record or a content file reaches ReportLab through `esc`:
Paragraph text is markup, so a patient called `Ann <b>& "Jo"` must be escaped
to print literally.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph

from handout_engine.text.fonts import has_glyphs
from handout_engine.text.paragraphs import WholeWordParagraph, paragraph

STEP_PT = 0.5
LATIN_EXTENDED = 0x24F  # the last letter of Latin Extended-B: no shaping, no fallback face
LEAST_PT = 5.0  # past the floor, for a box that cannot grow: small, whole and legible under a magnifier
_PIECE = re.compile(r"[^-]+-*|-+")
_SPACES = re.compile(r"[ \t\r\n]+")  # where a line may break; a no-break space (U+00A0) is not one


def esc(text: str) -> str:
    """The one escaping helper: record and content text -> safe Paragraph markup."""
    return escape(text, {'"': "&quot;"})


class Name(str):
    """A person's name: besides at its spaces, it may break after its hyphens ("Smith-" / "Jones").

    Nothing else does: an identifier ("P-0042"), a date or a dose moves to the
    next line whole.
    """


def name_or_none(text: str | None) -> Name | None:
    return None if text is None else Name(text)


@dataclass(frozen=True)
class Fitted:
    markup: str  # escaped, with <br/> where the lines break
    style: ParagraphStyle  # the box's style, at the size the value fits in
    fits: bool  # every piece fits at or above the floor

    def paragraph(self) -> Paragraph:
        return paragraph(self.markup, self.style, whole=True)  # parsed once per process (text/paragraphs.py)


def pieces(text: str, hyphens: bool = False) -> list[tuple[str, str]]:
    """(joiner, piece) pairs: each word (cut after its hyphens, for a name), the joiner ' ' where a word starts."""
    out = []
    for word in _SPACES.split(text.strip(" \t\r\n")):
        if not word:
            continue
        for index, piece in enumerate(_PIECE.findall(word) if hyphens else [word]):
            out.append(("" if index else " ", piece))
    return out


def fit(text: str, style: ParagraphStyle, width: float, floor: float) -> Fitted:
    """`text` (plain, unescaped) broken and sized to fit `width`; a `Name` may break after its hyphens too."""
    return _fit(str(text), style, round(width, 2), floor, isinstance(text, Name))


def fitted(text: str | None, style: ParagraphStyle, width: float, floor: float) -> Paragraph:
    return fit(text or "", style, width, floor).paragraph()


@functools.lru_cache(maxsize=4096)  # styles live as long as the process (styles_for), so they are safe keys
def _fit(text: str, style: ParagraphStyle, width: float, floor: float, hyphens: bool) -> Fitted:
    parts = pieces(text, hyphens)
    if not parts:
        return Fitted("", style, True)
    size = style.fontSize
    floor = min(floor, size)
    while size > LEAST_PT and not all(_width(piece, sized(style, size)) <= width for _j, piece in parts):
        size = round(size - STEP_PT, 2)
    at_size = sized(style, size)
    lines: list[str] = []
    current = ""
    for joiner, piece in parts:
        candidate = f"{current}{joiner}{piece}" if current else piece
        if not current or _width(candidate, at_size) <= width:
            current = candidate
        else:
            lines.append(current)
            current = piece
    lines.append(current)
    return Fitted("<br/>".join(esc(line) for line in lines), at_size, size >= floor)


def widest_piece(text: str | None, style: ParagraphStyle) -> float:
    """The width of the widest unbreakable piece of `text`: the least a box may be to hold it at `style`."""
    parts = pieces(str(text or ""), isinstance(text, Name))
    return max((_width(piece, style) for _joiner, piece in parts), default=0.0)


@functools.lru_cache(maxsize=8192)
def _width(text: str, style: ParagraphStyle) -> float:
    """How wide `text` prints on one line, in the fonts it will really use (fallback fonts too)."""
    if _plain_words(text, style.fontName):
        return _one_line_width(text, style)
    paragraph = WholeWordParagraph(esc(text), style)
    paragraph.wrap(1e6, 1e6)
    return max(paragraph.getActualLineWidths0() or [0.0])


def _plain_words(text: str, font_name: str) -> bool:
    """Latin letters, digits and punctuation (nothing shaped), all in `font_name`, words one space apart."""
    if not text or text[0] == " " or text[-1] == " " or "  " in text:
        return False
    plain = max(text) <= chr(LATIN_EXTENDED) and text.replace("\u00a0", "").isprintable()  # no-break spaces too
    return plain and has_glyphs(font_name, text)


def _one_line_width(text: str, style: ParagraphStyle) -> float:
    """What the paragraph in `_width` measures for such words, to the last bit, without parsing and breaking one.

    ReportLab adds each word's width and the spaces between in this order, on a line 1e6 wide, and gives the
    width back as what is left of the line taken from 1e6 (tests compare the two on thousands of strings).
    """
    font, size = style.fontName, style.fontSize
    space = stringWidth(" ", font, size)
    width = -space
    for word in text.split(" "):
        width = width + space + stringWidth(word, font, size)
    return 1e6 - (1e6 - width)


@functools.cache
def sized(style: ParagraphStyle, size: float) -> ParagraphStyle:
    """`style` at `size`, its leading in proportion; one style object per size, for the caches."""
    if size == style.fontSize:
        return style
    return ParagraphStyle(
        f"{style.name}@{size}", parent=style, fontSize=size, leading=style.leading * size / style.fontSize
    )


def identity_rows(label, labels: dict) -> list[tuple[str, object]]:
    """The patient's identifiers as a details table's first rows: the name set whole, never split inside a word."""
    return [
        (labels["name"], Name(label.name)),
        (labels["date_of_birth"], label.born),
        (labels["patient_id"], label.patient_id),
        (labels["nhs_number"], label.nhs_number),
    ]
