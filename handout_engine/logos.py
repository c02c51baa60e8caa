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

from .fonts import REGULAR, register_fonts

_REFUSED = {
    "text": "it contains text; convert the text to outlines (paths) in your drawing program",
    "image": "it embeds an image; use a PNG logo instead, or shapes only",
    "script": "it contains a script",
    "foreignObject": "it contains a foreignObject",
    "use": "it uses <use> references; flatten them to shapes",
}


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
    try:
        drawing = svg_drawing(path)
    except Exception as exc:  # svglib raises what its parsers raise
        return f"it cannot be drawn ({type(exc).__name__}: {exc})"
    if drawing is None or not drawing.width or not drawing.height:
        return "it has no width and height (set width, height or viewBox)"
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
