"""The heading bookmarks (layouts/outline.py) are made and formatted by the project, not by ReportLab's outline:
for headings nested every way a handout can nest them, the file must be the one ReportLab's own outline makes,
byte for byte, and a bookmark must lead to its heading's page and place."""

from __future__ import annotations

import io

import pikepdf
import pytest
from reportlab.pdfbase.pdfdoc import PDFString
from reportlab.pdfgen.canvas import Canvas

from layouts import outline
from layouts.marks import Mark, Node
from layouts.outline import FormattedOutlines, OutlineLevels
from layouts.writer import FastDocument

# Each page's headings as (role, title, top); a heading met again on a later page (split) keeps one bookmark.
SPLIT = Node("H2", "Split over two pages")
NESTINGS = {
    "one": [[("H1", "Only", 700.0)]],
    "flat": [[("H2", "A", 700.0), ("H2", "B", 500.0)], [("H2", "C", 650.5)]],
    "deep and back": [
        [("H1", "Title", 780.0), ("H2", "Before", 700.0), ("H3", "Detail", 640.25), ("H3", "More", 600.0)],
        [("H2", "After", 720.0), ("H3", "Under after", 500.0), ("H1", "Second title", 300.0)],
        [("H3", "Skips a level", 690.0), ("H2", "Last", 120.0)],
    ],
    "split heading": [[("H1", "Title", 780.0), (SPLIT, 100.0)], [(SPLIT, 780.0), ("H3", "Inside", 600.0)]],
    "other scripts": [
        [("H1", "\u0627\u0644\u0639\u0646\u0648\u0627\u0646", 700.0), ("H2", "\u738b\u79c0\u82f1 (1)", 9.0)]
    ],
}


def _marks(page, kept: bool, suffix: str):
    marks = []
    for mcid, entry in enumerate(page):
        node = entry[0] if isinstance(entry[0], Node) else Node(entry[0], entry[1] + suffix)
        node.kept = kept
        marks.append(Mark(mcid, (Node("Sect"), node), entry[-1]))
    return marks


def _pdf(pages, ours: bool, kept: bool = False, extra: int = 0, suffix: str = "") -> bytes:
    """A PDF of these pages' headings; `kept`: a recorded body's (their titles kept with the outline for the
    process); `extra` objects registered before the outline (its entries then have other numbers); `suffix`
    added to each title."""
    out = io.BytesIO()
    canvas = Canvas(out, invariant=1)
    if ours:
        canvas._doc.__class__ = FastDocument
        canvas._doc.Outlines.__class__ = FormattedOutlines
    levels = OutlineLevels()
    for marks in [_marks(page, kept, suffix) for page in pages]:  # all alive at once, as a document's marks are
        canvas.drawString(72, 72, "text")
        levels.bookmark(canvas, marks)
        canvas.showPage()
    for n in range(extra):
        canvas._doc.Reference(PDFString(f"extra {n}"))
    canvas.save()
    return out.getvalue()


@pytest.mark.parametrize("nesting", NESTINGS, ids=list(NESTINGS))
def test_the_outline_is_the_file_reportlabs_own_outline_makes(nesting):
    outline._templates.clear()
    for kept, extra, suffix in ((False, 0, ""), (True, 0, ""), (True, 0, ""), (True, 95, ""), (False, 3, " (2%)")):
        ours, theirs = (
            _pdf(NESTINGS[nesting], True, kept, extra, suffix),
            _pdf(NESTINGS[nesting], False, kept, extra, suffix),
        )
        assert ours == theirs
    # One outline kept with its titles, made once and filled in three times; one whose titles are holes, for the
    # headings of no recorded body (a patient's parts), filled in with other titles the second time.
    forms = [template.form for template in outline._templates.values()]
    assert len(forms) == 2
    assert sum(b"/Title %s" in form for form in forms) == 1


def test_each_bookmark_leads_to_its_headings_page_and_place():
    pdf = pikepdf.open(io.BytesIO(_pdf(NESTINGS["deep and back"], ours=True)))
    with pdf.open_outline() as outline:
        found = []

        def walk(items, depth):
            for item in items:
                page = [p.objgen for p in pdf.pages].index(item.destination[0].objgen)
                found.append((depth, str(item.title), page, float(item.destination[3])))
                walk(item.children, depth + 1)

        walk(outline.root, 0)
    assert found == [
        (0, "Title", 0, 780.0),
        (1, "Before", 0, 700.0),
        (2, "Detail", 0, 640.25),
        (2, "More", 0, 600.0),
        (1, "After", 1, 720.0),
        (2, "Under after", 1, 500.0),
        (0, "Second title", 1, 300.0),
        (1, "Skips a level", 2, 690.0),
        (1, "Last", 2, 120.0),
    ]
