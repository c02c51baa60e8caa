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
Once a subset has been written the ReportLab way, its font dictionary and
descriptor are kept too, as bytes with tokens where a document's own object
numbers and font name go, so later documents register the same objects in the
same order without making ReportLab's objects for them.
"""

from __future__ import annotations

import copy as copy_module
import re
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.pdfbase import pdfdoc

_NAME_SAFE = re.compile("[A-Za-z0-9+]+")  # a name PDFName writes as it is (ReportLab's: F1+0, F1+1, F2+0, ...)
MAX_KEPT = 256  # subsets kept per process; a batch of one content and brand uses a few dozen


class FormattedObject(pdfdoc.PDFObject):
    """A PDF object whose formatted bytes are already known (they reference no other object)."""

    def __init__(self, data: bytes, top_level: bool):
        self.data = data
        if top_level:  # a stream: written as an object of its own, never inline
            self.__RefOnly__ = 1

    def format(self, document) -> bytes:
        return self.data


class _Token(pdfdoc.PDFObject):
    """Stands for a value that differs between documents while a subset's dictionaries are formatted once."""

    def __init__(self, data: bytes):
        self.data = data

    def format(self, document) -> bytes:
        return self.data


_CMAP, _DESCRIPTOR, _PROGRAM = (_Token(b"\x00%s\x00" % part) for part in (b"cmap", b"descriptor", b"program"))
_NAME = "Fxxsubsetname"  # the font's name in the document's resources (/F1, /F2, ...: the order fonts are met)


@dataclass
class _Formatted:
    base: str
    widths: bytes
    cmap: bytes
    program: bytes | None = None  # the font file's stream, once a document has made it
    font: bytes | None = None  # the font dictionary, with _NAME, _CMAP and _DESCRIPTOR for its name and references
    descriptor: bytes | None = None  # the font descriptor, with _PROGRAM for its font file's reference


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

    def write_formatted(self, document, internal_name: str) -> pdfdoc.PDFObject | None:
        """Register this subset's objects (as ReportLab's addObjects would, in its order) from bytes formatted
        once per process: the font, or None when they are not known yet."""
        formatted = self.formatted
        if formatted is None or formatted.font is None or not _NAME_SAFE.fullmatch(internal_name):
            return None
        reference = document.Reference
        numbers = document.idToObjectNumberAndVersion
        cmap = reference(self.cmap, "toUnicodeCMap:" + self.base).name
        program = FormattedObject(formatted.program, top_level=True)
        reference(program, self.program_name)
        descriptor = FormattedObject(
            formatted.descriptor.replace(_PROGRAM.data, _ref(numbers, self.program_name)), True
        )
        descriptor_name = reference(descriptor, "fontDescriptor:" + self.base).name
        font = formatted.font.replace(_CMAP.data, _ref(numbers, cmap))
        font = font.replace(_DESCRIPTOR.data, _ref(numbers, descriptor_name))
        font = FormattedObject(font.replace(_NAME.encode(), internal_name.encode("ascii")), top_level=True)
        reference(font, internal_name)
        return font

    def remember_formatted(self, document, font) -> None:
        """After ReportLab's path made this subset's objects in `document`: their dictionaries' bytes, kept."""
        formatted = self.formatted
        if formatted is None or formatted.program is None or not _NAME_SAFE.fullmatch(font.Name):
            return
        descriptor = document.idToObject[font.FontDescriptor.name]
        if type(descriptor) is not pdfdoc.PDFDictionary:
            return
        formatted.descriptor = pdfdoc.PDFDictionary({**descriptor.dict, "FontFile2": _PROGRAM}).format(document)
        copy = copy_module.copy(font)
        copy.Name, copy.ToUnicode, copy.FontDescriptor = _NAME, _CMAP, _DESCRIPTOR
        formatted.font = copy.format(document)


def _ref(numbers, name: str) -> bytes:
    return b"%d %d R" % numbers[name]


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
