"""Every ParagraphStyle, colour and size the documents use, built from a Brand.

Clear-print guidance (RNIB, UKAAF): body text at least 12 pt, sans serif,
left-aligned and never justified, no italics, generous line spacing. Large
print (RNIB: 16 pt and up) scales every reading size by 16/12, and nothing a
patient reads is smaller than 16 pt: not the band's details, the footer, the
page count or the clinic's header either (`floor`).
Nothing is hyphenated and no word is ever split (`splitLongWords=0`): a word
split over two lines is harder to read, and a name split inside a word is
another name. A word too wide for its box is set smaller instead (names.py).

Standard print keeps prose to about 75 characters a line (`MEASURE_EM`): the
Atkinson Hyperlegible face averages 0.43 em a character in our English and
Spanish text, so 31 em is about 72 characters on average and under 80 at most,
where a full A4 width gave 84 on average and up to 100. The prose column is
narrower, not the page: tables and boxes keep the whole width (blocks.py).
Styles are built once per brand and size per process (`styles_for`), not
once per document.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from handout_engine.models import Brand
from handout_engine.text.fonts import NASTALIQ_LANGUAGES, register_fonts

# Red flags print in one fixed, dark red whatever the brand: it stays dark
# enough in greyscale and is never confused with a clinic's decoration.
URGENT = colors.HexColor("#A4111B")
INK = colors.HexColor("#1A1A1A")
GREY = colors.HexColor("#555555")
RULE_GREY = colors.HexColor("#9A9A9A")


def tint(colour: colors.Color, amount: float) -> colors.Color:
    """Mix `colour` with white; `amount` is how much of the colour remains."""
    return colors.Color(*(1 - amount * (1 - c) for c in (colour.red, colour.green, colour.blue)))


@dataclass(frozen=True)
class Styles:
    """The styles and colours of one brand, ready for the layouts."""

    regular: str
    bold: str
    primary: colors.Color
    accent: colors.Color
    band: colors.Color  # patient band background
    panel: colors.Color  # questions and contacts panel background
    urgent_panel: colors.Color
    body: ParagraphStyle
    body_bold: ParagraphStyle
    bullet: ParagraphStyle
    step: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    heading: ParagraphStyle
    subheading: ParagraphStyle
    urgent_heading: ParagraphStyle
    table_heading: ParagraphStyle  # a subheading that does not drag a long table with it
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    small: ParagraphStyle
    clinic_name: ParagraphStyle
    department: ParagraphStyle
    band_name: ParagraphStyle
    band_details: ParagraphStyle
    band_details_bold: ParagraphStyle  # measures the band's details, whose labels are bold
    footer: ParagraphStyle
    body_size_pt: float
    large_print: bool
    margin: float  # left and right page margin, points
    margin_vertical: float  # top and bottom page margin, points (at least 12 mm)
    tick_size: float
    measure: float  # the widest a line of prose may be, points
    name_floor: float  # the smallest size a name (or any record value in a box) may be set in to fit whole
    signature_space: float  # the height left above a line to sign on


BODY_PT = 12.0
LARGE_PRINT_BODY_PT = 16.0
MEASURE_EM = 31  # about 72 characters a line on average (see above)
NAME_FLOOR_PT = 9.0  # standard print; large print never goes below its body size


# Nastaliq (Urdu) climbs diagonally to the baseline and its letters reach much further above and below the line
# than Latin or Naskh letters do (Noto Nastaliq Urdu's glyphs span 3.2 em top to bottom, Noto Sans Arabic's 1.9): at
# the Latin leading, a line's tails run into the next line's letters. A document in a language written in Nastaliq
# has every line spacing scaled by this factor (the faces are fonts.NASTALIQ_FACE's); other documents are unchanged.
NASTALIQ_LINE_SPACING = 1.7


def line_spacing(language: str | None) -> float:
    """How much taller than the Latin leading a document in `language` sets its lines (1.0 for most languages)."""
    return NASTALIQ_LINE_SPACING if (language or "").split("-")[0].lower() in NASTALIQ_LANGUAGES else 1.0


def styles_for(brand: Brand, large_print: bool = False, language: str | None = None) -> Styles:
    """Every style of every document for one brand, print size and document language's line spacing; made once per
    process for each (every language with the Latin spacing shares one)."""
    return _styles_for(brand, large_print, line_spacing(language))


@functools.cache
def _styles_for(brand: Brand, large_print: bool, spacing: float) -> Styles:
    regular, bold = register_fonts()
    primary = colors.HexColor(brand.primary_colour)
    accent = colors.HexColor(brand.accent_colour)
    size = LARGE_PRINT_BODY_PT if large_print else BODY_PT
    k = size / BODY_PT  # every reading size scales with the body

    def pt(points: float) -> float:
        """A reading size, scaled with the body; in large print never below the body size."""
        scaled = round(points * k, 2)
        return max(scaled, size) if large_print else scaled

    base = _base_style(regular, size)

    def derive(name: str, **changes) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **changes)

    styles = Styles(
        regular=regular,
        bold=bold,
        primary=primary,
        accent=accent,
        band=colors.HexColor(brand.band_colour) if brand.band_colour else tint(primary, 0.10),
        panel=tint(accent, 0.08),
        urgent_panel=tint(URGENT, 0.06),
        body=base,
        **_reading_styles(derive, bold, size, pt, primary, large_print),
        **_furniture_styles(derive, bold, size, pt, primary, large_print),
        body_size_pt=size,
        large_print=large_print,
        margin=18 * mm,
        margin_vertical=13 * mm,
        tick_size=pt(11),
        measure=MEASURE_EM * size,
        name_floor=size if large_print else NAME_FLOOR_PT,
        # Large print: people who need it often write larger too.
        signature_space=(10 if large_print else 7.5) * mm,
    )
    for prose in (styles.body, styles.body_bold, styles.bullet, styles.step, styles.subtitle, styles.small):
        prose.measure = styles.measure  # read by blocks.measured: prose lines no longer than the measure
    for heading in (styles.heading, styles.subheading, styles.table_heading, styles.urgent_heading):
        heading.measure = styles.measure
    if spacing != 1.0:
        for style in vars(styles).values():
            if isinstance(style, ParagraphStyle):  # each keeps its own copy of its parent's leading
                style.leading = round(style.leading * spacing, 2)
    return styles


def _base_style(regular: str, size: float) -> ParagraphStyle:
    """The body text every other style derives from."""
    return ParagraphStyle(
        "body",
        fontName=regular,
        bulletFontName=regular,  # ReportLab's default bullet font is Helvetica: not embedded, Latin-1 only
        bulletFontSize=size,  # ReportLab's default is 10 pt whatever the text size
        fontSize=size,
        leading=size * 1.38,
        textColor=INK,
        alignment=TA_LEFT,
        spaceAfter=size * 0.5,
        allowWidows=0,
        allowOrphans=0,
        hyphenationLang="",
        embeddedHyphenation=0,
        uriWasteReduce=0,
        splitLongWords=0,  # never split a word: a name split inside a word is another name
    )


def _reading_styles(derive, bold: str, size: float, pt, primary, large_print: bool) -> dict:
    """What the patient reads in the body: titles, headings, lists, tables, small print."""
    return {
        "body_bold": derive("body_bold", fontName=bold),
        "bullet": derive("bullet", leftIndent=size * 1.4, bulletIndent=size * 0.3, spaceAfter=size * 0.3),
        "step": derive("step", leftIndent=size * 1.8, bulletIndent=0, spaceAfter=size * 0.35, bulletFontName=bold),
        # The title stays 24 pt in large print: already well above the body, and on one line it
        # leaves the discharge sheet's first page room for the whole "Get help now" panel.
        "title": derive("title", fontName=bold, fontSize=24, leading=29, textColor=primary, spaceAfter=2),
        "subtitle": derive("subtitle", fontSize=pt(15), leading=pt(20), textColor=INK, spaceAfter=size),
        "heading": derive(
            "heading",
            fontName=bold,
            fontSize=pt(15.5),
            leading=pt(20),
            textColor=primary,
            spaceBefore=size * 0.9,
            spaceAfter=size * 0.35,
            keepWithNext=1,
        ),
        "subheading": derive(
            "subheading", fontName=bold, fontSize=size, spaceBefore=size * 0.5, spaceAfter=size * 0.25, keepWithNext=1
        ),
        "table_heading": derive("table_heading", fontName=bold, spaceBefore=size * 0.5, spaceAfter=size * 0.25),
        "urgent_heading": derive("urgent_heading", fontName=bold, fontSize=pt(15.5), leading=pt(20), textColor=URGENT),
        "cell": derive("cell", spaceAfter=0, leading=size * 1.3),
        "cell_bold": derive("cell_bold", fontName=bold, spaceAfter=0, leading=size * 1.3),
        # Small print is for asides (sources, notes to staff); in large print nothing is below the body size.
        "small": derive(
            "small",
            fontSize=size if large_print else 10.5,
            leading=size * 1.3 if large_print else 14,
            textColor=GREY,
        ),
    }


def _furniture_styles(derive, bold: str, size: float, pt, primary, large_print: bool) -> dict:
    """What every page carries: the clinic's header, the patient band, the footer."""
    floor = size if large_print else 0.0  # the least size of anything a patient reads
    return {
        # The clinic's header keeps its standard size in standard print (its identity, not text to
        # read); in large print a patient reads it too, so it is never under 16 pt.
        "clinic_name": derive(
            "clinic_name",
            fontName=bold,
            fontSize=max(13.5, floor),
            leading=max(16, floor * 1.2),
            textColor=primary,
            spaceAfter=0,
        ),
        "department": derive(
            "department", fontSize=max(10.5, floor), leading=max(13, floor * 1.2), textColor=INK, spaceAfter=0
        ),
        "band_name": derive("band_name", fontName=bold, fontSize=pt(13), leading=pt(16), spaceAfter=0),
        "band_details": derive("band_details", fontSize=pt(10.5), leading=pt(10.5) * 1.28, spaceAfter=0),
        "band_details_bold": derive(
            "band_details_bold", fontName=bold, fontSize=pt(10.5), leading=pt(10.5) * 1.28, spaceAfter=0
        ),
        "footer": derive("footer", fontSize=pt(8.5), leading=pt(8.5) * 1.3, textColor=GREY, spaceAfter=0),
    }
