"""The structure tree of a tagged PDF, written with ReportLab's own PDF objects when the document is saved.

tagging.py collects, page by page and in reading order, which MCID belongs to
which structure path. Here those paths become StructElem objects under one
Document element (children in the order first met), each MCID is recorded in
the ParentTree (element by page and MCID), and the catalog gets what PDF/UA-1
asks for: MarkInfo, the document's Lang, DisplayDocTitle, the XMP metadata
naming PDF/UA-1, and each page /StructParents and /Tabs /S. Bookmarks for
the headings are made by the canvas (tagging.py) from the same marks.

Written in the same pass as the PDF (no re-reading it): tagging costs a few
percent of a document's time, not a second parse.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFObjectReference, PDFStream, PDFString

from .tagging import Mark, Node

PAGE_KEYS = ("StructParents", "Tabs")


class Element:
    __slots__ = ("kids", "node", "page", "parent")

    def __init__(self, node: Node, parent: Element | None):
        self.node = node
        self.parent = parent
        self.kids: list = []  # Element, or (page index, mcid)
        self.page: int | None = None


def build_tree(pages: Sequence[Sequence[Mark]]) -> tuple[Element, list[list[Element]]]:
    """The Document element, and for each page the element of each MCID (the ParentTree's arrays)."""
    document = Element(Node("Document"), None)
    elements: dict[Node, Element] = {}
    owners: list[list[Element]] = []
    for page, marks in enumerate(pages):
        owner: dict[int, Element] = {}
        for mark in marks:
            parent = document
            for node in mark.path:
                element = elements.get(node)
                if element is None:
                    element = elements[node] = Element(node, parent)
                    parent.kids.append(element)
                parent = element
            if mark.mcid is not None:
                if parent.page is None:
                    parent.page = page
                parent.kids.append((page, mark.mcid))
                owner[mark.mcid] = parent
        owners.append([owner[mcid] for mcid in sorted(owner)])
    return document, owners


def write_structure(canvas, pages: Sequence[Sequence[Mark]], language: str, title: str, xmp_extra: str = "") -> None:
    """Register the structure tree, ParentTree and catalog entries with the canvas's document (before save)."""
    doc = canvas._doc
    document, owners = build_tree(pages)
    root = PDFDictionary({"Type": PDFName("StructTreeRoot")})
    root_ref = doc.Reference(root)
    refs: dict[int, PDFObjectReference] = {}
    page_refs = [PDFObjectReference(f"Page{n}") for n in range(1, len(pages) + 1)]

    def register(element: Element, parent_ref: PDFObjectReference) -> PDFObjectReference:
        node = element.node
        obj = PDFDictionary({"Type": PDFName("StructElem"), "S": PDFName(node.role), "P": parent_ref})
        entries = obj.dict
        ref = doc.Reference(obj)
        refs[id(element)] = ref
        if element.page is not None:
            entries["Pg"] = page_refs[element.page]
        for key, value in node.attrs.items():
            entries[key] = _value(value)
        kids = []
        for kid in element.kids:
            if isinstance(kid, Element):
                kids.append(register(kid, ref))
            else:
                page, mcid = kid
                if page == element.page:
                    kids.append(mcid)
                else:
                    kids.append(PDFDictionary({"Type": PDFName("MCR"), "Pg": page_refs[page], "MCID": mcid}))
        if kids:
            entries["K"] = kids[0] if len(kids) == 1 else PDFArray(kids)
        return ref

    root.dict["K"] = register(document, root_ref)
    nums = []
    for page, elements in enumerate(owners):
        if elements:
            nums += [page, PDFArray([refs[id(element)] for element in elements])]
    root.dict["ParentTree"] = PDFDictionary({"Nums": PDFArray(nums)})
    root.dict["ParentTreeNextKey"] = len(pages)

    for page, pdf_page in enumerate(doc.Pages.pages):
        pdf_page.__NoDefault__ = [*type(pdf_page).__NoDefault__, *PAGE_KEYS]
        pdf_page.Tabs = PDFName("S")
        pdf_page.StructParents = page if owners[page] else None

    catalog = doc.Catalog
    catalog.StructTreeRoot = root_ref
    catalog.MarkInfo = PDFDictionary({"Marked": "true"})
    catalog.Lang = PDFString(language)
    catalog.Metadata = doc.Reference(xmp_stream(title, language, xmp_extra))


def _value(value):
    if isinstance(value, dict):
        return PDFDictionary({key: PDFName(item) for key, item in value.items()})
    return PDFString(value)


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


def xmp_stream(title: str, language: str, extra: str = "") -> PDFStream:
    """The document's XMP: its title and language, and that it claims PDF/UA-1. Uncompressed, as XMP should be."""
    text = XMP.format(title=escape(title), language=escape(language), extra=extra)
    stream = PDFStream(PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}), text.encode("utf-8"))
    stream.filters = []
    return stream
