"""The structure tree of a tagged PDF, written with ReportLab's own PDF objects when the document is saved.

tagging.py collects, page by page and in reading order, which MCID belongs to
which structure path. Those paths become StructElem objects under one
Document element (elements.py; children in the order first met), each MCID is
recorded in the ParentTree (element by page and MCID), and the catalog gets
what PDF/UA-1 asks for: MarkInfo, the document's Lang, DisplayDocTitle, the
XMP metadata naming PDF/UA-1, and each page /StructParents and /Tabs /S.
Bookmarks for the headings are made by the canvas (outline.py) from the same
marks.

Written in the same pass as the PDF (no re-reading it), and most elements,
which belong to a body recorded once per process, from templates made once
per process (templates.py): the same bytes as made one by one.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from xml.sax.saxutils import escape

from reportlab.pdfbase.pdfdoc import (
    PDFDictionary,
    PDFDocument,
    PDFName,
    PDFObjectReference,
    PDFStream,
    PDFString,
)

from .elements import Widget, attributes, build_tree, in_order, struct_elem
from .tagging import Mark
from .templates import templated
from .writer import FastDocument, Formatted, register_formatted

PAGE_KEYS = ("StructParents", "Tabs")


def write_structure(canvas, pages: Sequence[Sequence[Mark]], language: str, title: str, xmp_extra: str = "") -> None:
    """Register the structure tree, ParentTree and catalog entries with the canvas's document (before save).

    Every object number is known once the pages are registered, so each element is formatted to bytes here
    and registered as it is (a document has hundreds: ReportLab's generic objects and references made them
    most of what tagging costs). The elements of a body recorded once per process come from templates made
    once per process (`templated`); the rest, and every document with form fields, are made one by one.
    """
    doc = canvas._doc
    root = Formatted()
    doc.Reference(root)
    root_number = doc.objectcounter
    page_numbers = [doc.idToObjectNumberAndVersion[f"Page{n + 1}"][0] for n in range(len(pages))]
    made = templated(pages, page_numbers, root_number, doc)
    if made is None:
        made = _one_by_one(pages, page_numbers, root_number, doc)
    formatted, parent_tree, widgets = made
    register_formatted(doc, formatted)
    root.data = _struct_tree_root(root_number + 1, parent_tree, widgets, len(pages) + len(widgets))

    for page, pdf_page in enumerate(doc.Pages.pages):
        pdf_page.__NoDefault__ = [*type(pdf_page).__NoDefault__, *PAGE_KEYS]
        pdf_page.Tabs = PDFName("S")
        pdf_page.Trans = None  # ReportLab's empty page transition: nothing, and not a key PDF/A validators know
        pdf_page.StructParents = page if parent_tree[page][1] else None

    catalog = doc.Catalog
    catalog.StructTreeRoot = PDFObjectReference(root.__InternalName__)
    catalog.MarkInfo = PDFDictionary({"Marked": "true"})
    catalog.Lang = PDFString(language)
    if isinstance(doc, FastDocument) and doc.fast():  # its bytes are the same in every document of a handout
        catalog.Metadata = doc.Reference(Formatted(_formatted_xmp(title, language, xmp_extra)))
    else:
        catalog.Metadata = doc.Reference(xmp_stream(title, language, xmp_extra))


def _one_by_one(pages: Sequence[Sequence[Mark]], page_numbers: list[int], root_number: int, doc):
    """Every element built and formatted for this document: (their bytes, the ParentTree's arrays, widgets)."""
    document, owners = build_tree(pages)
    order = in_order(document)
    first = root_number + 1
    numbers = {id(element): first + n for n, element in enumerate(order)}
    formatted_attributes: dict[int, bytes] = {}
    formatted = []
    widgets: list[tuple[int, int]] = []  # (StructParent key, its Form element's number), after the pages' keys
    for element in order:
        parent = numbers[id(element.parent)] if element.parent is not None else root_number
        node = element.node
        if node.attrs and id(node) not in formatted_attributes:
            formatted_attributes[id(node)] = attributes(node, doc)
        own = formatted_attributes.get(id(node), b"")
        formatted.append(struct_elem(element, parent, numbers, page_numbers, own, doc))
        for kid in element.kids:
            if isinstance(kid, Widget):
                kid.annotation.dict["StructParent"] = key = len(pages) + len(widgets)
                widgets.append((key, numbers[id(element)]))
    parent_tree = [(page, [numbers[id(owner[mcid])] for mcid in sorted(owner)]) for page, owner in enumerate(owners)]
    return formatted, parent_tree, widgets


def _struct_tree_root(document: int, parent_tree: list, widgets: list[tuple[int, int]], next_key: int) -> bytes:
    """The StructTreeRoot with its ParentTree (page -> the element of each MCID; a widget's key -> its Form)."""
    nums = [b"%d [%s]" % (page, b" ".join(map(b"%d 0 R".__mod__, owners))) for page, owners in parent_tree if owners]
    nums += [b"%d %d 0 R" % (key, number) for key, number in widgets]
    return b"<< /Type /StructTreeRoot /K %d 0 R /ParentTree << /Nums [%s] >> /ParentTreeNextKey %d >>" % (
        document,
        b" ".join(nums),
        next_key,
    )


XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
<dc:language><rdf:Bag><rdf:li>{language}</rdf:li></rdf:Bag></dc:language>
<pdfuaid:part>1</pdfuaid:part>
</rdf:Description>{extra}
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""


@functools.lru_cache(maxsize=1024)  # a handout's title and language: never a patient's words
def _formatted_xmp(title: str, language: str, extra: str) -> bytes:
    """The XMP stream as ReportLab writes it in a document that is not encrypted (uncompressed: no filter)."""
    return xmp_stream(title, language, extra).format(_PLAIN)


_PLAIN = PDFDocument(invariant=1)


def xmp_stream(title: str, language: str, extra: str = "") -> PDFStream:
    """The document's XMP: its title and language, and that it claims PDF/UA-1. Uncompressed, as XMP should be."""
    text = XMP.format(title=escape(title), language=escape(language), extra=extra)
    stream = PDFStream(PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}), text.encode("utf-8"))
    stream.filters = []
    return stream
