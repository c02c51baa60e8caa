"""The PDF writer's loop over a document's objects, with a fast path for objects formatted before it runs.

ReportLab formats each object of a PDF through a generic indirect object:
its number looked up, its bytes run through the PDF text codec twice, the
offset noted for the cross-reference table. A tagged document has hundreds
of structure elements (layouts/structure.py), each already bytes by then:
this loop writes those as they are, and every other object exactly as
ReportLab does, so the file is the same, byte for byte (tests compare).
"""

from __future__ import annotations

from itertools import accumulate, repeat
from operator import add

from reportlab import rl_config
from reportlab.pdfbase.pdfdoc import (
    PDFDocument,
    PDFFile,
    PDFObject,
    PDFTrailer,
)

from .formatter import Formatter


class Formatted(PDFObject):
    """An object formatted before the document is written."""

    __slots__ = ("__InternalName__", "data")

    def __init__(self, data: bytes = b""):
        self.data = data

    def format(self, document) -> bytes:
        return self.data


class FormattedRun(PDFObject):
    """Objects formatted before the document is written, numbered one after another (a document's structure
    elements): one name for all their numbers, written at once. Only for a document `FastDocument.fast()`."""

    __slots__ = ("__InternalName__", "bodies")

    def __init__(self, bodies: list[bytes]):
        self.bodies = bodies  # each object's bytes, none ending in a line break

    def written(self, first: int, offset: int) -> tuple[bytes, list[int]]:
        """The objects as the loop below writes each, numbered from `first`, and where each starts (and, last,
        where the next object does) when the first starts at `offset`."""
        last = first + len(self.bodies)
        heads, sizes = _heads(first, last)
        data = _END.join(map(add, heads, self.bodies)) + _END
        return data, list(accumulate(map(add, map(len, self.bodies), sizes), initial=offset))


_END = b"\nendobj\n"
MAX_HEADS = 100_000
# Object number -> b"N 0 obj\n", and the bytes it and the end add to the object's own: made once per process for
# the numbers used so far, and replaced whole when more are needed (a thread always reads one consistent pair).
_heads_table: tuple[list[bytes], list[int]] = ([], [])


def _heads(first: int, last: int) -> tuple[list[bytes], list[int]]:
    """The heads of objects first..last-1 and what they and their ends add to each object's size."""
    global _heads_table  # one table per process, replaced whole
    heads, sizes = _heads_table
    if len(heads) < last <= MAX_HEADS:
        made = list(map(b"%d 0 obj\n".__mod__, range(len(heads), last)))
        heads, sizes = _heads_table = heads + made, sizes + [len(head) + len(_END) for head in made]
    if last <= len(heads):
        return heads[first:last], sizes[first:last]
    heads = list(map(b"%d 0 obj\n".__mod__, range(first, last)))
    return heads, [len(head) + len(_END) for head in heads]


def register_formatted(document: PDFDocument, bodies: list[bytes]) -> None:
    """Objects' bytes registered at the next object numbers, in order, as ReportLab's Reference would: all under
    one name as a `FormattedRun` where the writer takes its fast path (no object, name or reference for each:
    nothing may refer to one by its name), else each as a `Formatted`."""
    if not bodies:
        return
    first = document.objectcounter + 1
    numbers = range(first, first + len(bodies))
    if isinstance(document, FastDocument) and document.fast():
        name = f"R{first}"
        document.idToObject[name] = FormattedRun(bodies)
        document.idToObjectNumberAndVersion[name] = (first, 0)
        document.numberToId.update(dict.fromkeys(numbers, name))
    else:
        names = list(map("R%d".__mod__, numbers))
        document.idToObject.update(zip(names, map(Formatted, bodies), strict=True))
        document.idToObjectNumberAndVersion.update(zip(names, zip(numbers, repeat(0)), strict=False))
        document.numberToId.update(zip(numbers, names, strict=True))
    document.objectcounter = first + len(bodies) - 1


class FastDocument(PDFDocument):
    """A PDFDocument whose format() writes `Formatted` objects straight (the rest as ReportLab's own does)."""

    def fast(self) -> bool:
        """Whether format() takes the fast path (which alone writes a `FormattedRun`)."""
        comments = not rl_config.invariant and rl_config.pdfComments
        return not (self.encrypt.info() or comments or getattr(self, "_digiSigs", 0))

    def format(self):  # ReportLab 5.1's PDFDocument.format, its loop given the fast path
        if not self.fast():
            return super().format()  # none of which a handout uses: ReportLab's own, for each of them
        self.encrypt.prepare(self)
        catalog, info = self.Catalog, self.info
        self.Reference(catalog)
        self.Reference(info)
        number_to_id, id_to_object, id_to_offset = self.numberToId, self.idToObject, self.idToOffset
        self.__accum__ = file = PDFFile(self._pdfVersion)
        strings = file.strings
        offset = file.offset
        offsets = []
        top = Formatter(self).top
        counter = 0
        while True:  # objects may be added while others are formatted: no list of them up front
            counter += 1
            oid = number_to_id.get(counter)
            if oid is None:
                break
            obj = id_to_object[oid]
            if type(obj) is FormattedRun:
                data, starts = obj.written(counter, offset)
                offset = starts.pop()
                id_to_offset[oid] = starts[0]
                offsets += starts
                strings.append(data)
                counter += len(starts) - 1
                continue
            if type(obj) is Formatted:
                body = obj.data
                data = b"%d 0 obj\n%s%sendobj\n" % (counter, body, b"" if body.endswith(b"\n") else b"\n")
            else:
                file.offset = offset
                body = top(obj)
                data = b"%d 0 obj\n%s%sendobj\n" % (counter, body, b"" if body.endswith(b"\n") else b"\n")
            id_to_offset[oid] = offset
            offsets.append(offset)
            strings.append(data)
            offset += len(data)
        file.offset = offset
        del self.__accum__
        if counter - 1 != len(number_to_id):
            raise ValueError(f"counter {counter} doesn't match number to id dictionary {len(number_to_id)}")
        xref_offset = file.add(cross_references(offsets))
        trailer = PDFTrailer(
            startxref=xref_offset,
            Size=len(number_to_id) + 1,
            Root=self.Reference(catalog),
            Info=self.Reference(info),
            Encrypt=None,
            ID=self.ID(),
        )
        file.add(trailer.format(self))
        return file.format(self)


def cross_references(offsets: list[int]) -> bytes:
    """ReportLab's cross-reference table for objects 1..n at these offsets (PDFCrossReferenceTable's bytes)."""
    entries = b"%010d 00000 n \n" * len(offsets) % tuple(offsets)  # one format for all: the same bytes
    return b"xref\n0 %d\n0000000000 65535 f \n" % (len(offsets) + 1) + entries
