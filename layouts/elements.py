"""The structure tree's elements: built from the pages' marks, and each formatted to the bytes of its StructElem.

tagging.py collects, page by page and in reading order, which MCID belongs to
which structure path. Here those paths become elements under one Document
element (children in the order first met), numbered in the order `in_order`
gives, each formatted by `struct_elem` (structure.py writes them; templates.py
formats a recorded body's once per process, with these same functions).
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.pdfbase.pdfdoc import PDFString

from .tagging import Mark, Node


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


def build_tree(pages: Sequence[Sequence[Mark]]) -> tuple[Element, list[dict[int, Element]]]:
    """The Document element, and for each page the element of each MCID (the ParentTree's arrays, by MCID)."""
    document = Element(Node("Document"), None)
    elements: dict[Node, Element] = {}
    owners: list[dict[int, Element]] = []
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
        owners.append(owner)
    return document, owners


def in_order(document: Element) -> list[Element]:
    """Every element, each before its kids, kids in order: the order their object numbers are given in."""
    order, stack = [], [document]
    while stack:
        element = stack.pop()
        order.append(element)
        stack.extend(kid for kid in reversed(element.kids) if isinstance(kid, Element))
    return order


def attributes(node: Node, doc) -> bytes:
    return b"".join(_attribute(key, value, doc) for key, value in node.attrs.items())


def _attribute(key: str, value, doc) -> bytes:
    if isinstance(value, dict):
        entries = " ".join(f"/{name} /{item}" for name, item in value.items())
        return f" /{key} << {entries} >>".encode()
    return b" /" + key.encode() + b" " + PDFString(value).format(doc)


def struct_elem(element: Element, parent: int, numbers: dict, pages: list[int], attributes: bytes, doc) -> bytes:
    """One StructElem: its role, parent, page, attributes and kids (elements, MCIDs, marked content elsewhere, or
    a form field's widget)."""
    numbers_of = doc.idToObjectNumberAndVersion
    form, values = element_form(
        element, parent, lambda kid: numbers[id(kid)], pages.__getitem__, attributes, lambda w: numbers_of[w.name][0]
    )
    return form % tuple(values)


def element_form(element: Element, parent, number_of, page_of, attributes: bytes, widget_of=None) -> tuple[bytes, list]:
    """A StructElem's bytes with a %d for each object it refers to, and what goes in each, in order: `parent`,
    then number_of(kid element), page_of(page index), widget_of(widget) as they come (numbers, or a template's
    holes: templates.py)."""
    values = [parent]
    out = [b"<< /Type /StructElem /S /", _literal(element.node.role.encode()), b" /P %d 0 R"]
    if element.page is not None:
        out.append(b" /Pg %d 0 R")
        values.append(page_of(element.page))
    out.append(_literal(attributes))
    kids = []
    for kid in element.kids:
        if isinstance(kid, Element):
            kids.append(b"%d 0 R")
            values.append(number_of(kid))
        elif isinstance(kid, Widget):
            kids.append(b"<< /Type /OBJR /Obj %d 0 R /Pg %d 0 R >>")
            values += (widget_of(kid), page_of(kid.page))
        elif kid[0] == element.page:
            kids.append(b"%d" % kid[1])
        else:
            kids.append(b"<< /Type /MCR /Pg %%d 0 R /MCID %d >>" % kid[1])
            values.append(page_of(kid[0]))
    out += [kids_entry(kids), b" >>"]
    return b"".join(out), values


def kids_entry(kids: list[bytes]) -> bytes:
    """An element's /K: its one kid, or the array of them, or nothing."""
    if len(kids) == 1:
        return b" /K " + kids[0]
    return b" /K [" + b" ".join(kids) + b"]" if kids else b""


def _literal(data: bytes) -> bytes:
    """Bytes put into a %-format as they are."""
    return data.replace(b"%", b"%%")
