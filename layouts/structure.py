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
from .writer import Formatted

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
    """Register the structure tree, ParentTree and catalog entries with the canvas's document (before save).

    Every object number is known once the pages are registered, so each element is formatted to bytes here,
    in one pass, and registered as it is (a document has hundreds: ReportLab's generic objects and references
    made them most of what tagging costs).
    """
    doc = canvas._doc
    document, owners = build_tree(pages)
    root = Formatted()
    doc.Reference(root)
    root_number = doc.objectcounter
    order = _in_order(document)
    first = doc.objectcounter + 1
    numbers = {id(element): first + n for n, element in enumerate(order)}
    page_numbers = [doc.idToObjectNumberAndVersion[f"Page{n + 1}"][0] for n in range(len(pages))]
    attributes: dict[int, bytes] = {}
    formatted = []
    for element in order:
        parent = numbers[id(element.parent)] if element.parent is not None else root_number
        node = element.node
        if node.attrs and id(node) not in attributes:
            attributes[id(node)] = b"".join(_attribute(key, value, doc) for key, value in node.attrs.items())
        formatted.append(Formatted(_struct_elem(element, parent, numbers, page_numbers, attributes.get(id(node), b""))))
    _register(doc, formatted)
    parent_tree = [(page, [numbers[id(element)] for element in elements]) for page, elements in enumerate(owners)]
    root.data = _struct_tree_root(numbers[id(document)], parent_tree, len(pages))

    for page, pdf_page in enumerate(doc.Pages.pages):
        pdf_page.__NoDefault__ = [*type(pdf_page).__NoDefault__, *PAGE_KEYS]
        pdf_page.Tabs = PDFName("S")
        pdf_page.Trans = None  # ReportLab's empty page transition: nothing, and not a key PDF/A validators know
        pdf_page.StructParents = page if owners[page] else None

    catalog = doc.Catalog
    catalog.StructTreeRoot = PDFObjectReference(root.__InternalName__)
    catalog.MarkInfo = PDFDictionary({"Marked": "true"})
    catalog.Lang = PDFString(language)
    catalog.Metadata = doc.Reference(xmp_stream(title, language, xmp_extra))


def _in_order(document: Element) -> list[Element]:
    """Every element, each before its kids, kids in order: the order their object numbers are given in."""
    order, stack = [], [document]
    while stack:
        element = stack.pop()
        order.append(element)
        stack.extend(kid for kid in reversed(element.kids) if isinstance(kid, Element))
    return order


def _register(doc, objects: Sequence[PDFObject]) -> None:
    """ReportLab's PDFDocument.Reference for each object, in one loop: the next object numbers, in order."""
    counter = doc.objectcounter
    by_name, numbers, names = doc.idToObject, doc.idToObjectNumberAndVersion, doc.numberToId
    for obj in objects:
        counter += 1
        name = f"R{counter}"
        obj.__InternalName__ = name
        numbers[name] = (counter, 0)
        names[counter] = name
        by_name[name] = obj
    doc.objectcounter = counter


def _attribute(key: str, value, doc) -> bytes:
    if isinstance(value, dict):
        entries = " ".join(f"/{name} /{item}" for name, item in value.items())
        return f" /{key} << {entries} >>".encode()
    return b" /" + key.encode() + b" " + PDFString(value).format(doc)


def _struct_elem(element: Element, parent: int, numbers: dict, pages: list[int], attributes: bytes) -> bytes:
    """One StructElem: its role, parent, page, attributes and kids (elements, MCIDs, or marked content elsewhere)."""
    out = [b"<< /Type /StructElem /S /", element.node.role.encode(), b" /P %d 0 R" % parent]
    if element.page is not None:
        out.append(b" /Pg %d 0 R" % pages[element.page])
    out.append(attributes)
    kids = []
    for kid in element.kids:
        if isinstance(kid, Element):
            kids.append(b"%d 0 R" % numbers[id(kid)])
        elif kid[0] == element.page:
            kids.append(b"%d" % kid[1])
        else:
            kids.append(b"<< /Type /MCR /Pg %d 0 R /MCID %d >>" % (pages[kid[0]], kid[1]))
    if len(kids) == 1:
        out += [b" /K ", kids[0]]
    elif kids:
        out += [b" /K [", b" ".join(kids), b"]"]
    out.append(b" >>")
    return b"".join(out)


def _struct_tree_root(document: int, parent_tree: list[tuple[int, list[int]]], next_key: int) -> bytes:
    """The StructTreeRoot with its ParentTree (page -> the element of each MCID)."""
    nums = [b"%d [%s]" % (page, b" ".join(b"%d 0 R" % n for n in owners)) for page, owners in parent_tree if owners]
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


def xmp_stream(title: str, language: str, extra: str = "") -> PDFStream:
    """The document's XMP: its title and language, and that it claims PDF/UA-1. Uncompressed, as XMP should be."""
    text = XMP.format(title=escape(title), language=escape(language), extra=extra)
    stream = PDFStream(PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}), text.encode("utf-8"))
    stream.filters = []
    return stream
