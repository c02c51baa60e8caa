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

from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFName, PDFObject, PDFObjectReference, PDFStream, PDFString

from .tagging import Mark, Node

PAGE_KEYS = ("StructParents", "Tabs")


class Element:
    __slots__ = ("kids", "node", "page", "parent")

    def __init__(self, node: Node, parent: Element | None):
        self.node = node
        self.parent = parent
        self.kids: list = []  # Element, (page index, mcid), or Widget
        self.page: int | None = None


class Widget:
    """A form field's widget annotation as an element's content (an OBJR): the annotation gets a StructParent."""

    __slots__ = ("annotation", "name", "page")

    def __init__(self, page: int, annotation, name: str):
        self.page, self.annotation, self.name = page, annotation, name


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
            elif mark.widget is not None:
                parent.page = page
                parent.kids.append(Widget(page, *mark.widget))
        owners.append([owner[mcid] for mcid in sorted(owner)])
    return document, owners


def write_structure(canvas, pages: Sequence[Sequence[Mark]], language: str, title: str, xmp_extra: str = "") -> None:
    """Register the structure tree, ParentTree and catalog entries with the canvas's document (before save)."""
    doc = canvas._doc
    document, owners = build_tree(pages)
    root = _StructTreeRoot()
    root_name = doc.Reference(root).name
    names: dict[int, str] = {}

    widgets: list[tuple[int, str]] = []  # (StructParent key, the Form element's name), after the pages' keys

    def register(element: Element, parent: str) -> str:
        obj = _StructElem(element, parent)
        name = obj.name = doc.Reference(obj).name
        names[id(element)] = name
        obj.attributes = b"".join(_attribute(key, value, doc) for key, value in element.node.attrs.items())
        obj.kids = [register(kid, name) if isinstance(kid, Element) else kid for kid in element.kids]
        for kid in element.kids:
            if isinstance(kid, Widget):
                key = len(pages) + len(widgets)
                kid.annotation.dict["StructParent"] = key
                widgets.append((key, name))
        return name

    root.document = register(document, root_name)
    root.parent_tree = [(page, [names[id(element)] for element in elements]) for page, elements in enumerate(owners)]
    root.widgets = widgets
    root.next_key = len(pages) + len(widgets)

    for page, pdf_page in enumerate(doc.Pages.pages):
        pdf_page.__NoDefault__ = [*type(pdf_page).__NoDefault__, *PAGE_KEYS]
        pdf_page.Tabs = PDFName("S")
        pdf_page.Trans = None  # ReportLab's empty page transition: nothing, and not a key PDF/A validators know
        pdf_page.StructParents = page if owners[page] else None

    catalog = doc.Catalog
    catalog.StructTreeRoot = PDFObjectReference(root_name)
    catalog.MarkInfo = PDFDictionary({"Marked": "true"})
    catalog.Lang = PDFString(language)
    catalog.Metadata = doc.Reference(xmp_stream(title, language, xmp_extra))


def _attribute(key: str, value, doc) -> bytes:
    if isinstance(value, dict):
        entries = " ".join(f"/{name} /{item}" for name, item in value.items())
        return f" /{key} << {entries} >>".encode()
    return b" /" + key.encode() + b" " + PDFString(value).format(doc)


class _StructElem(PDFObject):
    """One StructElem, formatted straight to bytes: a document has hundreds, and ReportLab's generic
    dictionaries made tagging cost a third of a document's time."""

    def __init__(self, element: Element, parent: str):
        self.element = element
        self.parent = parent
        self.name = ""
        self.attributes = b""
        self.kids: list = []  # names of child elements, or (page, mcid)

    def format(self, document) -> bytes:
        numbers = document.idToObjectNumberAndVersion
        element = self.element
        out = [b"<< /Type /StructElem /S /", element.node.role.encode(), b" /P %d 0 R" % numbers[self.parent][0]]
        if element.page is not None:
            out.append(b" /Pg %d 0 R" % numbers[f"Page{element.page + 1}"][0])
        out.append(self.attributes)
        kids = []
        for kid in self.kids:
            if isinstance(kid, str):
                kids.append(b"%d 0 R" % numbers[kid][0])
            elif isinstance(kid, Widget):
                page = numbers[f"Page{kid.page + 1}"][0]
                kids.append(b"<< /Type /OBJR /Obj %d 0 R /Pg %d 0 R >>" % (numbers[kid.name][0], page))
            elif kid[0] == element.page:
                kids.append(b"%d" % kid[1])
            else:
                kids.append(b"<< /Type /MCR /Pg %d 0 R /MCID %d >>" % (numbers[f"Page{kid[0] + 1}"][0], kid[1]))
        if len(kids) == 1:
            out += [b" /K ", kids[0]]
        elif kids:
            out += [b" /K [", b" ".join(kids), b"]"]
        out.append(b" >>")
        return b"".join(out)


class _StructTreeRoot(PDFObject):
    """The StructTreeRoot with its ParentTree (page -> the element of each MCID), formatted straight to bytes."""

    document = ""
    parent_tree: tuple = ()
    widgets: list = []  # noqa: RUF012 - set per document
    next_key = 0

    def format(self, document) -> bytes:
        numbers = document.idToObjectNumberAndVersion
        nums = []
        for page, owners in self.parent_tree:
            if owners:
                refs = b" ".join(b"%d 0 R" % numbers[name][0] for name in owners)
                nums.append(b"%d [%s]" % (page, refs))
        nums += [b"%d %d 0 R" % (key, numbers[name][0]) for key, name in self.widgets]
        return b"<< /Type /StructTreeRoot /K %d 0 R /ParentTree << /Nums [%s] >> /ParentTreeNextKey %d >>" % (
            numbers[self.document][0],
            b" ".join(nums),
            self.next_key,
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


def xmp_stream(title: str, language: str, extra: str = "") -> PDFStream:
    """The document's XMP: its title and language, and that it claims PDF/UA-1. Uncompressed, as XMP should be."""
    text = XMP.format(title=escape(title), language=escape(language), extra=extra)
    stream = PDFStream(PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}), text.encode("utf-8"))
    stream.filters = []
    return stream
