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
        self.table._frame = getattr(self, "_frame", None)  # whether the page is empty (tagged_tables.py)
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

    In order, as a clinical print reviewer would want it:
    1. the whole section (statement and every signing block) on one page, moving to the next page when it does
       not fit where it is;
    2. taller than a page: the statement with its own signing lines kept whole (moving if need be), and each
       later signing block (one that carries its own statement: a telephone interpreter recorded by the health
       professional, a withdrawal) after it where it fits, else at the top of the next page under the
       section's heading, "continued";
    3. a statement itself too tall for one page (large print on Letter): it runs over pages and its signing
       lines follow it where they fit, else start a page with the heading, "continued", and the core
       declaration above them.
    Every signature is on a page that says what it signs, and no page is left half empty by a section that
    only needed its last block carried over.
    """

    def __init__(
        self,
        statement: Sequence[Flowable],
        signing: Sequence[Flowable],
        continued: Sequence[Flowable],
        later: Sequence[Sequence[Flowable]] = (),
    ):
        if len(statement) > 1:  # the heading stays with the first part of the statement
            statement = [lead_with(statement[0], statement[1]), *statement[2:]]
        # Whole, it is one group: nested groups are flattened, as a KeepTogether inside another
        # reports a height of 16 million points and would never fit.
        super().__init__(_flat([*statement, *signing, *(f for block in later for f in block)]))
        self._statement, self._signing, self._continued = list(statement), list(signing), list(continued)
        self._later = [list(block) for block in later]

    def split(self, aW, aH):  # noqa: N803 - ReportLab's names
        if getattr(self, "_wrapInfo", None) != (aW, aH):
            self.wrap(aW, aH)
        frame = getattr(self, "_frame", None)
        page = frame._height - frame._topPadding - frame._bottomPadding if frame else aH
        if page >= self._H:
            return super().split(aW, aH)
        # Handed back to the frame one by one, like the content of any long KeepTogether.
        heading_alone = self._continued[:1]
        first = KeepTogether(_flat([*self._statement, *self._signing]))
        first.canv = getattr(self, "canv", None)
        first.wrap(aW, page)  # a KeepTogether answers "too tall" to make the frame split it; _H is its height
        if page >= first._H:
            return [NullActionFlowable(), first, *_signing_blocks(self._later, heading_alone, heading_alone)]
        started = _HeadingPage()  # the page the heading is printed on: signing lines on another need it again
        statement = [_marked(started, self._statement[0]), *self._statement[1:]]
        blocks = [self._signing, *self._later]
        return [NullActionFlowable(), *statement, SigningBlocks(blocks, self._continued, heading_alone, started)]

    def close_with(self, closing: Sequence[Flowable]) -> None:
        """`closing` printed after the last signing block, always on its page (see `ending`)."""
        (self._later[-1] if self._later else self._signing).extend(closing)
        self._content = [*self._content, *closing]


def _signing_blocks(blocks, first_head, later_head) -> list[Flowable]:
    return [SigningBlocks(blocks, first_head, later_head)] if blocks else []


class _HeadingPage(Flowable):
    """Takes no room; remembers the page it was drawn on (the statement's heading's page)."""

    _ZEROSIZE = True

    def __init__(self):
        super().__init__()
        self.page: int | None = None

    def wrap(self, availWidth, availHeight):  # noqa: N803 - ReportLab's names
        return 0, 0

    def draw(self) -> None:
        self.page = self.canv.getPageNumber()


def _marked(marker: _HeadingPage, first: Flowable) -> Flowable:
    """The statement's first group with `marker` inside it, so the marker lands on the heading's page."""
    if isinstance(first, KeepTogether):
        return KeepTogether([marker, *first._content])
    return KeepTogether([marker, first])


class SigningBlocks(Flowable):
    """Signing blocks after their statement: here as many as fit, the rest on the next page, headed there.

    Placed where the statement left off: a block is never split, and a block on a page without the section's
    heading (at the top of a page, or after a statement that ran over from the page before) has the
    section's "continued" heading above it (`first_head`, with the core declaration, for the block that signs
    the statement itself; `later_head` for a block that carries its own statement). Its size is decided in
    split, where the frame says whether it is at the top of a page.
    """

    def __init__(self, blocks, first_head, later_head, started: _HeadingPage | None = None):
        super().__init__()
        self.blocks = [list(block) for block in blocks]
        self.first_head, self.later_head = list(first_head), list(later_head)
        self.started = started  # where the heading is; None: the blocks follow a group kept whole with it

    def _needs_head(self, at_top: bool) -> bool:
        if at_top:
            return True
        canvas = getattr(self, "canv", None)
        return bool(self.started and canvas is not None and self.started.page != canvas.getPageNumber())

    def wrap(self, availWidth, availHeight):  # noqa: N803 - ReportLab's names
        return availWidth, _NEVER_FITS  # never placed whole: split chooses what goes here

    def split(self, aW, aH):  # noqa: N803 - ReportLab's names
        frame = getattr(self, "_frame", None)
        at_top = bool(frame and frame._atTop)
        head = self.first_head if self._needs_head(at_top) else []
        for count in range(len(self.blocks), 0, -1):
            group = KeepTogether(_flat([*head, *(f for block in self.blocks[:count] for f in block)]))
            group.canv = getattr(self, "canv", None)
            room = aH if at_top else aH - group.getSpaceBefore()
            group.wrap(aW, aH)
            if room >= group._H or (at_top and count == 1):
                rest = self.blocks[count:]
                later = [SigningBlocks(rest, self.later_head, self.later_head)] if rest else []
                return [NullActionFlowable(), group, *later]
        return []  # not even the first block fits under the statement here: the next page, headed

    def draw(self) -> None:  # never drawn itself: split hands its blocks to the frame
        return


_NEVER_FITS = 1e9


def _flat(flowables: Sequence[Flowable]) -> list[Flowable]:
    out: list[Flowable] = []
    for flowable in flowables:
        out += _flat(flowable._content) if isinstance(flowable, KeepTogether) else [flowable]
    return out


def signed(
    heading: Flowable,
    body: Sequence[Flowable],
    signing: Sequence[Flowable],
    continued: Sequence[Flowable],
    later: Sequence[Sequence[Flowable]] = (),
) -> SignedStatement:
    """`heading` and `body` signed by `signing`, then `later` signing blocks that carry their own statements.

    `continued` (the heading, "continued", then the core declaration) heads the signing lines on a page of their
    own; its first item alone heads a later block on a page of its own.
    """
    return SignedStatement([heading, *body], signing, continued, later)


def ending(story: list[Flowable], closing: Sequence[Flowable]) -> list[Flowable]:
    """The story with the lines printed once at its end (large print's review dates) kept with its last group.

    Never a last page holding only those lines, or half of them: they join the story's last group (the
    leaflet's sources, the discharge sheet's phone numbers, the consent form's last signing block), which
    moves with them when they do not fit under it.
    """
    if not closing or not story:
        return [*story, *closing]
    last = story[-1]
    if isinstance(last, SignedStatement):
        last.close_with(closing)
        return story
    if isinstance(last, KeepTogether):
        return [*story[:-1], KeepTogether([*last._content, *closing])]
    return [*story, KeepTogether(list(closing))]


class WholeWhereItFits(KeepTogether):
    """Kept whole on one page, moving to the next if need be; but content taller than the next page too starts
    here and splits, as it must somewhere, instead of leaving this page empty (ReportLab's KeepTogether moves it
    first: an Urdu "Get help now" panel in large print on Letter left page 1 with only the title on it)."""

    def split(self, aW, aH):  # noqa: N803 - ReportLab's names
        pieces = super().split(aW, aH)
        if pieces and isinstance(pieces[0], type(self.FrameBreak)):  # ReportLab's FrameBreak is an instance
            peek = self._doctemplateAttr("_peekNextFrame")
            following = peek() if peek else None
            if following is not None and following._height < self._H:
                pieces[0] = NullActionFlowable()
        return pieces
