"""ReportLab's PDF objects formatted to the bytes ReportLab writes for them, with a fraction of its calls.

ReportLab formats every value of every object through one generic function
(pdfdoc.format) that asks what the value is, makes each dictionary key a name
again (PDFName, character by character) and runs every piece of text through
the PDF text codec: a handout has a few thousand values, formatted again for
every document. The formatter here does the same work for the object kinds a
handout is made of (dictionaries, arrays, references, names, numbers,
streams, pages, the page tree and catalog, resources, fonts, images and
forms) in the same order, with each name's and number's bytes kept once per
process; anything else is formatted by ReportLab's own method. An object's
references are registered in the order ReportLab registers them, so object
numbers and every byte of the file are ReportLab's own (tests compare whole
files against ReportLab's writer).

Written against ReportLab 5.1's pdfdoc; a kind whose `format` a later
ReportLab changes is no longer recognised (it is matched by its method, not
its name) and is formatted by ReportLab.
"""

from __future__ import annotations

import re
from collections import OrderedDict

from reportlab import rl_config
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.utils import isSeq
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFCatalog,
    PDFDictionary,
    PDFFormXObject,
    PDFImageXObject,
    PDFInfo,
    PDFObject,
    PDFObjectReference,
    PDFResourceDictionary,
    PDFStream,
    PDFType1Font,
)

from .kept_objects import kept_image, kept_page, kept_resources
from .page_contents import PageContent, SplitPage, formatted

_REMAPPED = re.compile(b"[\x18-\x1f]")  # ASCII the PDF text codec does not keep (24-31: accents)
MAX_KEPT = 20_000  # names, short strings and numbers kept per process; a batch uses a few hundred

_names: dict[str, bytes] = {}  # a dictionary key -> its formatted PDF name ("Type" -> b"/Type")
_texts: dict[str, bytes] = {}  # a short str value (mostly names: "/Page") -> its bytes in the PDF text codec
MAX_FILTERED = 64  # shared streams kept filtered per process: a brand's header forms, its fields' looks
_filtered: dict[tuple, bytes | str] = {}  # (content, filters) -> the content filtered
_numbers: dict[int, bytes] = {}  # ints only: 1 and 1.0 are one key, and may format apart


def _name(key: str) -> bytes:
    data = _names.get(key)
    if data is None:
        data = pdfdoc.pdfdocEnc(pdfdoc.PDFName(key))
        if len(_names) < MAX_KEPT:
            _names[key] = data
    return data


def _text(value: str) -> bytes:
    data = _texts.get(value)
    if data is None:
        if len(value) > 64:  # a stream's ASCII85 text, most often: the codec's bytes, without the codec
            return _long_text(value)
        data = pdfdoc.pdfdocEnc(value)
        if len(_texts) < MAX_KEPT:
            _texts[value] = data
    return data


def _long_text(value: str) -> bytes:
    """The PDF text codec's bytes for `value`: an ASCII text's own bytes, but for the 8 controls it maps elsewhere."""
    try:
        data = value.encode("ascii")
    except UnicodeEncodeError:
        return pdfdoc.pdfdocEnc(value)
    if _REMAPPED.search(data):
        return pdfdoc.pdfdocEnc(value)
    return data


def _number(value: int) -> bytes:
    data = pdfdoc.pdfdocEnc(fp_str(value))
    if len(_numbers) < MAX_KEPT:
        _numbers[value] = data
    return data


class Formatter:
    """Formats one document's objects; `top` is pdfdoc.format(obj, document, toplevel=1), `value` its nested use."""

    def __init__(self, document):
        self.document = document
        self.numbers = document.idToObjectNumberAndVersion

    def top(self, obj) -> bytes:
        if isinstance(obj, PDFObject):
            return self.own(obj)
        return self.value(obj)

    def own(self, obj) -> bytes:
        """What obj.format(document) returns."""
        kind = _kind(type(obj))
        if kind is None:
            return obj.format(self.document)
        return kind(self, obj)

    def value(self, element) -> bytes:
        kind = type(element)
        if kind is str:
            return _text(element)
        if kind is int:
            data = _numbers.get(element)
            return data if data is not None else _number(element)
        if kind is PDFObjectReference:
            return b"%d %d R" % self.numbers[element.name]
        if kind is bytes:
            return element
        if isinstance(element, PDFObject):
            if hasattr(element, "__RefOnly__"):  # never inline: a reference to it, registering it if new
                return self.value(self.document.Reference(element))
            return self.own(element)
        if kind is float:
            return pdfdoc.pdfdocEnc(fp_str(element))
        return pdfdoc.format(element, self.document)  # bytes and str subclasses, booleans, None: ReportLab's

    def dictionary(self, mapping, multiline) -> bytes:
        keys = list(mapping)
        if not isinstance(mapping, OrderedDict):
            keys.sort()
        value = self.value
        lines = [_name(key) + b" " + value(mapping[key]) for key in keys]
        if (multiline and rl_config.pdfMultiLine) or multiline == "forced":
            return b"<<\n" + b"\n ".join(lines) + b"\n>>"
        for i in reversed(range(6, len(lines), 6)):  # ReportLab breaks the line every six entries
            lines.insert(i, b"\n ")
        return b"<<\n" + b" ".join(lines) + b"\n>>"

    def array(self, sequence, multiline) -> bytes:
        value = self.value
        items = [value(item) for item in sequence]
        if (multiline and rl_config.pdfMultiLine) or multiline == "forced":
            return b"[ " + b"\n ".join(items) + b" ]"
        for i in reversed(range(10, len(items), 10)):  # and an array's every ten items
            items.insert(i, b"\n ")
        return b"[ " + b" ".join(items) + b" ]"

    def stream(self, mapping, content, filters, shared: bool = False) -> bytes:
        """PDFStream.format: the dictionary given its filters and length, then the (filtered) content.

        `shared`: content that is the same in many documents (a brand header's form), filtered once per process.
        """
        mapping = mapping.copy()
        if content is None:
            raise ValueError("stream content not set")
        if filters is None:
            filters = self.document.defaultStreamFilters
        if filters is not None and "Filter" not in mapping:
            filters = tuple(filters)
            key = (content, filters) if shared else None
            filtered = _filtered.get(key) if shared else None
            names = [pdfdoc.PDFName(each.pdfname) for each in filters]
            if filtered is None:
                for each in reversed(filters):
                    content = each.encode(content)
                if shared:
                    if len(_filtered) >= MAX_FILTERED:
                        _filtered.clear()  # one step, safe beside the web server's other threads
                    _filtered[key] = content
            else:
                content = filtered
            mapping["Filter"] = PDFArray(names)
        content = self.document.encrypt.encode(content)
        formatted = self.value(content)
        mapping["Length"] = len(content)
        return self.dictionary(mapping, PDFDictionary.multiline) + b"\nstream\n" + formatted + b"endstream\n"


def _dictionary(f: Formatter, obj) -> bytes:
    return f.dictionary(obj.dict, obj.multiline)


def _array(f: Formatter, obj) -> bytes:
    return f.array(obj.sequence, obj.multiline)


def _stream(f: Formatter, obj) -> bytes:
    return f.stream(obj.dictionary.dict, obj.content, obj.filters)


def _page_content(f: Formatter, obj: PageContent) -> bytes:
    """A part of a page's content (page_contents.py): its bytes made once per process for each content."""
    return formatted(obj, lambda: f.stream(obj.dictionary.dict, obj.content, obj.filters))


def _catalog(f: Formatter, obj) -> bytes:
    """PDFCatalog.format, for the catalog, the page tree and each page (their check_format is ReportLab's)."""
    return f.dictionary(_gathered(f, obj), PDFDictionary.multiline)


def _page(f: Formatter, obj: SplitPage) -> bytes:
    return kept_page(f, _gathered(f, obj))


def _gathered(f: Formatter, obj) -> dict:
    """A catalog's, page tree's or page's entries, as PDFCatalog.format gathers them."""
    obj.check_format(f.document)
    mapping = {}
    for key, default in obj.__Defaults__.items():
        value = getattr(obj, key, default)
        if value is not None:
            mapping[key] = value
    for key in obj.__NoDefault__:
        value = getattr(obj, key, None)
        if value is not None:
            mapping[key] = value
    reference = f.document.Reference
    for key in obj.__Refs__:
        if key in mapping:
            mapping[key] = reference(mapping[key])
    return mapping


def _resources(f: Formatter, obj) -> bytes:
    return kept_resources(f, obj, _formatted_resources)


def _formatted_resources(f: Formatter, obj) -> bytes:
    """PDFResourceDictionary.format."""
    mapping = {}
    for key in obj.dict_attributes:
        value = getattr(obj, key)
        if isinstance(value, dict):
            if value:
                mapping[key] = PDFDictionary(value)
        else:
            mapping[key] = value
    procs = obj.ProcSet
    if isSeq(procs):
        if procs:
            mapping["ProcSet"] = PDFArray(procs)
    else:
        mapping["ProcSet"] = procs
    return f.dictionary(mapping, PDFDictionary.multiline)


def _font(f: Formatter, obj) -> bytes:
    mapping = {}
    for key in obj.name_attributes:
        if hasattr(obj, key):
            mapping[key] = pdfdoc.PDFName(getattr(obj, key))
    for key in obj.local_attributes:
        if hasattr(obj, key):
            mapping[key] = getattr(obj, key)
    return f.dictionary(mapping, PDFDictionary.multiline)


def _image(f: Formatter, obj) -> bytes:
    return kept_image(f, obj, _formatted_image)


def _formatted_image(f: Formatter, obj) -> bytes:
    """PDFImageXObject.format."""
    mapping = {
        "Type": "/XObject",
        "Subtype": "/Image",
        "Width": obj.width,
        "Height": obj.height,
        "BitsPerComponent": obj.bitsPerComponent,
        "ColorSpace": pdfdoc.PDFName(obj.colorSpace),
    }
    if obj.colorSpace == "DeviceCMYK" and getattr(obj, "_dotrans", 0):
        mapping["Decode"] = PDFArray([1, 0, 1, 0, 1, 0, 1, 0])
    elif getattr(obj, "_decode", None):
        mapping["Decode"] = PDFArray(obj._decode)
    mapping["Filter"] = PDFArray(map(pdfdoc.PDFName, obj._filters))
    mapping["Length"] = len(obj.streamContent)
    if obj.mask:
        mapping["Mask"] = PDFArray(obj.mask)
    if getattr(obj, "smask", None):
        mapping["SMask"] = obj.smask
    return f.stream(mapping, obj.streamContent, None)


def _form(f: Formatter, obj) -> bytes:
    """PDFFormXObject.format: its box, matrix, contents and resources set up as ReportLab does, then its stream."""
    obj.BBox = obj.BBox or PDFArray([obj.lowerx, obj.lowery, obj.upperx, obj.uppery])
    obj.Matrix = obj.Matrix or PDFArray([1, 0, 0, 1, 0, 0])
    if obj.Annots:
        raise ValueError("annotations don't work in PDFFormXObjects yet")
    obj.Annots = None
    if not obj.Contents:
        if not obj.stream:
            return PDFFormXObject.format(obj, f.document)  # ReportLab's test stream: never a handout's
        contents = PDFStream()
        contents.content = obj.stream
        obj.Contents = contents
    if not obj.Resources:
        resources = PDFResourceDictionary()
        resources.basicFonts()
        if obj.hasImages:
            resources.allProcs()
        else:
            resources.basicProcs()
        if obj.XObjects:
            resources.XObject = obj.XObjects
        obj.Resources = resources
    if obj.compression:
        zlib = pdfdoc.PDFZCompress
        obj.Contents.filters = [pdfdoc.PDFBase85Encode, zlib] if rl_config.useA85 else [zlib]
    mapping = obj.Contents.dictionary
    mapping["Type"] = pdfdoc.PDFName("XObject")
    mapping["Subtype"] = pdfdoc.PDFName("Form")
    mapping["FormType"] = 1
    mapping["BBox"] = obj.BBox
    mapping["Matrix"] = obj.Matrix
    mapping["Resources"] = obj.Resources
    contents = obj.Contents
    if _kind(type(contents)) is _stream:  # a form is drawn the same in every document: its content filtered once
        return f.stream(contents.dictionary.dict, contents.content, contents.filters, shared=True)
    return f.own(contents)


def _info(f: Formatter, obj) -> bytes:
    """PDFInfo.format; the same for every document of a kind (it names no patient): its bytes kept once made."""
    stamp = f.document._timeStamp
    key = (obj.title, obj.author, obj.subject, obj.keywords, obj.producer, obj.creator, obj.trapped)
    key += (obj._dateFormatter, stamp.YMDhms, stamp.dhh, stamp.dmm)
    data = _infos.get(key)
    if data is None:
        date = pdfdoc.PDFDate(ts=stamp, dateFormatter=obj._dateFormatter)
        mapping = {
            "Title": pdfdoc.PDFString(obj.title),
            "Author": pdfdoc.PDFString(obj.author),
            "ModDate": date,
            "CreationDate": date,
            "Producer": pdfdoc.PDFString(obj.producer),
            "Creator": pdfdoc.PDFString(obj.creator),
            "Subject": pdfdoc.PDFString(obj.subject),
            "Keywords": pdfdoc.PDFString(obj.keywords),
            "Trapped": pdfdoc.PDFName(obj.trapped),
        }
        data = f.dictionary(mapping, PDFDictionary.multiline)
        if len(_infos) >= MAX_FILTERED:
            _infos.clear()
        _infos[key] = data
    return data


_infos: dict[tuple, bytes] = {}  # a document's Info dictionary by everything it is made from


# Each kind by the ReportLab method it stands for: a class that keeps that method (subclasses included) is
# formatted here; one that overrides it is formatted by its own method.
_BY_METHOD = {
    PDFDictionary.format: _dictionary,
    PDFArray.format: _array,
    PDFStream.format: _stream,
    PDFCatalog.format: _catalog,
    PDFResourceDictionary.format: _resources,
    PDFType1Font.format: _font,
    PDFImageXObject.format: _image,
    PDFFormXObject.format: _form,
    PDFInfo.format: _info,
}
# Classes of ours, which keep ReportLab's format.
_kinds: dict[type, object] = {PageContent: _page_content, SplitPage: _page}


def _kind(cls: type):
    try:
        return _kinds[cls]
    except KeyError:
        kind = _kinds[cls] = _BY_METHOD.get(getattr(cls, "format", None))
        return kind
