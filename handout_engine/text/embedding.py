"""Embedded font subsets made once per process and written as the same bytes into every PDF that needs them.

Each PDF embeds, for every font it uses, the subset of glyphs it draws: the
font program (a cut-down TrueType file, compressed), its widths and its
ToUnicode map (compressed). ReportLab makes all three again for every
document, and in a batch they are nearly always the same: the fonts are
seeded with the content's characters in a fixed order (layouts/replay.py), so
two documents differ in a subset only when a patient's details add a
character. Here each subset's pieces are made and formatted once per process,
keyed by exactly what determines them (the font file and the subset's
characters in code order, or the map's text), and the formatted bytes are
written into each document: byte for byte what ReportLab would have written.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from reportlab.pdfbase import pdfdoc

MAX_KEPT = 256  # formatted pieces kept per process; a batch of one content and brand uses a few dozen

_kept: dict[tuple, bytes] = {}


class FormattedObject(pdfdoc.PDFObject):
    """A PDF object whose formatted bytes are already known (they reference no other object)."""

    def __init__(self, data: bytes, top_level: bool):
        self.data = data
        if top_level:  # a stream: written as an object of its own, never inline
            self.__RefOnly__ = 1

    def format(self, document) -> bytes:
        return self.data


def _formatted(key: tuple, make: Callable[[], pdfdoc.PDFObject], document) -> bytes:
    data = _kept.get(key)
    if data is None:
        if len(_kept) >= MAX_KEPT:
            _kept.clear()
        data = _kept[key] = make().format(document)
    return data


def remember_subsets(face) -> None:
    """Make each distinct subset's font program once per process (`face` is a TTFont's face)."""
    make_subset = face.makeSubset
    made: dict[tuple[int, ...], bytes] = {}

    def cached(subset: Sequence[int]) -> bytes:
        key = tuple(subset)
        data = made.get(key)
        if data is None:
            if len(made) >= MAX_KEPT:
                made.clear()
            data = made[key] = make_subset(subset)
        return data

    face.makeSubset = cached


def freeze_subset_objects(document, filename: str, base_names: Sequence[str], subsets, internal_names) -> None:
    """Swap the objects ReportLab just made for each subset for their formatted bytes, formatted once per process.

    Only where formatting depends on nothing but the content: no encryption, the usual compression.
    """
    if not document.compression or document.encrypt.info() is not None:
        return
    fonts = document.idToObject["BasicFonts"].dict
    for base, subset, internal in zip(base_names, subsets, internal_names, strict=True):
        characters = tuple(subset)
        font_file = f"fontFile:{filename}({base})"
        for name, key in (
            (font_file, ("program", filename, characters)),
            (f"toUnicodeCMap:{base}", ("cmap", document.idToObject[f"toUnicodeCMap:{base}"].content)),
        ):
            stream = document.idToObject[name]
            frozen = FormattedObject(_formatted(key, lambda stream=stream: stream, document), top_level=True)
            frozen.__InternalName__ = name
            document.idToObject[name] = frozen
        font = fonts[internal]
        widths = font.Widths
        font.Widths = FormattedObject(
            _formatted(("widths", filename, characters), lambda widths=widths: widths, document), top_level=False
        )
