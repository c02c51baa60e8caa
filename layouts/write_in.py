"""What a patient or a clinician fills in by hand: tick boxes, lines to write on, and their fields.

On paper they are drawn; on a fillable form (layouts/fields.py) the same places become fields."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Table, TableStyle

from handout_engine.text.lines import line_width
from handout_engine.text.paragraphs import RememberingParagraph, paragraph

from .blocks import para, plain_cells, table_of
from .fields import Slot, is_fillable, signature_field, text_field, tick_field
from .fit import fitted
from .styles import INK, RULE_GREY, Styles
from .tagged_tables import TaggedTable, artifact_cells, list_cells
from .tagging import Marked


class TickBox(Marked):
    """An empty square to tick by hand; on a fillable copy, a check box over it too (fields.py).

    Tagged as the label of its list item, read as a ballot box (tagging.py).

    Drawn as a plain rectangle: no font needs a ballot-box glyph, and unlike a
    graphics Drawing it sets no (Helvetica) font on the canvas. `field` names
    its check box.
    """

    def __init__(self, size: float, drop: float = 2.5, field: str | None = None, tooltip: str = ""):
        super().__init__()
        # `drop` lowers the box so that it sits on the text line beside it, not above it.
        self.size = size
        self.width, self.height = size, size + drop
        self.field, self.tooltip = field, tooltip

    def draw(self) -> None:
        self.canv.setStrokeColor(INK)
        self.canv.setLineWidth(1)
        self.canv.rect(0.5, 0.5, self.size - 1, self.size - 1, stroke=1, fill=0)
        if self.field and is_fillable(self.canv):
            tick_field(self.canv, self.field, self.size, self.tooltip)


def tick_box(styles: Styles, field: str | None = None, tooltip: str = "") -> TickBox:
    return TickBox(styles.tick_size, field=field, tooltip=tooltip)


def tick_rows(options: Sequence[str], width: float, styles: Styles, fields: Sequence[str] = ()) -> Table:
    """One tick box per option, each on its own line; `fields` name their check boxes on a fillable copy."""
    names = list(fields) or [None] * len(options)
    rows = [
        [tick_box(styles, name, tooltip=option), para(option, styles.body)]
        for option, name in zip(options, names, strict=True)
    ]
    table = table_of(rows, list_cells((0,), (1,)), colWidths=[8 * mm, width - 8 * mm])
    table.setStyle(plain_cells(top=0.6 * mm))
    return table


def yes_no(question: str, yes: str, no: str, width: float, styles: Styles, field: str | None = None) -> Table:
    """'Question  [ ] Yes  [ ] No' on one line; with `field`, check boxes `<field>_yes` and `<field>_no`.

    Two check boxes rather than one radio group: a radio button's state lives in
    widgets that are not fields of their own, and ticking one after a signature
    reads to a signature check as an unexplained change.
    """
    yes_box = tick_box(styles, field and f"{field}_yes", tooltip=f"{question} {yes}")
    no_box = tick_box(styles, field and f"{field}_no", tooltip=f"{question} {no}")
    row = [para(question, styles.body), yes_box, para(yes, styles.body), no_box, para(no, styles.body)]
    box = 7 * mm
    word = 14 * mm
    table = table_of([row], list_cells((1, 3), (2, 4)), colWidths=[width - 2 * (box + word), box, word, box, word])
    table.setStyle(plain_cells(top=0.6 * mm))
    return table


def tick_line(
    question: str, options: Sequence[str], width: float, styles: Styles, group: str | None = None, values=()
) -> Flowable:
    """'Question  [ ] one  [ ] two  [ ] three' on one line when it fits, else the boxes one to a line.

    With `group`, on a fillable copy each box is a check box named `<group>_<value>` (check boxes, not a
    radio group, as yes_no explains).
    """
    box = styles.tick_size + 3 * mm
    words = [line_width(option, styles.regular, styles.body_size_pt) + 4 * mm for option in options]
    rest = width - sum(words) - box * len(options)
    names = [f"{group}_{value}" for value in values] if group else [None] * len(options)
    if rest < width * 0.3:
        rows = [
            [tick_box(styles, name, f"{question} {option}"), para(option, styles.body)]
            for option, name in zip(options, names, strict=True)
        ]
        table = table_of(rows, list_cells((0,), (1,)), colWidths=[8 * mm, width - 8 * mm])
        table.setStyle(plain_cells(top=0.6 * mm))
        return KeepTogether([para(question, styles.body), table])
    row: list = [para(question, styles.body)]
    for option, name in zip(options, names, strict=True):
        row += [tick_box(styles, name, f"{question} {option}"), para(option, styles.body)]
    boxes = tuple(range(1, 2 * len(options), 2))
    cells = list_cells(boxes, tuple(b + 1 for b in boxes))
    table = table_of([row], cells, colWidths=[rest] + [w for word in words for w in (box, word)])
    table.setStyle(plain_cells(top=0.6 * mm))
    return table


class FieldLine(RememberingParagraph):
    """The empty value of a write-in line; on a fillable copy, its field (text or signature) sits on the line.

    On paper it is the empty paragraph it replaces, drawn the same, byte for byte.
    """

    slot: Slot

    def draw(self) -> None:
        super().draw()
        if not is_fillable(self.canv):
            return
        # The cell's value sits on the line with 1 mm of padding below it; the field reaches up over
        # the room left for writing (a signature up to the row's top padding).
        bottom = -0.8 * mm
        if self.slot.kind == "signature":
            signature_field(self.canv, self.slot, 0, bottom, self.width, 9 * mm)
        else:
            text_field(self.canv, self.slot, 0, bottom, self.width, 5.5 * mm)


def field_line(slot: Slot, style) -> FieldLine:
    line = FieldLine.__new__(FieldLine)
    line.__dict__.update(paragraph("", style).__dict__)
    line.slot = slot
    return line


def write_in_lines(
    fields: Sequence[tuple[str, str | Slot | None]], width: float, styles: Styles, per_row: int = 2
) -> Table:
    """Signature-style lines: a label, then a ruled space to write on (or a pre-printed value).

    A value that is a `Slot` is an empty line that becomes a field (text, or
    signature) on a fillable copy. Rows are tall enough to sign in and grow
    with a long value; a gap separates one line's end from the next label.
    """
    # Labels on one line where they can be: as wide as the widest, within limits.
    widest = max(line_width(label, styles.bold, styles.cell_bold.fontSize) for label, _value in fields) + 3 * mm
    label_width = min(max(widest, 22 * mm), width * (0.4 if per_row == 1 else 0.2))
    gap = 7 * mm
    value_width = (width - per_row * label_width - (per_row - 1) * gap) / per_row
    rows, rules = [], []
    for r, start in enumerate(range(0, len(fields), per_row)):
        row: list = []
        for label, value in fields[start : start + per_row]:
            if row:
                row.append("")
            if isinstance(value, Slot):
                cell = field_line(value, styles.cell)
            else:  # pre-printed (a name): set whole
                cell = fitted(value, styles.cell, value_width - 2 * mm, styles.name_floor)
            row += [para(label, styles.cell_bold), cell]
            rules.append(("LINEBELOW", (len(row) - 1, r), (len(row) - 1, r), 0.8, INK))
        rows.append(row + [""] * (3 * per_row - 1 - len(row)))
    widths = ([label_width, value_width, gap] * per_row)[:-1]
    # No fixed row height: a long pre-printed value (a name, a clinic) wraps and
    # the row grows; the top padding leaves room to sign above the line.
    table = table_of(rows, colWidths=widths)
    commands = [
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("TOPPADDING", (0, 0), (-1, -1), styles.signature_space),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2 * mm),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1 * mm),
        *rules,
    ]
    table.setStyle(TableStyle(commands))
    return table


class RuledLines(TaggedTable):
    """Empty ruled lines; on a fillable copy, one multi-line text field over them (when `slot` is set)."""

    slot: Slot | None = None  # a part split off onto another page has none: a field is never cut in two

    def draw(self) -> None:
        super().draw()
        if self.slot is not None and is_fillable(self.canv):
            text_field(self.canv, self.slot, 0, 0, self._width, self._height, multiline=True)


def ruled_lines(count: int, width: float, slot: Slot | None = None, height: float = 10 * mm) -> Table:
    """Empty ruled lines to write on by hand, `height` apart."""
    table = table_of([[""]] * count, artifact_cells, RuledLines, colWidths=[width], rowHeights=[height] * count)
    table.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.6, RULE_GREY)]))
    table.slot = slot
    return table
