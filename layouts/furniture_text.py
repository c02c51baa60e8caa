"""The words the page furniture prints, set once: the footer's lines, the band's details, the brand's and
footer's paragraphs shared by every document, and the notice on a print bundle's filler page.

Split from furniture.py, which places these on the page; nothing here reads a canvas's state.
"""

from __future__ import annotations

import copy
import functools

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from handout_engine.models import Sheet
from handout_engine.text.fonts import has_glyph
from handout_engine.text.lines import draw_left_aligned, line_width
from handout_engine.text.paragraphs import paragraph
from handout_engine.text.scripts import current_language as _writing_language
from handout_engine.text.scripts import document_language, right_to_left_page
from handout_engine.text.shaping import bidi_class
from handout_engine.text.words import kept_in

from .blocks import esc
from .fit import fit, sized
from .styles import GREY, Styles

NBSP = "\u00a0"  # a no-break space character (the &nbsp; entity would split the text into many fragments)


def footer_lines(sheet: Sheet, labels: dict, document_name: str, large_print: bool) -> tuple[list[str], list[str]]:
    """(every page's footer lines, lines printed once at the end of the body), as markup.

    Every page names its document and content version, and says when the
    content is overdue for review or not clinically reviewed. In large print,
    where each footer line is 16 pt, the review dates and the clinic's own
    footer line are printed once, at the end, so the footer does not take a
    quarter of every page.
    """
    meta = sheet.handout.meta
    version = [labels["version"].format(version=sheet.content_version)]
    if meta.reference:
        version.insert(0, labels["reference"].format(reference=meta.reference))
    dates = [labels["reviewed"].format(date=sheet.last_reviewed), labels["next_review"].format(date=sheet.next_review)]
    flags = []
    if sheet.review_overdue:  # printed past its review date (--allow-overdue): never silently
        flags.append(f"<b>{esc(labels['review_overdue'].format(date=sheet.next_review))}</b>")
    if not meta.clinically_reviewed:  # a translation no clinician has checked yet: every page says so
        flags.append(f"<b>{esc(labels['not_reviewed'])}</b>")
    title = f"{esc(meta.title)}: {esc(labels[document_name])}"
    brand_line = [esc(sheet.brand.footer)] if sheet.brand.footer else []
    if large_print:
        return [*flags, title, esc(" · ".join(version))], [esc(" · ".join(dates)), *brand_line]
    return [*flags, title, esc(" · ".join([*version, *dates])), *brand_line], []


def band_details(items: list[str], styles: Styles, width: float) -> Paragraph:
    """'Label: value' items in one paragraph, the labels in bold.

    An item never splits over two lines ('999 000' here and '0042' below
    misleads); items too wide for the band set all of them smaller (fit.py).
    They are measured as if all bold, so the real line is never wider.
    """
    gap = NBSP * 3
    unbroken = [item.replace(" ", NBSP) + (gap if n < len(items) - 1 else "") for n, item in enumerate(items)]
    measured = fit(" ".join(unbroken), styles.band_details_bold, width, styles.name_floor)
    markup = measured.markup
    for item in items:
        label = esc(item.split(":", 1)[0].replace(" ", NBSP))
        markup = markup.replace(f"{label}:", f"<b>{label}:</b>", 1)
    return paragraph(markup, sized(styles.band_details, measured.style.fontSize))  # parsed once per process


MAX_SHARED_LINES = 64  # the clinic's name, its department and each document's footer, per brand, size and language
_shared_lines: dict[tuple, tuple] = {}


def shared_line(markup: str, style, width: float) -> Paragraph:
    """The brand's and the footer's paragraphs, wrapped once per process: each document gets its own copy.

    They read nothing of the patient: their markup, style, width and the writing context that sets them
    (the faces, direction and words kept whole that `paragraph` keys its prototypes on) decide them. The
    copies share the line breaks; each has its own `canv` while it is drawn, since ReportLab sets and deletes
    that attribute on the flowable itself, and two of the web server's threads may draw one footer at once.
    """
    key = (markup, id(style), width, _writing_language(), document_language(), right_to_left_page(), kept_in(markup))
    found = _shared_lines.get(key)
    if found is None or found[0] is not style:
        if len(_shared_lines) >= MAX_SHARED_LINES:
            _shared_lines.clear()
        found = _shared_lines[key] = (style, wrapped(paragraph(markup, style), width))
    return copy.copy(found[1])


def wrapped(paragraph: Paragraph, width: float) -> Paragraph:
    """Wrap once so the paragraph knows its height; it can then be drawn on every page."""
    paragraph.width, paragraph.height = width, paragraph.wrap(width, 10_000)[1]
    return paragraph


@functools.lru_cache(maxsize=64)
def widest_count(label: str, font: str, size: float, _language: str | None) -> float:
    """How wide "Page 888 of 888" prints: the room the footer leaves the page count (once per label, size and
    writing language, which picks the faces: text/lines.py)."""
    return line_width(label.format(number=888, total=888), font, size)


def draw_blank_page_notice(canvas: Canvas, pagesize, fonts: tuple[str, str], lines: list[str], size: float) -> None:
    """A filler page's words, centred a third of the way down: the first line in bold, the rest regular.

    A line the text face cannot set (Arabic, Chinese, Bengali words) is drawn
    in the faces it needs, shaped, and, when it holds right-to-left letters, in
    right-to-left order: never a row of empty boxes.
    """
    width, height = pagesize
    y = height * 2 / 3
    for number, line in enumerate(lines):
        font = fonts[0] if number == 0 else fonts[1]
        canvas.setFont(font, size)
        canvas.setFillColor(GREY)
        if all(has_glyph(font, char) for char in line):
            canvas.drawCentredString(width / 2, y, line)
        else:
            base = "R" if any(bidi_class(char) == "R" for char in line) else "L"
            draw_left_aligned(canvas, (width - line_width(line, font, size)) / 2, y, line, font, size, base=base)
        y -= size * 1.6
