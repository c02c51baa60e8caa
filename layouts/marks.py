"""What a tag is: a structure element (`Node`), and one marked-content sequence on a page (`Mark`) with the path
of elements it belongs to. Made while the flowables draw (tagging.py), kept with a recorded body (replay.py), read
when the structure tree is written (elements.py)."""

from __future__ import annotations

from dataclasses import dataclass


class Node:
    """One structure element: its standard role, its attributes; one object per element (identity is the key)."""

    __slots__ = ("attrs", "kept", "role", "title")

    def __init__(self, role: str, title: str | None = None, **attrs):
        self.role = role
        self.title = title  # a heading's text, for its bookmark
        self.attrs = attrs  # written into the element: Lang, ActualText, Alt, A (attribute dict)
        self.kept = False  # part of a body recorded once per process: the same in every document (structure.py)


@dataclass(frozen=True)
class Mark:
    """One marked-content sequence on a page (mcid None: an element with nothing drawn, like an empty cell).

    `widget`: a form field's widget annotation (its dictionary and object name), the content of a Form element.
    """

    mcid: int | None
    path: tuple[Node, ...]
    top: float | None = None  # a heading's top on the page, for its bookmark
    widget: tuple | None = None


Path = tuple[Node, ...]
