"""Small building blocks shared by the documents: escaped paragraphs, lists, panels, tables, form lines.

Every string from a record or a content file reaches ReportLab through `esc`
(fit.py). Intended markup (bold, line breaks) is written here and in the
layouts, never in data. Every record value printed in a box (a details table,
a pre-printed form line) is set whole by fit.py: broken only at spaces and
after hyphens, smaller when a word is too wide. Prose is never wider than the
styles' measure (`measured`), whatever the width of the frame or box it is in.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from handout_engine.models import Alternative, Block, Risk
from handout_engine.text.fonts import REGULAR
from handout_engine.text.paragraphs import paragraph
from handout_engine.text.scripts import right_to_left_page

from .fit import esc, fit, fitted, widest_piece
from .keeping import (
    Headed,
    Measured,
    SignedStatement,
    TitleMakingRoom,
    WholeWhereItFits,
    keep,
    lead_with,
    measured,
    signed,
)
from .styles import RULE_GREY, URGENT, Styles
from .tagged_tables import TaggedTable, data_cells, mirrored_rows
from .tagging import CellPaths, as_list

# Re-exported for the layouts: the escaping helper lives in fit.py, what stays together in keeping.py.
__all__ = [
    "Measured",
    "SignedStatement",
    "TitleMakingRoom",
    "esc",
    "fitted",
    "keep",
    "lead_with",
    "signed",
]


def para(text: str, style) -> Flowable:
    """A paragraph of plain text (escaped)."""
    return measured(paragraph(esc(text), style))


def bullets(items: Sequence[str], styles: Styles) -> list[Flowable]:
    """A bulleted list (tagged L > LI > Lbl + LBody), each item kept to the measure."""
    return [measured(p) for p in as_list([paragraph(esc(item), styles.bullet, "•") for item in items])]


def steps(items: Sequence[str], styles: Styles, start: int = 1) -> list[Flowable]:
    """Numbered steps (tagged as a list, like bullets)."""
    numbered = [paragraph(esc(item), styles.step, f"{n}.") for n, item in enumerate(items, start=start)]
    return [measured(p) for p in as_list(numbered)]


def how_often(risk: Risk, style, labels: dict) -> Flowable:
    """'Common: about 1 in 20 people': the word always beside its numbers, as readers misjudge words alone."""
    word = labels["frequency"][risk.frequency.value]
    return measured(paragraph(f"<b>{esc(word)}:</b> {esc(risk.numbers)}", style))


def choices(alternatives: Sequence[Alternative], styles: Styles) -> list[Flowable]:
    """Other choices as bullets, each option in bold."""
    items = [paragraph(f"<b>{esc(alt.option)}.</b> {esc(alt.detail)}", styles.bullet, "•") for alt in alternatives]
    return [measured(p) for p in as_list(items)]


def unbroken_list(lead: Sequence[Flowable], items: Sequence[Flowable]) -> list[Flowable]:
    """A list that may break between pages, but never leaves one item alone.

    The lead (a heading, a sentence ending in a colon) keeps the first two
    items with it, and the last two items stay together, so a reader never
    meets a promise of a list, or its last item, alone on a page.
    """
    items = list(items)
    if len(items) <= 4:
        return [KeepTogether([*lead, *items])]
    return [KeepTogether([*lead, *items[:2]]), *items[2:-2], KeepTogether(items[-2:])]


def section(heading: str, blocks: Sequence[Block], styles: Styles) -> list[Flowable]:
    """A heading and its body: paragraphs, bulleted lists and numbered steps.

    A paragraph ending with a colon introduces the list after it and stays
    with it. A heading keeps its first paragraph with it (keepWithNext), or
    joins the first list's group, since keepWithNext cannot see inside one.
    """
    out: list[Flowable] = [para(heading, styles.heading)]
    previous: Block | None = None
    for block in blocks:
        if block.kind == "text":
            out.append(para(block.text, styles.body))
            previous = block
            continue
        items = bullets(block.items, styles) if block.kind == "bullets" else steps(block.items, styles)
        lead = []
        if previous is not None and previous.kind == "text" and previous.text.endswith(":"):
            lead.insert(0, out.pop())
        if len(out) == 1:  # only the heading so far
            lead.insert(0, out.pop())
        out += unbroken_list(lead, items)
        out.append(Spacer(0, styles.body_size_pt * 0.3))
        previous = block
    return out


def table_of(
    rows: list[list], tag_cells: CellPaths | None = None, table_class: type[TaggedTable] = TaggedTable, **options
) -> Table:
    """A Table whose own font is ours: Table otherwise sets Helvetica (unembedded) on the canvas.

    `tag_cells` says what its cells are to a screen reader (layouts/tagging.py); by default it is a
    layout table: its paragraphs are read in order, its rules and shading are Artifacts.

    A table splits between pages only where at least two rows stay on each
    side (after any repeated header): never one risk, one glossary entry or
    one medicine alone at a page's foot or top.

    On a right-to-left page the table is mirrored: its first column on the
    right, each cell's content at the cell's right, and every style command
    the layouts give it still naming columns in reading order (tagged_tables.py).
    """
    header = options.get("repeatRows", 0)
    options.setdefault("rowSplitRange", (header + 2, -2))
    mirrored = right_to_left_page()
    if mirrored:
        rows = mirrored_rows(rows, options)
    table = table_class(rows, tag_cells=tag_cells, mirrored=mirrored, **options)
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), REGULAR)]))
    if mirrored:
        table.setStyle(TableStyle([("ALIGN", (0, 0), (-1, -1), "LEFT")]))  # mirrored: every cell's content right
    return table


def panel(
    title: Flowable,
    rows: Sequence[Flowable],
    width: float,
    border: colors.Color,
    background: colors.Color,
    border_width: float = 1.5,
) -> Table:
    """A boxed panel: a title and one table row per item, so a long panel can split between pages."""
    data = [[title]] + [[row] for row in rows]
    table = table_of(data, colWidths=[width], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), border_width, border),
                ("BACKGROUND", (0, 0), (-1, -1), background),
                ("LEFTPADDING", (0, 0), (-1, -1), 4 * mm),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4 * mm),
                ("TOPPADDING", (0, 0), (-1, -1), 0.3 * mm),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0.3 * mm),
                ("TOPPADDING", (0, 0), (-1, 0), 3 * mm),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 3 * mm),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def grid(
    rows: list[list], col_widths: Sequence[float], header: bool, styles: Styles, header_columns: Sequence[int] = ()
) -> Table:
    """A ruled data table; with `header`, the first row is shaded, repeats on each page and heads its columns.

    `header_columns`: columns whose cells head their rows (a label beside its value).
    """
    cells = data_cells(1 if header else 0, header_columns)
    table = table_of(rows, cells, colWidths=list(col_widths), repeatRows=1 if header else 0)
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.6, RULE_GREY),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 2 * mm),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2 * mm),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5 * mm),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.8 * mm),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), styles.band))
    table.setStyle(TableStyle(commands))
    return table


CELL_PADDING = 2 * mm  # left and right, in grid()


def column_widths(columns: Sequence[Sequence[tuple[str | None, object]]], shares: Sequence[float], width: float):
    """Widths for table columns: `shares` of `width`, but each at least as wide as its widest word.

    `columns` holds each column's (text, style) cells. A column that would
    have to set a word smaller takes room from the others, in proportion to
    what they can spare.
    """
    least = [
        max((widest_piece(text, style) for text, style in cells), default=0.0) + 2 * CELL_PADDING for cells in columns
    ]
    widths = [width * share for share in shares]
    short = sum(max(0.0, need - have) for need, have in zip(least, widths, strict=True))
    spare = [max(0.0, have - need) for need, have in zip(least, widths, strict=True)]
    if short <= 0 or sum(spare) <= 0:
        return widths
    take = min(1.0, short / sum(spare))
    return [max(need, have - s * take) for need, have, s in zip(least, widths, spare, strict=True)]


def details_table(pairs: Sequence[tuple[str, str | None]], width: float, styles: Styles, columns: int = 1) -> Table:
    """Label | value cells, `columns` pairs to a row; a missing value leaves a box to fill in by hand.

    Each value is set whole (fit.py). With two pairs to a row, a value that
    would have to be set smaller to fit its half (a long name) gets a row of
    its own, its value across the rest of the row.
    """
    share = width / columns
    label_width, value_width = share * 0.42, share * 0.58
    wide_value = width - label_width
    floor = styles.name_floor
    rows, spans, pending = [], [], []
    for label, value in pairs:
        cell = (para(label, styles.cell_bold), value)
        narrow = fit(value or "", styles.cell, value_width - 2 * CELL_PADDING, floor)
        if columns > 1 and narrow.style.fontSize < styles.cell.fontSize:
            spans.append(len(rows))
            wide = fitted(value, styles.cell, wide_value - 2 * CELL_PADDING, floor)
            rows.append([cell[0], wide] + [""] * (2 * columns - 2))
            continue
        pending.append((cell[0], narrow.paragraph()))
        if len(pending) == columns:
            rows.append([c for pair in pending for c in pair])
            pending = []
    if pending:
        row = [c for pair in pending for c in pair]
        rows.append(row + [""] * (2 * columns - len(row)))
    columns_heading = range(0, 2 * columns, 2)
    table = grid(
        rows, [label_width, value_width] * columns, header=False, styles=styles, header_columns=columns_heading
    )
    commands = [("BACKGROUND", (c, 0), (c, -1), styles.band) for c in range(0, 2 * columns, 2)]
    for r in spans:
        commands += [("SPAN", (1, r), (-1, r)), ("BACKGROUND", (1, r), (-1, r), colors.white)]
    table.setStyle(TableStyle(commands))
    return table


def plain_cells(top: float = 0) -> TableStyle:
    return TableStyle(
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 2 * mm),
            ("TOPPADDING", (0, 0), (-1, -1), top),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1 * mm),
        ]
    )


def heading_over_table(text: str, style, table: Table, *lead: Flowable) -> Headed:
    """A heading (and any lead-in paragraphs) over a long table, kept with at least its first rows."""
    return Headed([para(text, style), *lead], table)


def urgent_panel(
    title: str, groups: Sequence[tuple[str, Sequence[str]]], width: float, styles: Styles, closing: str = ""
) -> KeepTogether:
    """The boxed 'Get help now if…' panel: a thick dark-red border that stays visible in greyscale.

    Kept whole on one page: a patient looking for what to do must find it all in one place. One taller than a page
    (Nastaliq in large print) starts on the page it stands on, its heading repeated over the rest.
    """
    rows: list[Flowable] = []
    for lead, items in groups:
        rows.append(measured(paragraph(f"<b>{esc(lead)}</b>", styles.body)))
        rows.extend(bullets(items, styles))
    if closing:
        rows.append(measured(paragraph(f"<b>{esc(closing)}</b>", styles.body)))
    return WholeWhereItFits(
        [panel(paragraph(esc(title), styles.urgent_heading), rows, width, URGENT, styles.urgent_panel, 2.5)]
    )
