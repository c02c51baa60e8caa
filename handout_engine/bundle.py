"""The print bundle: every document of a batch in one PDF, written as the batch goes.

A clinic prints the whole list at once on a duplex printer, so each document
starts on a right-hand (odd) page: a document with an odd number of pages is
followed by a filler page that says "This page is intentionally left blank"
with the patient's id (so a blank side is never mistaken for a missing page),
and no sheet of paper ever carries two patients. For a single-sided printer
(`duplex=False`) there are no filler pages. `BundleSeries` splits a long list
into several bundles of at most N patients each, never one patient across
two. Each patient gets a bookmark (by patient id, never by name), with one
bookmark under it per document.

Why not pypdf's PdfWriter: it keeps every page of the bundle in memory until
the end, and a national list runs to hundreds of thousands of pages. Here a
document's objects are copied out once (`fragment_of`, pure, so a batch worker
does it beside the rendering) and the bundle only renumbers them and appends
them to the file (`PrintBundle.add`). What stays in memory is one number per
object and per page, and one short title per bookmark.
"""

from __future__ import annotations

import hashlib
import io
import os
import secrets
from array import array
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, PdfObject, StreamObject

from .write import finish_atomically

_PARENT = -1  # the slot a page's /Parent goes in: the bundle's page tree node, known only when added
_KIDS_PER_NODE = 32  # page tree fan-out: viewers cope badly with one array of 100,000 pages


class _Slot(IndirectObject):
    """A reference whose number is not known yet: writes nothing, notes where its number goes."""

    def __init__(self, local: int, slots: list[tuple[int, int]]):
        super().__init__(local, 0, None)
        self._slots = slots

    def write_to_stream(self, stream, encryption_key=None) -> None:
        self._slots.append((stream.tell(), self.idnum))


@dataclass(frozen=True)
class PdfObjectBytes:
    """One object's serialised body, with the places where a reference number is to be spliced in."""

    body: bytes
    slots: tuple[tuple[int, int], ...]  # (offset in body, local object index; _PARENT for a page's parent)


@dataclass(frozen=True)
class Fragment:
    """A document's pages and everything they use, ready to be renumbered into a bundle."""

    objects: tuple[PdfObjectBytes, ...]
    pages: tuple[int, ...]  # local indices of the page objects, in order
    media_box: bytes  # the last page's size, for the blank back page


def fragment_of(pdf: bytes) -> Fragment:
    """Copy out a PDF's pages and the objects they reach, each serialised once."""
    reader = PdfReader(io.BytesIO(pdf))
    local: dict[int, int] = {}  # source object number -> local index
    order: list[PdfObject] = []

    def index_of(ref: IndirectObject) -> int:
        if ref.idnum not in local:
            local[ref.idnum] = len(order)
            order.append(ref)
        return local[ref.idnum]

    # Pages are found first, so they are local objects 0..n-1 in reading order and
    # the bundle files them into its page tree in that order as it writes them.
    pages = [index_of(page.indirect_reference) for page in reader.pages]
    page_numbers = {order[i].idnum for i in pages}

    objects: list[PdfObjectBytes] = []
    done = 0
    while done < len(order):  # the list grows as references are found
        ref = order[done]
        source = ref.get_object()
        if ref.idnum in page_numbers:
            source = reader.pages[done]  # with inherited MediaBox and Resources filled in
        slots: list[tuple[int, int]] = []

        def copy(value, slots=slots):
            if isinstance(value, IndirectObject):
                return _Slot(index_of(value), slots)
            if isinstance(value, StreamObject):
                clone = type(value)()
                clone._data = value._data  # the stream's bytes as stored (still compressed)
                for key, item in value.items():
                    clone[key] = copy(item)
                return clone
            if isinstance(value, DictionaryObject):
                clone = DictionaryObject()
                for key, item in value.items():
                    clone[key] = copy(item)
                return clone
            if isinstance(value, ArrayObject):
                return ArrayObject(copy(item) for item in value)
            return value

        body = copy(source)
        if ref.idnum in page_numbers:
            body[NameObject("/Parent")] = _Slot(_PARENT, slots)
        stream = io.BytesIO()
        body.write_to_stream(stream)
        objects.append(PdfObjectBytes(stream.getvalue(), tuple(slots)))
        done += 1

    box = reader.pages[-1].mediabox
    media_box = f"[{' '.join(_number(v) for v in (box.left, box.bottom, box.right, box.top))}]".encode()
    return Fragment(tuple(objects), tuple(pages), media_box)


def _number(value) -> str:
    text = f"{float(value):.4f}".rstrip("0").rstrip(".")
    return text or "0"


@dataclass
class _Bookmark:
    title: str
    page: int  # object number of the page it opens
    children: list[_Bookmark]


class PrintBundle:
    """Append documents to one PDF as they are made; `close()` finishes it and renames it into place.

    Until then the bundle is a hidden temporary file beside its final name,
    so an interrupted batch never leaves half a bundle under the final name.
    """

    def __init__(self, path: Path, title: str = "Print bundle", duplex: bool = True):
        self.path = path
        self.title = title
        self.duplex = duplex
        self.groups = 0  # patients in it so far
        path.parent.mkdir(parents=True, exist_ok=True)
        _sweep_abandoned(path)
        self.temp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
        fd = os.open(self.temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        self._file = os.fdopen(fd, "wb")
        self._hash = hashlib.sha256()
        self._offsets = array("q", [0])  # index = object number; 0 is the free-list head
        self._position = 0
        self._leaves: list[tuple[int, array]] = []  # (leaf node number, its page numbers)
        self._bookmarks: list[_Bookmark] = []
        self.pages = 0
        self._write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        self._catalog = self._reserve()
        self._info = self._reserve()

    # ------------------------------------------------------------ writing

    def _write(self, data: bytes) -> None:
        self._file.write(data)
        self._hash.update(data)
        self._position += len(data)

    def _reserve(self) -> int:
        """An object number now; its bytes come later (the page tree and bookmarks are written last)."""
        self._offsets.append(0)
        return len(self._offsets) - 1

    def _put(self, number: int, body: bytes) -> None:
        self._offsets[number] = self._position
        self._write(b"%d 0 obj\n%s\nendobj\n" % (number, body))

    def _leaf_for_next_page(self) -> int:
        if not self._leaves or len(self._leaves[-1][1]) == _KIDS_PER_NODE:
            self._leaves.append((self._reserve(), array("q")))
        return self._leaves[-1][0]

    def add(self, fragment: Fragment, group: str, title: str, filler: Fragment | None = None) -> None:
        """Append one document. Consecutive documents of the same `group` (a patient) share a bookmark.

        On a two-sided bundle, a document with an odd number of pages is followed by `filler` (its
        "intentionally left blank" page), or a plain blank page when there is none.
        """
        page_numbers = self._append(fragment)
        first_page = page_numbers[0]
        if len(page_numbers) % 2 and self.duplex:
            if filler is not None:
                self._append(filler)
            else:
                self._add_blank_page(fragment.media_box)
        if not self._bookmarks or self._bookmarks[-1].title != group:
            self._bookmarks.append(_Bookmark(group, first_page, []))
            self.groups += 1
        self._bookmarks[-1].children.append(_Bookmark(title, first_page, []))

    def _append(self, fragment: Fragment) -> list[int]:
        """Copy a fragment's objects in, renumbered; return its pages' object numbers."""
        numbers = [self._reserve() for _ in fragment.objects]
        for local, item in zip(range(len(numbers)), fragment.objects, strict=True):
            is_page = local in fragment.pages
            leaf = self._leaf_for_next_page() if is_page else 0
            parts, start = [], 0
            for offset, target in item.slots:
                parts.append(item.body[start:offset])
                parts.append(b"%d 0 R" % (leaf if target == _PARENT else numbers[target]))
                start = offset
            parts.append(item.body[start:])
            self._put(numbers[local], b"".join(parts))
            if is_page:
                self._leaves[-1][1].append(numbers[local])
        page_numbers = [numbers[local] for local in fragment.pages]
        self.pages += len(page_numbers)
        return page_numbers

    def _add_blank_page(self, media_box: bytes) -> None:
        number = self._reserve()
        leaf = self._leaf_for_next_page()
        self._put(number, b"<< /Type /Page /Parent %d 0 R /MediaBox %s /Resources << >> >>" % (leaf, media_box))
        self._leaves[-1][1].append(number)
        self.pages += 1

    # ------------------------------------------------------------ finishing

    def _page_tree(self) -> int:
        """Write the page tree bottom-up over the leaves; return the root's number."""
        level = [(leaf, kids, len(kids)) for leaf, kids in self._leaves]
        if not level:
            level = [(self._reserve(), array("q"), 0)]
        parents: dict[int, int] = {}
        while True:
            if len(level) == 1:
                root = level[0][0]
                break
            upper = []
            for start in range(0, len(level), _KIDS_PER_NODE):
                group = level[start : start + _KIDS_PER_NODE]
                node = self._reserve()
                for child, _kids, _count in group:
                    parents[child] = node
                upper.append((node, array("q", (child for child, _k, _c in group)), sum(c for _n, _k, c in group)))
            for node, kids, count in level:
                self._put_node(node, kids, count, parents.get(node))
            level = upper
        self._put_node(root, level[0][1], level[0][2], None)
        return root

    def _put_node(self, number: int, kids: array, count: int, parent: int | None) -> None:
        refs = b" ".join(b"%d 0 R" % kid for kid in kids)
        up = b" /Parent %d 0 R" % parent if parent else b""
        self._put(number, b"<< /Type /Pages%s /Kids [%s] /Count %d >>" % (up, refs, count))

    def _outline(self) -> int | None:
        if not self._bookmarks:
            return None
        root = self._reserve()
        first, last = self._put_bookmarks(self._bookmarks, root)
        self._put(
            root, b"<< /Type /Outlines /First %d 0 R /Last %d 0 R /Count %d >>" % (first, last, len(self._bookmarks))
        )
        return root

    def _put_bookmarks(self, items: list[_Bookmark], parent: int) -> tuple[int, int]:
        numbers = [self._reserve() for _ in items]
        for index, item in enumerate(items):
            links = [b"/Parent %d 0 R" % parent]
            if index:
                links.append(b"/Prev %d 0 R" % numbers[index - 1])
            if index + 1 < len(items):
                links.append(b"/Next %d 0 R" % numbers[index + 1])
            if item.children:
                first, last = self._put_bookmarks(item.children, numbers[index])
                # A negative count: the patient's documents start folded, so the list stays short.
                links.append(b"/First %d 0 R /Last %d 0 R /Count -%d" % (first, last, len(item.children)))
            title = _text_string(item.title)
            body = b"<< /Title %s %s /Dest [%d 0 R /Fit] >>" % (title, b" ".join(links), item.page)
            self._put(numbers[index], body)
        return numbers[0], numbers[-1]

    def close(self) -> None:
        """Write the page tree, bookmarks, catalog and cross-reference table; rename into place."""
        pages = self._page_tree()
        outline = self._outline()
        extra = b" /Outlines %d 0 R /PageMode /UseOutlines" % outline if outline else b""
        self._put(self._catalog, b"<< /Type /Catalog /Pages %d 0 R%s >>" % (pages, extra))
        self._put(self._info, b"<< /Title %s /Producer (Patient handout generator) >>" % _text_string(self.title))
        digest = self._hash.hexdigest()[:32].encode()  # the same documents give the same file, to the byte
        start = self._position
        rows = [b"xref\n0 %d\n0000000000 65535 f \n" % len(self._offsets)]
        rows += [b"%010d 00000 n \n" % offset for offset in self._offsets[1:]]
        rows.append(
            b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R /ID [<%s> <%s>] >>\nstartxref\n%d\n%%%%EOF\n"
            % (len(self._offsets), self._catalog, self._info, digest, digest, start)
        )
        self._write(b"".join(rows))
        finish_atomically(self._file, self.temp, self.path)

    def abort(self) -> None:
        """Drop the unfinished bundle (an interrupted or failed batch)."""
        self._file.close()
        self.temp.unlink(missing_ok=True)


class BundleSeries:
    """One bundle, or a series of them of at most `size` patients each (`bundle-001.pdf`, `bundle-002.pdf`...).

    A patient's documents always go into one file: a new file starts only
    before a new patient. Each file is finished and renamed into place when
    the next starts (or at `close()`), so a stopped batch leaves whole files.
    """

    def __init__(self, path: Path, size: int | None = None, duplex: bool = True):
        self.path, self.size, self.duplex = path, size, duplex
        self.paths: list[Path] = []  # the finished files, in order
        self.pages = 0
        self._current: PrintBundle | None = None
        self._group: str | None = None
        if size is None:
            self._current = PrintBundle(path, duplex=duplex)

    def part_path(self, number: int) -> Path:
        return self.path.with_name(f"{self.path.stem}-{number:03d}{self.path.suffix}")

    def add(self, fragment: Fragment, group: str, title: str, filler: Fragment | None = None) -> None:
        new_patient = group != self._group
        if self.size is not None and new_patient and (self._current is None or self._current.groups >= self.size):
            self._finish_current()
            self._current = PrintBundle(self.part_path(len(self.paths) + 1), duplex=self.duplex)
        self._group = group
        before = self._current.pages
        self._current.add(fragment, group, title, filler)
        self.pages += self._current.pages - before

    def _finish_current(self) -> None:
        if self._current is not None:
            self._current.close()
            self.paths.append(self._current.path)
            self._current = None

    def close(self) -> None:
        self._finish_current()

    def abort(self) -> None:
        """Drop the series: the file being written and those already finished (a stopped batch has no bundle)."""
        if self._current is not None:
            self._current.abort()
            self._current = None
        for path in self.paths:
            path.unlink(missing_ok=True)
        self.paths = []


def _sweep_abandoned(path: Path) -> None:
    """Remove the temporary bundles of killed batches (their process is gone); a running batch's stays."""
    for temp in path.parent.glob(f".{path.name}.*.tmp"):
        try:
            pid = int(temp.name[len(path.name) + 2 :].split(".")[0])
        except ValueError:
            continue
        if not _alive(pid):
            temp.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, but belongs to someone else
    return True


def _text_string(text: str) -> bytes:
    """A PDF text string for any script: UTF-16 with a byte-order mark, in hex."""
    return b"<FEFF%s>" % text.encode("utf-16-be").hex().upper().encode()
