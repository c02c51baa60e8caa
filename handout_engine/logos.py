"""SVG logos: checked when a brand is validated, and turned into a ReportLab drawing once per process.

svglib (a ReportLab companion, BSD-licensed) converts SVG shapes into
ReportLab graphics, so a vector logo stays sharp at any print size. A logo
may only be shapes: SVG text would be set in Helvetica (not embedded, Latin
only), and an embedded image or external reference could pull in a file or
a URL. Such logos are refused with the reason; convert text to outlines.
"""

from __future__ import annotations

import functools
import logging
import xml.etree.ElementTree as ET
from pathlib import Path

from .text.fonts import REGULAR, register_fonts

_REFUSED = {
    "text": "it contains text; convert the text to outlines (paths) in your drawing program",
    "image": "it embeds an image; use a PNG logo instead, or shapes only",
    "script": "it contains a script",
    "foreignObject": "it contains a foreignObject",
    "use": "it uses <use> references; flatten them to shapes",
    # svglib draws these as solid black or not at all: flat colours only.
    "linearGradient": "it uses a gradient, which would print as solid black; use flat colours",
    "radialGradient": "it uses a gradient, which would print as solid black; use flat colours",
    "pattern": "it uses a pattern fill; use flat colours",
    "mask": "it uses a mask; flatten it to shapes",
    "filter": "it uses a filter effect; flatten it to shapes",
    "style": "it uses a <style> sheet; set colours on the shapes themselves",
}
# A logo sits in the header beside the clinic's name: wider than this squeezes the name out.
MOST_ASPECT = 4.0


def svg_problem(path: Path) -> str | None:
    """Why this SVG cannot be a logo, or None."""
    data = path.read_bytes()
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        return "it has a DOCTYPE or entities; save it as plain SVG"
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        return f"it is not well-formed SVG ({exc})"
    if root.tag.rsplit("}", 1)[-1] != "svg":
        return "its root element is not <svg>"
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""
        if tag in _REFUSED:
            return _REFUSED[tag]
        if any("url(" in str(value) for value in element.attrib.values()):
            return "it fills or clips with url(...) references; use flat colours on the shapes"
    try:
        drawing = svg_drawing(path)
    except Exception as exc:  # svglib raises what its parsers raise
        return f"it cannot be drawn ({type(exc).__name__}: {exc})"
    if drawing is None or not drawing.width or not drawing.height or drawing.width < 0 or drawing.height < 0:
        return "it has no width and height (set width, height or viewBox)"
    return aspect_problem(drawing.width, drawing.height)


def aspect_problem(width: float, height: float) -> str | None:
    """A logo far wider than tall leaves no room for the clinic's name in the header."""
    if width / height > MOST_ASPECT:
        return (
            f"it is {width / height:.1f} times as wide as it is tall; at most {MOST_ASPECT:.0f} times fits the header"
        )
    return None


@functools.cache
def svg_drawing(path: Path):
    """The SVG as a ReportLab Drawing, made once per process."""
    from svglib.svglib import svg2rlg

    logging.getLogger("svglib.svglib").setLevel(logging.ERROR)  # its warnings are for the check above
    drawing = svg2rlg(str(path))
    if drawing is not None:
        # ReportLab's renderer starts every drawing by setting its default font, Helvetica
        # (never embedded), even with no text in it: start it on ours instead.
        register_fonts()
        drawing.initialFontName = REGULAR
    return drawing
