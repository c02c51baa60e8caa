"""What stays together on a page: a heading with its first rows, a statement with its signatures, page 1's panel.

ReportLab's keepWithNext moves a heading with the whole of what follows, and
cannot join a heading to a KeepTogether; a KeepTogether taller than a page
splits anywhere. These flowables keep exactly what must stay together and no
more, so no heading, table row or signature is left alone at a page's foot
or top, and no page is left near-empty by a table jumping whole. `Measured`
keeps a paragraph of prose to the styles' measure in any frame or box.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import Flowable, KeepTogether, Paragraph, Table
from reportlab.platypus.doctemplate import NullActionFlowable

from handout_engine.text.scripts import right_to_left_page


class Measured(Flowable):
    """A paragraph never wider than its style's measure: lines of prose stay short enough to read.

    Inside a narrower box it takes the box's width; in a wide frame it keeps
    to the measure and leaves the rest of the line empty (ragged right).
    Splits between pages like the paragraph it holds.
    """

    def __init__(self, inner: Paragraph, measure: float):
        super().__init__()
        self.inner = inner
        self.style = inner.style  # keepWithNext, spaceBefore and spaceAfter are read from it
        self.measure = measure
        if right_to_left_page():  # the short line of prose hugs the right margin, where a right-to-left reader starts
            self.hAlign = "RIGHT"

    def wrap(self, availWidth, availHeight):  # noqa: N803 - ReportLab's names
        self.width, self.height = self.inner.wrap(min(availWidth, self.measure), availHeight)
        return self.width, self.height

    def split(self, availWidth, availHeight):  # noqa: N803 - ReportLab's names
        return [Measured(part, self.measure) for part in self.inner.split(min(availWidth, self.measure), availHeight)]

    def draw(self) -> None:
        self.inner.drawOn(self.canv, 0, 0)


def measured(flowable: Paragraph) -> Flowable:
    measure = getattr(flowable.style, "measure", None)
    return Measured(flowable, measure) if measure else flowable


class Headed(Flowable):
    """A heading (with any lead-in) and the table it introduces: the heading keeps at least two rows.

    keepWithNext would move the heading with the whole table, leaving most of
    a page blank; this splits the table where it must (table_of's rules) and
    starts a new page only when fewer than two rows fit under the heading.
    """

    def __init__(self, lead: Sequence[Flowable], table: Table):
        super().__init__()
        self.lead = list(lead)
        self.table = table

    def _lead_height(self, aW, aH) -> float:  # noqa: N803 - ReportLab's names
        height = 0.0
        for index, flowable in enumerate(self.lead):
            height += flowable.wrap(aW, aH)[1] + flowable.getSpaceAfter()
            if index:
                height += flowable.getSpaceBefore()
        return height

    def wrap(self, availWidth, availHeight):  # noqa: N803 - ReportLab's names
        self._lead_h = self._lead_height(availWidth, availHeight)
        _width, height = self.table.wrap(availWidth, availHeight - self._lead_h)
        self.width, self.height = availWidth, self._lead_h + height
        return self.width, self.height

    def getSpaceBefore(self):  # noqa: N802 - ReportLab's name
        return self.lead[0].getSpaceBefore() if self.lead else 0

    def split(self, availWidth, availHeight):  # noqa: N803 - ReportLab's names
        lead_h = self._lead_height(availWidth, availHeight)
        parts = self.table.split(availWidth, availHeight - lead_h)
        if not parts:
            return []  # fewer than two rows fit: heading and table start the next page together
        return [NullActionFlowable(), KeepTogether([*self.lead, parts[0]]), *parts[1:]]

    def draw(self) -> None:
        _draw_stack(self.canv, self.lead, self.width, self.height)
        self.table.drawOn(self.canv, 0, 0)


class TitleMakingRoom(Flowable):
    """A document's title block that makes room on page 1 for what must be whole there.

    Given its variants, largest first (title and subtitle; the title alone;
    the title smaller), it prints the largest that leaves room on the first
    page for `room_for` (the discharge sheet's "Get help now" panel), so the
    panel is never pushed to page 2 by a long title, a wrapped name in the
    band or a longer language.
    """

    def __init__(self, variants: Sequence[Sequence[Flowable]], room_for: Flowable):
        super().__init__()
        self.variants = [list(v) for v in variants]
        self.room_for = room_for
        self.chosen = self.variants[0]

    @staticmethod
    def _height(flowables: Sequence[Flowable], aW, aH) -> float:  # noqa: N803 - ReportLab's names
        total = 0.0
        for index, flowable in enumerate(flowables):
            total += flowable.wrap(aW, aH)[1] + flowable.getSpaceAfter()
            if index:
                total += flowable.getSpaceBefore()
        return total

    def wrap(self, availWidth, availHeight):  # noqa: N803 - ReportLab's names
        self.room_for.canv = getattr(self, "canv", None)
        needed = self.room_for.wrap(availWidth, availHeight)[1]
        needed = getattr(self.room_for, "_H", needed)  # a KeepTogether tells its height this way
        self.chosen = self.variants[-1]
        for variant in self.variants:
            if self._height(variant, availWidth, availHeight) + needed <= availHeight:
                self.chosen = variant
                break
        self.width, self.height = availWidth, self._height(self.chosen, availWidth, availHeight)
        return self.width, self.height

    def draw(self) -> None:
        _draw_stack(self.canv, self.chosen, self.width, self.height)


def _draw_stack(canvas, flowables: Sequence[Flowable], width: float, height: float) -> None:
    """Draw flowables one under another from the top of a box `height` tall."""
    y = height
    for index, flowable in enumerate(flowables):
        if index:
            y -= flowable.getSpaceBefore()
        w, h = flowable.wrap(width, height)
        y -= h
        flowable.drawOn(canvas, 0, y, _sW=width - w)  # a flowable narrower than the box keeps its hAlign
        y -= flowable.getSpaceAfter()


def lead_with(heading: Flowable, following: Flowable) -> Flowable:
    """A heading joined to what follows it, even a group: keepWithNext cannot join a heading to a KeepTogether."""
    if isinstance(following, Headed):
        return Headed([heading, *following.lead], following.table)
    if isinstance(following, KeepTogether):
        return KeepTogether([heading, *following._content])
    return KeepTogether([heading, following])


def keep(*flowables: Flowable) -> KeepTogether:
    """Keep a short group together on one page (a heading with its lines, a question with its boxes)."""
    return KeepTogether(list(flowables))


class SignedStatement(KeepTogether):
    """A statement and its signature lines: a signature must never sit apart from what it signs.

    Kept whole on one page, moving to the next page when it does not fit.
    Where the statement is taller than a whole page (large print on Letter),
    it runs over pages and its signing lines start a page with the statement's
    heading, "continued", and its core declaration above them: every signature
    is on a page that says what it signs.
    """

    def __init__(self, statement: Sequence[Flowable], signing: Sequence[Flowable], continued: Sequence[Flowable]):
        if len(statement) > 1:  # the heading stays with the first part of the statement
            statement = [lead_with(statement[0], statement[1]), *statement[2:]]
        # Whole, it is one group: nested groups are flattened, as a KeepTogether inside another
        # reports a height of 16 million points and would never fit.
        super().__init__(_flat([*statement, *signing]))
        self._statement, self._signing, self._continued = list(statement), list(signing), list(continued)

    def split(self, aW, aH):  # noqa: N803 - ReportLab's names
        if getattr(self, "_wrapInfo", None) != (aW, aH):
            self.wrap(aW, aH)
        frame = getattr(self, "_frame", None)
        page = frame._height - frame._topPadding - frame._bottomPadding if frame else aH
        if page >= self._H:
            return super().split(aW, aH)
        # Handed back to the frame one by one, like the content of any long KeepTogether.
        return [NullActionFlowable(), *self._statement, KeepTogether([*self._continued, *self._signing])]


def _flat(flowables: Sequence[Flowable]) -> list[Flowable]:
    out: list[Flowable] = []
    for flowable in flowables:
        out += _flat(flowable._content) if isinstance(flowable, KeepTogether) else [flowable]
    return out


def signed(
    heading: Flowable, body: Sequence[Flowable], signing: Sequence[Flowable], continued: Sequence[Flowable]
) -> SignedStatement:
    """`heading` and `body` signed by `signing`; `continued` heads the signing lines on a page of their own."""
    return SignedStatement([heading, *body], signing, continued)
