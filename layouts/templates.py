"""A recorded body's structure elements, formatted once per process and filled in for each document.

Most of a document's structure elements belong to a body recorded once per
process and replayed (replay.py, parts.py): its marks, and the nodes on their
paths, are the same objects in every document that replays it. The subtree
of one of the Document's kids is a function of its marks alone: their paths
(the same objects, never changed once recorded), their MCIDs, and their pages
counted from the subtree's first. So it is formatted once (elements.py, as
every element is) into a template with a hole for each object it refers to
(its own elements, the Document, the pages), and each document fills the
holes with its own object numbers in one `%`. Keyed by the paths' identity,
a template can only be used for the very objects it was made from; those
of the patient's own (the band, the parts of a consent form) are made anew,
the same way, and never kept.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .elements import attributes, build_tree, element_form, in_order, kids_entry
from .tagging import Mark

MAX_TEMPLATES = 4096  # subtrees and runs of them kept per process; a batch's recorded bodies have a few hundred
_templates: dict[tuple, Template] = {}  # a subtree's key, or a run's (see `_runs`) -> its template


class Template:
    """Elements as one %-format (each element's bytes a line), and what fills it: one subtree, or a run of them."""

    __slots__ = ("count", "form", "holes", "kept", "nodes", "owned", "owned_by_page", "pages", "paths", "tops")

    def __init__(self, form: bytes, holes: tuple, count: int, pages: int, owned: tuple, nodes: frozenset):
        self.form = form
        self.holes = holes  # each %d's index into [Document, its pages' objects..., its elements' numbers...]
        self.count = count  # elements, numbered in_order from the first's
        self.pages = pages  # pages it spans
        self.owned = owned  # (page from its first, MCID, element) for the ParentTree
        by_page: dict[int, list[tuple[int, int]]] = {}
        for page, mcid, element in owned:
            by_page.setdefault(page, []).append((mcid, element))
        # The same, a page at a time: (page, its MCIDs, their elements), for `templated` to fill in C.
        self.owned_by_page = tuple((page, *zip(*pairs, strict=True)) for page, pairs in by_page.items())
        self.nodes = nodes  # id of each element's node: a node in two subtrees is built by elements.py alone
        self.tops = (0,)  # the Document's kids among its elements
        self.paths: tuple = ()  # keeps the objects whose identity is the key alive as long as the template
        self.kept = False


def keep_nodes(marks: Sequence[Mark], parts: Iterable[tuple[int, int]] = ()) -> None:
    """A recorded page's nodes (not those of the patient's parts: spans of its marks) are the same in every
    document that replays it, so the templates of their subtrees are kept."""
    skipped = {n for start, stop in parts for n in range(start, stop)}
    for n, mark in enumerate(marks):
        if n not in skipped:
            for node in mark.path:
                node.kept = True


def templated(pages: Sequence[Sequence[Mark]], page_numbers: list[int], root_number: int, doc):
    """(Each element's bytes, the ParentTree's arrays, no widgets) with every subtree from a template; None for a
    document it cannot make the same as elements.py would (form fields, a mark outside any element, a node in
    two subtrees)."""
    runs = _runs(pages)
    if runs is None:
        return None
    document = root_number + 1
    number = document + 1
    formatted = [b""]
    kids = []
    owners: list[dict[int, int]] = [{} for _ in pages]
    nodes: set[int] = set()
    node_count = 0
    for first, key, subtrees in runs:
        if key is None:  # the patient's own: the band, the parts
            template, own_nodes = _fresh_template(subtrees[0], doc)
        else:
            template = _templates.get(key)
            if template is None:
                template = _run_template(subtrees, doc)
                if template is not None and template.kept:
                    _keep(key, template)
            own_nodes = None if template is None else template.nodes
        if template is None:
            return None
        table = [document, *page_numbers[first : first + template.pages], *range(number, number + template.count)]
        formatted += (template.form % tuple(map(table.__getitem__, template.holes))).split(b"\n")
        kids += [b"%d 0 R" % (number + top) for top in template.tops]
        for page, mcids, elements in template.owned_by_page:
            owners[first + page].update(zip(mcids, map(number.__add__, elements), strict=True))
        nodes |= own_nodes
        node_count += len(own_nodes)
        number += template.count
    if len(nodes) != node_count:
        return None
    formatted[0] = b"<< /Type /StructElem /S /Document /P %d 0 R%s >>" % (root_number, kids_entry(kids))
    parent_tree = [(page, [owner[mcid] for mcid in sorted(owner)]) for page, owner in enumerate(owners)]
    return formatted, parent_tree, []


def _keep(key: tuple, template: Template) -> None:
    if len(_templates) >= MAX_TEMPLATES:
        _templates.clear()
    _templates[key] = template


def _runs(pages: Sequence[Sequence[Mark]]):
    """The Document's kids in order, as runs: [(first page, key or None, [(first page from the run's, key's
    entries, marks)])]. Consecutive subtrees of recorded nodes make one run, keyed by their marks (each mark's
    path, by identity, MCID and page from its subtree's first); any other subtree is a run of its own, with no
    key (made for this document only). None: see `templated`."""
    found: dict = {}
    for page, marks in enumerate(pages):
        top = entries = subtree_marks = None
        for mark in marks:
            path = mark.path
            if not path or mark.widget is not None:
                return None
            if path[0] is not top:  # most marks belong to the same subtree as the one before
                top = path[0]
                subtree = found.get(top)
                if subtree is None:
                    subtree = found[top] = (page, [], [])
                first, entries, subtree_marks = subtree
                page_from_first = page - first
            entries += (id(path), mark.mcid, page_from_first)
            subtree_marks.append(mark)
    runs = []
    kept = None  # the run of recorded subtrees being gathered: [first page, key's entries, subtrees]
    for top, (page, entries, marks) in found.items():
        if not top.kept:
            runs.append((page, None, [(0, entries, marks)]))
            kept = None
            continue
        if kept is None:
            kept = [page, [], []]
            runs.append(kept)
        kept[1] += (page - kept[0], len(entries), *entries)
        kept[2].append((page - kept[0], entries, marks))
    return [(page, key if key is None else tuple(key), subtrees) for page, key, subtrees in runs]


def _fresh_template(subtree, doc) -> tuple[Template | None, frozenset]:
    """A subtree of the patient's own, and its nodes: from a template of the same shape (see `_shape`) when one is
    kept, or made now (and kept, by its shape, when it holds none of the patient's words)."""
    _first, entries, marks = subtree
    pages = entries[2::3]
    shape = _shape(marks, pages)
    if shape is None:
        template = _template(marks, pages, doc)
        return template, frozenset() if template is None else template.nodes
    key, nodes = shape
    template = _templates.get(key)
    if template is None:
        template = _template(marks, pages, doc)
        if template is not None:
            template.paths = ()  # kept by its shape: it keeps no node of this patient's alive
            _keep(key, template)
    return template, nodes


def _shape(marks: Sequence[Mark], pages: Sequence[int]) -> tuple[tuple, frozenset] | None:
    """A key standing for everything a subtree's bytes depend on but its nodes' identity (each node's role and
    attributes, which nodes are the same, the MCIDs and pages), and the ids of its nodes; None when a node holds
    words (ActualText, Alt: a patient's name), which are never kept."""
    index: dict[int, int] = {}
    nodes: list[tuple] = []
    flat: list = []
    for mark, page in zip(marks, pages, strict=True):
        path = mark.path
        flat += (len(path), mark.mcid, page)
        for node in path:
            n = index.get(id(node))
            if n is None:
                attrs = node.attrs
                if "ActualText" in attrs or "Alt" in attrs or not all(type(v) in (str, dict) for v in attrs.values()):
                    return None
                n = index[id(node)] = len(nodes)
                described = tuple((k, v if type(v) is str else tuple(v.items())) for k, v in attrs.items())
                nodes.append((node.role, described))
            flat.append(n)
    return ("shape", tuple(nodes), tuple(flat)), frozenset(index)


def _run_template(subtrees, doc) -> Template | None:
    """One template for a run of subtrees (each from its own, kept or made here), numbered one after another."""
    members = []
    for first, entries, marks in subtrees:
        key = tuple(entries)
        template = _templates.get(key)
        if template is None:
            template = _template(marks, entries[2::3], doc)
            if template is None:
                return None
            if template.kept:
                _keep(key, template)
        members.append((first, template))
    if len(members) == 1 and members[0][0] == 0:
        return members[0][1]
    return _joined(members)


def _joined(members: list[tuple[int, Template]]) -> Template | None:
    """Templates one after another (each starting `first` pages after the run's first page) as one."""
    span = max(first + template.pages for first, template in members)
    forms, holes, owned, tops, paths = [], [], [], [], []
    nodes: frozenset[int] = frozenset()
    count = 0
    for first, template in members:
        pages = template.pages
        elements = 1 + span + count - (1 + pages)  # an element's hole moves from after its pages to after the run's
        holes += [hole if hole == 0 else hole + first if hole <= pages else hole + elements for hole in template.holes]
        forms.append(template.form)
        owned += [(first + page, mcid, count + index) for page, mcid, index in template.owned]
        tops.append(count)
        paths.append(template.paths)
        if nodes & template.nodes:
            return None
        nodes |= template.nodes
        count += template.count
    joined = Template(b"\n".join(forms), tuple(holes), count, span, tuple(owned), nodes)
    joined.tops, joined.paths = tuple(tops), tuple(paths)
    joined.kept = all(template.kept for _first, template in members)
    return joined


def _template(marks: Sequence[Mark], pages: Sequence[int], doc) -> Template | None:
    """The subtree of these marks (on these pages, counted from its first), formatted with holes."""
    by_page: list[list[Mark]] = [[] for _ in range(pages[-1] + 1)]
    for mark, page in zip(marks, pages, strict=True):
        by_page[page].append(mark)
    document, owners = build_tree(by_page)
    (top,) = document.kids
    order = in_order(top)
    elements = 1 + len(by_page)  # where the elements' numbers start in the table of holes
    index = {id(element): n for n, element in enumerate(order)}
    forms, holes = [], []
    for element in order:
        parent = 0 if element is top else elements + index[id(element.parent)]
        node = element.node
        own = attributes(node, doc) if node.attrs else b""
        form, values = element_form(element, parent, lambda kid: elements + index[id(kid)], (1).__add__, own)
        if b"\n" in form:  # never in ReportLab's escaped strings, but then the lines would not split back
            return None
        forms.append(form)
        holes += values
    owned = tuple((page, mcid, index[id(e)]) for page, owner in enumerate(owners) for mcid, e in owner.items())
    nodes = frozenset(id(element.node) for element in order)
    template = Template(b"\n".join(forms), tuple(holes), len(order), len(by_page), owned, nodes)
    template.paths = tuple(marks)
    template.kept = all(element.node.kept for element in order)
    return template
