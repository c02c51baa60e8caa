"""A document's pages, their resources and the logo's image, formatted from bytes kept per process.

Every page of a handout has the same box, parent and resources as the page
before it, and as the pages of the next document: only the numbers of its
content streams and its StructParents differ. So a page is one %-format of
those numbers, made once per process (`kept_page`); a resource dictionary,
which holds only references, is kept by the numbers it refers to
(`kept_resources`); and the logo, the same image object in every document
(layouts/images.py), by its compressed data and everything else its bytes
are made from (`kept_image`). Each key holds everything the bytes depend on,
so what is put back can only be the bytes the formatter would write: tests
compare whole files with ReportLab's writer and with the plain path here.
Anything else (form fields' annotations, an unexpected value) is formatted
as before by the caller's own function.
"""

from __future__ import annotations

from collections.abc import Callable

from reportlab.lib.utils import isSeq
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFObject, PDFObjectReference, PDFResourceDictionary

MAX_KEPT = 64  # of each kind per process: a batch's documents have a handful of page shapes and one logo

_page_templates: dict[tuple, bytes] = {}  # a page's key (see _page_key) -> its template, b"" where none can be
_resource_bytes: dict[tuple, bytes] = {}  # a resource dictionary's key (see resources_key) -> its bytes
_image_bytes: dict[tuple, tuple] = {}  # an image's key (see kept_image) -> (its compressed data, its bytes)


def _kept(store: dict, key, value) -> None:
    if len(store) >= MAX_KEPT:
        store.clear()  # one step, safe beside the web server's other threads
    store[key] = value


def kept_page(f, mapping: dict) -> bytes:
    """A page's dictionary (its entries as PDFCatalog.format gathers them, `mapping`) as the formatter `f` writes
    it: from a template with its contents' and StructParents' numbers filled in."""
    key, numbers = _page_key(f, mapping)
    template = _page_templates.get(key) if key is not None else None
    if template is None and key is not None:
        template = _page_template(f, mapping)
        _kept(_page_templates, key, template)
    if not template:  # a page with something else in it: formatted as any other
        return f.dictionary(mapping, PDFDictionary.multiline)
    return template % numbers


def _page_key(f, mapping: dict) -> tuple[tuple | None, tuple]:
    """Everything a page's bytes depend on but its contents' and StructParents' numbers, and those numbers in
    the order the page's keys are written; (None, ()) for a page holding anything else."""
    key: list = [PDFDictionary.multiline]
    numbers: list[int] = []
    for name in sorted(mapping):
        value = mapping[name]
        kind = type(value)
        if name == "Contents" and kind is PDFArray:
            # Each part referred to as formatting would: registered now if new, in the same order.
            parts = [part if type(part) is PDFObjectReference else _referred(f, part) for part in value.sequence]
            if None in parts:
                return None, ()
            key.append((name, len(parts), value.multiline))
            for part in parts:
                numbers += f.numbers[part.name]
        elif name == "StructParents" and kind is int:
            key.append(name)
            numbers.append(value)
        elif kind is PDFObjectReference:
            key.append((name, f.numbers[value.name]))
        elif name == "Resources" and _plain_resources(value):
            resources = resources_key(f, value)
            if resources is None:
                return None, ()
            key.append((name, resources))
        elif kind is PDFArray and all(type(number) in (int, float) for number in value.sequence):
            key.append((name, value.multiline, tuple((type(n), repr(n)) for n in value.sequence)))
        elif kind in (str, int):
            key.append((name, kind, value))
        elif kind is PDFDictionary and not value.dict:  # ReportLab's empty page transition, on an untagged page
            key.append((name, value.multiline))
        else:
            return None, ()
    return tuple(key), tuple(numbers)


def _plain_resources(value) -> bool:
    """A resource dictionary formatted by ReportLab's own method (the formatter's `_resources`)."""
    return isinstance(value, PDFResourceDictionary) and type(value).format is PDFResourceDictionary.format


def _referred(f, obj) -> PDFObjectReference | None:
    """The reference Formatter.value writes for an object only ever referred to (registered if new); else None."""
    if isinstance(obj, PDFObject) and hasattr(obj, "__RefOnly__"):
        return f.document.Reference(obj)
    return None


def _page_template(f, mapping: dict) -> bytes:
    """The page's bytes with a %d for each number _page_key gives; b"" when its bytes hold a % of their own."""
    holes = dict(mapping)
    expected = 0
    contents = mapping.get("Contents")
    if contents is not None:
        holes["Contents"] = PDFArray([b"%d %d R"] * len(contents.sequence))
        holes["Contents"].multiline = contents.multiline
        expected += 2 * len(contents.sequence)
    if "StructParents" in mapping:
        holes["StructParents"] = b"%d"
        expected += 1
    data = f.dictionary(holes, PDFDictionary.multiline)
    return data if data.count(b"%") == expected else b""


def kept_resources(f, obj, plain: Callable) -> bytes:
    """A resource dictionary's bytes, kept by what it refers to; `plain(f, obj)` formats one."""
    key = resources_key(f, obj)
    data = _resource_bytes.get(key) if key is not None else None
    if data is None:
        data = plain(f, obj)
        if key is not None:
            _kept(_resource_bytes, key, data)
    return data


def resources_key(f, obj) -> tuple | None:
    """Everything a resource dictionary's bytes depend on, when it holds only references and names; else None."""
    numbers = f.numbers
    key: list = []
    for name in obj.dict_attributes:
        value = getattr(obj, name)
        kind = type(value)
        if kind is PDFObjectReference:
            key.append((name, numbers[value.name]))
            continue
        multiline = None
        if kind is PDFDictionary:
            value, multiline = value.dict, value.multiline
        elif kind is not dict:
            return None
        if any(type(entry) is not PDFObjectReference for entry in value.values()):
            return None
        key.append((name, multiline, tuple((k, numbers[v.name]) for k, v in value.items())))
    procs = obj.ProcSet
    if not isSeq(procs) or any(type(proc) is not str for proc in procs):
        return None
    key.append(tuple(procs))
    return tuple(key)


def kept_image(f, obj, plain: Callable) -> bytes:
    """An image XObject's bytes, kept by its compressed data (kept alive with them, so its identity stays its
    own) and every other value they are made from; `plain(f, obj)` formats one."""
    smask = getattr(obj, "smask", None)
    smask = f.numbers[smask.name] if type(smask) is PDFObjectReference else smask
    decode = getattr(obj, "_decode", None)
    key = (id(obj.streamContent), obj.width, obj.height, obj.bitsPerComponent, obj.colorSpace, tuple(obj._filters))
    key += (getattr(obj, "_dotrans", 0), tuple(decode) if decode else decode, tuple(obj.mask) if obj.mask else None)
    key += (smask,)
    try:
        hash(key)
    except TypeError:  # a value of another kind than ReportLab's own (an smask not a reference): not kept
        return plain(f, obj)
    found = _image_bytes.get(key)
    if found is not None and found[0] is obj.streamContent:
        return found[1]
    data = plain(f, obj)
    _kept(_image_bytes, key, (obj.streamContent, data))
    return data
