"""Embedded font subsets made once per process and written as the same bytes into every PDF that needs them.

Each PDF embeds, for every font it uses, the subset of glyphs it draws: the
font program (a cut-down TrueType file, compressed), its widths and its
ToUnicode map (compressed). ReportLab makes all three again for every
document, and in a batch they are nearly always the same: the fonts are
seeded with the content's characters in a fixed order (layouts/replay.py), so
two documents differ in a subset only when a patient's details add a
character. Here each subset's pieces are made and formatted once per process,
keyed by exactly what determines them (the font file and the subset's
characters in code order), and the formatted bytes are written into each
document: byte for byte what ReportLab would have written (tests compare).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.pdfbase import pdfdoc

MAX_KEPT = 256  # subsets kept per process; a batch of one content and brand uses a few dozen


class FormattedObject(pdfdoc.PDFObject):
    """A PDF object whose formatted bytes are already known (they reference no other object)."""

    def __init__(self, data: bytes, top_level: bool):
        self.data = data
        if top_level:  # a stream: written as an object of its own, never inline
            self.__RefOnly__ = 1

    def format(self, document) -> bytes:
        return self.data


@dataclass
class _Formatted:
    base: str
    widths: bytes
    cmap: bytes
    program: bytes | None = None  # the font file's stream, once a document has made it


_kept: OrderedDict[tuple, _Formatted] = OrderedDict()  # least recently used first: a patient's own subset cycles out


@dataclass
class SubsetPieces:
    """What one document writes for one subset: fresh objects (each document names its own) over shared bytes."""

    base: str
    widths: pdfdoc.PDFObject
    cmap: pdfdoc.PDFObject
    program_name: str
    formatted: _Formatted | None

    def swap_program(self, document) -> None:
        """After ReportLab's addSubsetObjects: its font file stream, as bytes formatted once per process."""
        if self.formatted is None:
            return
        stream = document.idToObject[self.program_name]
        if self.formatted.program is None:
            self.formatted.program = stream.format(document)
        frozen = FormattedObject(self.formatted.program, top_level=True)
        frozen.__InternalName__ = self.program_name
        document.idToObject[self.program_name] = frozen


def own_pieces(font, subset: Sequence[int], document) -> SubsetPieces:
    """The pieces made for this document alone, as ReportLab makes them."""
    base = font.subset_base(subset)
    return SubsetPieces(base, font.subset_widths(subset), font.subset_cmap(base, subset, document), "", None)


def subset_pieces(font, subset: Sequence[int], document) -> SubsetPieces:
    """The base name, widths and ToUnicode map of one subset of `font` (a ShapingTTFont) for `document`."""
    filename = font.face.filename
    if not document.compression or document.encrypt.info() is not None:  # formatting would differ: no sharing
        return own_pieces(font, subset, document)
    key = (filename, tuple(subset))
    formatted = _kept.get(key)
    if formatted is None:
        base = font.subset_base(subset)
        widths = font.subset_widths(subset).format(document)
        formatted = _Formatted(base, widths, font.subset_cmap(base, subset, document).format(document))
        _kept[key] = formatted
        if len(_kept) > MAX_KEPT:
            _kept.popitem(last=False)
    else:
        _kept.move_to_end(key)
    return SubsetPieces(
        formatted.base,
        FormattedObject(formatted.widths, top_level=False),
        FormattedObject(formatted.cmap, top_level=True),
        f"fontFile:{filename}({formatted.base})",
        formatted,
    )


def remember_subsets(face) -> None:
    """Make each distinct subset's font program once per process (`face` is a TTFont's face)."""
    make_subset = face.makeSubset
    made: OrderedDict[tuple[int, ...], bytes] = OrderedDict()

    def cached(subset: Sequence[int]) -> bytes:
        key = tuple(subset)
        data = made.get(key)
        if data is None:
            data = made[key] = make_subset(subset)
            if len(made) > MAX_KEPT:
                made.popitem(last=False)
        else:
            made.move_to_end(key)
        return data

    face.makeSubset = cached
