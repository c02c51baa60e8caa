"""Brands: a parsed brand file -> Brand, every problem named by its key."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PIL import Image

from ..errors import BrandError, Problem
from ..models import Brand, Phone
from .brand_text import LANGUAGE, localized
from .fields import Fields, quoted

COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
MIN_CONTRAST = 4.5  # WCAG 2 AA for body text
WHITE = "#FFFFFF"
INK = "#1A1A1A"  # the documents' text colour (layouts/styles.py)
LOGO_TYPES = {".png", ".jpg", ".jpeg", ".svg"}


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of '#RRGGBB'."""
    channels = []
    for i in (1, 3, 5):
        c = int(colour[i : i + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
    r, g, b = channels
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def greyscale(colour: str) -> str:
    """'#RRGGBB' as a black-and-white printer or copier prints it (Rec. 601 luma, as most drivers use)."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    grey = round(0.299 * r + 0.587 * g + 0.114 * b)
    return f"#{grey:02X}{grey:02X}{grey:02X}"


def legibility_problem(text: str, background: str, what: str) -> str | None:
    """Why `text` on `background` is too faint to read, in colour or printed in greyscale; None if legible."""
    ratio = contrast_ratio(text, background)
    if ratio < MIN_CONTRAST:
        return f"{what} has contrast {ratio:.1f}:1; at least {MIN_CONTRAST}:1 is needed"
    grey_ratio = contrast_ratio(greyscale(text), greyscale(background))
    if grey_ratio < MIN_CONTRAST:
        return (
            f"{what} has contrast {grey_ratio:.1f}:1 when printed in greyscale "
            f"({ratio:.1f}:1 in colour); at least {MIN_CONTRAST}:1 is needed"
        )
    return None


def validate_brand(data: Any, source: str, brand_id: str, folder: Path) -> Brand:
    """Turn a parsed brand file into a Brand, or raise BrandError listing every problem."""
    problems: list[Problem] = []

    def report(field: str, message: str) -> None:
        problems.append(Problem(source, field, message))

    f = Fields(data, "", report)
    f.refuse_unknown(
        ["clinic_name", "department", "address", "phones", "emergency_number", "colours", "logo", "footer", "language"]
    )
    language = f.one_line("language", required=False) or "en"
    if not LANGUAGE.match(language):
        report("language", f"expected a language code such as en or es, got {quoted(language)}")
        language = "en"
    translations: list[tuple[str, str, str]] = []

    def in_languages(fields: Fields, key: str, field: str, **options) -> str | None:
        """The brand-language text of `key`, noting its other languages under `field`."""
        own, others = localized(fields, key, language, **options)
        translations.extend((field, other, text) for other, text in others)
        return own

    phones = f.mapping("phones")
    numbers: dict[str, Phone | None] = {}
    if phones is not None:
        phones.refuse_unknown(["clinic", "ward", "out_of_hours"])
        for key in ("clinic", "ward", "out_of_hours"):
            p = phones.mapping(key, required=key == "clinic")
            if p is not None:
                p.refuse_unknown(["number", "hours"])
                numbers[key] = Phone(number=p.one_line("number"), hours=in_languages(p, "hours", f"{key}_hours"))
    colours = _colours(f)
    logo = _logo(f, folder, report)
    brand = Brand(
        id=brand_id,
        clinic_name=f.one_line("clinic_name", max_length=80),
        department=in_languages(f, "department", "department", max_length=80),
        address=f.texts("address"),
        clinic_phone=numbers.get("clinic"),
        ward_phone=numbers.get("ward"),
        out_of_hours_phone=numbers.get("out_of_hours"),
        emergency_number=f.one_line("emergency_number"),
        primary_colour=colours.get("primary", "#000000"),
        accent_colour=colours.get("accent", "#000000"),
        band_colour=colours.get("band"),
        logo=logo,
        footer=in_languages(f, "footer", "footer", required=False) or "",
        source=source,
        language=language,
        translations=tuple(sorted(translations)),
    )
    if problems:
        raise BrandError(problems)
    return brand


def _colours(f: Fields) -> dict[str, str]:
    """The brand's colours, each legible where it prints (in colour and in greyscale)."""
    colours: dict[str, str] = {}
    c = f.mapping("colours")
    if c is not None:
        c.refuse_unknown(["primary", "accent", "band"])
        for key in ("primary", "accent", "band"):
            if key in c.data and c.data[key] is None:
                # `band: #F6EFE4` unquoted: YAML reads everything from # on as a comment.
                c.report(c.where(key), 'is empty; put the colour in quotes, like "#1F4E79" (# starts a YAML comment)')
                continue
            value = c.one_line(key, required=key != "band")
            if value is not None and not COLOUR.match(value):
                c.report(c.where(key), f"expected a colour like #1F4E79, got {quoted(value)}")
                continue
            if value is None:
                continue
            # Headings print in primary on white paper, the questions box's border in accent;
            # the patient's name and details print in ink on the band.
            text, background = (INK, value) if key == "band" else (value, WHITE)
            what = f"text ({INK}) on {value}" if key == "band" else f"{value} on white"
            problem = legibility_problem(text, background, what)
            if problem:
                c.report(c.where(key), problem)
            colours[key] = value.upper()
    return colours


def _logo(f: Fields, folder: Path, report) -> Path | None:
    """The logo file: inside the brand's folder, an image we can decode or an SVG we can draw safely."""
    logo = None
    logo_name = f.one_line("logo", required=False)
    if logo_name is not None:
        logo = (folder / logo_name).resolve()
        if not logo.is_relative_to(folder.resolve()):
            report("logo", f"must be a file inside the brand's folder ({folder}), got {quoted(logo_name)}")
        elif not logo.is_file():
            report("logo", f"file not found: {logo_name} (looked in {folder})")
        elif logo.suffix.lower() not in LOGO_TYPES:
            report("logo", f"expected a PNG, JPEG or SVG image, got {quoted(logo_name)}")
        else:
            problem = _unusable_svg(logo) if logo.suffix.lower() == ".svg" else _unreadable_image(logo)
            if problem:
                report("logo", f"{logo_name} cannot be used ({problem})")
    return logo


def _unreadable_image(path: Path) -> str | None:
    """Decode the logo now, so a broken file fails validation rather than every document."""
    try:
        with Image.open(path) as image:
            image.load()
            width, height = image.size
    except (OSError, SyntaxError, ValueError) as exc:  # what Pillow raises for a file it cannot decode
        return str(exc) or type(exc).__name__
    from ..logos import aspect_problem

    return aspect_problem(width, height)


def _unusable_svg(path: Path) -> str | None:
    """An SVG logo must draw with shapes alone: text would need an unembedded font, images a file or a URL."""
    from .. import logos  # svglib is imported only when a brand has an SVG logo

    return logos.svg_problem(path)
