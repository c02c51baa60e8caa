"""layouts/writer.py and layouts/formatter.py write every PDF byte for byte as ReportLab's own writer would.

The fast writer formats ReportLab's objects with its own code; a slip in it
(a key out of order, a reference registered a step early, a line broken one
entry late) would still make a PDF that opens, so each case here makes the
same documents twice, once through ReportLab's stock PDFDocument.format, and
compares whole files.
"""

from __future__ import annotations

from collections import OrderedDict

import pytest
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFArrayCompact,
    PDFDictionary,
    PDFDocument,
    PDFName,
    PDFStream,
    PDFString,
)

import layouts.paged_canvas
import layouts.writer
from handout_engine.models import PageSetup
from layouts.formatter import Formatter
from layouts.writer import FastDocument, cross_references, register_formatted
from support import TWELVE_MEDICINES, render_pdf

DOCUMENTS = ("leaflet", "consent", "discharge")
CASES = {
    "a4-png-logo": ("northbrook", PageSetup(), {}),
    "svg-logo": ("riverside", PageSetup(), {"name": "Zoë O'Brien-Łukasz"}),
    "large-print-letter": (
        "northbrook",
        PageSetup(paper="letter", large_print=True),
        {"medications": TWELVE_MEDICINES},
    ),
    "fillable": ("riverside", PageSetup(fillable=True), {}),
    "archive": ("northbrook", PageSetup(archive=True), {"name": "ليلى حداد"}),
    "fillable-archive": ("northbrook", PageSetup(fillable=True, archive=True), {}),
    "right-to-left": ("northbrook", PageSetup(), {"language": "ar", "name": "ليلى حداد"}),
    "chinese": ("riverside", PageSetup(large_print=True), {"language": "zh", "name": "王秀英"}),
    "bengali-no-optional-fields": ("northbrook", PageSetup(), {"language": "bn", "nhs_number": None, "notes": None}),
}


def test_pages_resources_and_logos_from_kept_bytes_are_reportlabs_own(monkeypatch):
    """The second patient's pages, resources and logo come from bytes kept for the first (kept_objects.py), and
    each file is still ReportLab's own, byte for byte."""
    import layouts.kept_objects as kept

    hits = {"_page_templates": 0, "_resource_bytes": 0, "_image_bytes": 0}
    for store in hits:
        monkeypatch.setattr(kept, store, _Counting(hits, store))  # each starts empty
    people = [{"name": "Zoë O'Brien-Łukasz"}, {"patient_id": "R-2", "name": "Ío Ñúñez", "nhs_number": None}]
    fast = [render_pdf(document, brand="northbrook", **person) for person in people for document in DOCUMENTS]
    assert min(hits.values()) > 0, hits  # the kept bytes were used, not only made
    monkeypatch.setattr(layouts.paged_canvas, "FastDocument", PDFDocument)
    stock = [render_pdf(document, brand="northbrook", **person) for person in people for document in DOCUMENTS]
    assert fast == stock


class _Counting(dict):
    """A store that counts the lookups that found something."""

    def __init__(self, hits: dict, name: str):
        super().__init__()
        self.hits, self.name = hits, name

    def get(self, key, default=None):
        found = super().get(key, default)
        if found is not None:
            self.hits[self.name] += 1
        return found


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_every_document_is_reportlabs_own_file(monkeypatch, case):
    brand, setup, record = CASES[case]
    fast = [render_pdf(document, brand=brand, setup=setup, **record) for document in DOCUMENTS]
    monkeypatch.setattr(layouts.paged_canvas, "FastDocument", PDFDocument)
    stock = [render_pdf(document, brand=brand, setup=setup, **record) for document in DOCUMENTS]
    for document, ours, theirs in zip(DOCUMENTS, fast, stock, strict=True):
        assert ours == theirs, document


def _objects():
    """Values of every shape the formatter handles itself, and some it leaves to ReportLab."""
    long_array = PDFArray([*range(23), 1.5, -0.25, 1e-7, True, None])
    wide = PDFDictionary({f"K{n}": n for n in range(14)})
    ordered = PDFDictionary(OrderedDict([("Zed", 1), ("Alpha", PDFName("Beta")), ("Mid", "/Name#Odd")]))
    compact = PDFArrayCompact([PDFName(chr(c)) for c in range(65, 77)])
    stream = PDFStream(content="q 1 0 0 1 0 0 cm\nBT /F1 12 Tf (Hello) Tj ET\nQ\n" * 30, filters=[pdfdoc.PDFZCompress])
    ascii85 = PDFStream(content="0 0 m 10 10 l S\n" * 40, filters=[pdfdoc.PDFBase85Encode, pdfdoc.PDFZCompress])
    plain = PDFStream(content="BT (unfiltered) Tj ET\n" * 5)
    nested = PDFDictionary(
        {
            "Name with spaces": PDFString("Zoë (brackets) \\ back"),
            "Text": PDFString("王秀英"),
            "Stream": stream,
            "Kids": PDFArray([wide, ordered, compact, ascii85]),
            "Plain": plain,
            "Number": 3.14159,
            "Long": "/" + "x" * 100,
        }
    )
    return [long_array, wide, ordered, compact, nested]


def test_each_kind_of_value_formats_as_reportlab_formats_it():
    """Including references registered while formatting: the same objects get the same numbers, in order."""
    ours, theirs = PDFDocument(invariant=1), PDFDocument(invariant=1)
    for mine, stock in zip(_objects(), _objects(), strict=True):
        assert Formatter(ours).top(mine) == pdfdoc.format(stock, theirs, toplevel=1)
    assert ours.numberToId == theirs.numberToId
    formatter = Formatter(ours)
    for name in ours.numberToId.values():  # the streams registered on the way, formatted in their turn
        assert formatter.top(ours.idToObject[name]) == pdfdoc.format(theirs.idToObject[name], theirs, toplevel=1)


def test_text_the_pdf_codec_refuses_is_refused_as_reportlab_refuses_it():
    """Characters 24-31 have no PDFDocEncoding byte of their own: a long string with one is an error, not kept."""
    bad = "/" + "x" * 80 + "\x18"
    with pytest.raises(UnicodeEncodeError):
        pdfdoc.format(bad, PDFDocument())
    with pytest.raises(UnicodeEncodeError):
        Formatter(PDFDocument()).value(bad)
    assert Formatter(PDFDocument()).value("/" + "é" * 80) == pdfdoc.format("/" + "é" * 80, PDFDocument())


def test_the_cross_reference_table_is_reportlabs():
    document = PDFDocument()
    for number in range(14):
        document.Reference(PDFDictionary({"N": number}))
    ids = [document.numberToId[number] for number in range(1, len(document.numberToId) + 1)]
    for number, name in enumerate(ids, start=1):
        document.idToOffset[name] = number * 1234 + 15
    table = pdfdoc.PDFCrossReferenceTable()
    table.addsection(0, ids)
    assert cross_references([document.idToOffset[i] for i in ids]) == table.format(document)


@pytest.mark.parametrize("heads_kept", [100_000, 6])
def test_objects_registered_as_one_run_are_written_as_each_alone(monkeypatch, heads_kept):
    """A run of objects formatted before the writer runs (writer.FormattedRun: a document's structure elements
    and bookmarks) is written with the numbers, bytes and cross-reference offsets each would have alone (its
    objects' heads from the table kept for the process, or made for numbers beyond it)."""
    monkeypatch.setattr(layouts.writer, "MAX_HEADS", heads_kept)
    monkeypatch.setattr(layouts.writer, "_heads_table", ([], []))
    bodies = [b"<< /Type /StructElem /S /P >>", b"<< /K [ 1 2 ] >>", b"(x)"] * 4

    def written(run: bool) -> bytes:
        document = FastDocument(invariant=1)
        if not run:
            document.__class__ = PDFDocument  # ReportLab's writer: each object registered on its own
        document.Reference(PDFString("before"))
        register_formatted(document, bodies)
        document.Reference(PDFString("after"))
        if not run:
            document.__class__ = FastDocument
        return document.GetPDFData(None)

    assert written(run=True) == written(run=False)
    assert b"\n14 0 obj\n(x)\nendobj\n15 0 obj\n(after)" in written(run=True)  # 1: fonts, 2: before
