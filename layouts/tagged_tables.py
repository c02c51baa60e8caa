"""Tables in the structure tree, from ReportLab's cell callbacks: Table/THead/TBody/TR/TH/TD, a list, or Artifacts.

A table split across pages stays one Table element; its repeated header rows are drawn again as Artifacts."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from reportlab.platypus import Paragraph, Table, TableStyle

from .tagging import TICK_BOX_TEXT, CellPaths, Node, Path, TaggingCanvas


class TaggedTable(Table):
    """A Table whose cells draw under their structure paths, and whose rules and shading are Artifacts.

    `tag_cells` maps a cell (row of the whole table, column) to its path:
    `data_cells` for a data table, `list_cells` for tick-box lists, and by
    default no element of its own (a layout table: its paragraphs tag
    themselves). Split parts keep the mapping and their rows' numbers; rows
    repeated at the top of a continuation page are Artifacts.
    """

    def __init__(self, *args, tag_cells: CellPaths | None = None, mirrored: bool = False, **kwargs):
        """`mirrored`: rows and widths given right to left already (`mirrored_rows`), for a right-to-left page."""
        kwargs.setdefault("renderCB", table_events)
        self._mirrored = mirrored
        self._tag_columns: dict[tuple[int, int], int] = {}  # (row, drawn column) -> logical column, for spans
        super().__init__(*args, **kwargs)
        self._tag_cells = tag_cells
        self._tag_rows: list[int | None] = list(range(len(self._cellvalues)))

    def setStyle(self, tblstyle):  # noqa: N802 - ReportLab's name
        """Style commands name logical columns (0: the first, which a mirrored table draws rightmost)."""
        self._calculated_for = None  # paddings and spans change the sizes
        if self._mirrored:
            tblstyle = mirrored_style(self, tblstyle)
        super().setStyle(tblstyle)

    def _calc(self, availWidth, availHeight):  # noqa: N803 - ReportLab's names
        """Row heights and positions worked out once for each width.

        A patient's table is wrapped many times (measured in the room of each recorded shape it is tried
        against, then drawn, then split: layouts/parts.py); with fixed column widths the sizes follow from
        the cells, the width and, only where the rows do not all fit, the height, and ReportLab's own work
        would set every number to what it already is.
        """
        done = self.__dict__.get("_calculated_for")
        if done is not None and done[0] == availWidth and (availHeight == done[1] or availHeight >= done[2]):
            return
        self._calculated_for = None
        super()._calc(availWidth, availHeight)
        if all(isinstance(width, int | float) for width in self._argW):
            # ReportLab stops adding up rows once they pass the room's height; rows that all fitted were all
            # worked out, and come out the same in any room at least as tall (a sum of sizes only grows).
            heights = self._rowHeights
            whole = sum(heights) if None not in heights and len(heights) == self._nrows else float("inf")
            self._calculated_for = (availWidth, availHeight, whole)

    def logical_column(self, row: int, column: int) -> int:
        """The column a drawn cell is in the table's reading order (a mirrored table's are drawn reversed)."""
        if not self._mirrored:
            return column
        return self._tag_columns.get((row, column), self._ncols - 1 - column)

    def draw(self) -> None:
        if not self._mirrored:
            return super().draw()
        return _draw_right_to_left(self)

    def split(self, availWidth, availHeight):  # noqa: N803 - ReportLab's names
        parts = super().split(availWidth, availHeight)
        if not parts and self._rowSplitRange and getattr(getattr(self, "_frame", None), "_atTop", 0):
            # At the top of an empty page even two rows are taller than the page (large print on Letter, in
            # Nastaliq's tall lines): one row a page rather than no document at all for this patient.
            kept, self._rowSplitRange = self._rowSplitRange, None
            try:
                parts = super().split(availWidth, availHeight)
            finally:
                self._rowSplitRange = kept
        for part in parts:
            part._tag_cells = self._tag_cells
            part._mirrored, part._tag_columns = self._mirrored, self._tag_columns
        if len(parts) == 2:
            first, rest = parts
            n = len(first._cellvalues)
            repeated = len(rest._cellvalues) - (len(self._tag_rows) - n)
            first._tag_rows = self._tag_rows[:n]
            rest._tag_rows = [None] * repeated + self._tag_rows[n:]
        return parts


def mirrored_rows(rows: list[list], options: dict) -> list[list]:
    """A table's rows, and its column widths in `options`, right to left: the first column drawn rightmost."""
    widths = options.get("colWidths")
    if widths is not None:
        options["colWidths"] = list(widths)[::-1]
    return [list(row)[::-1] for row in rows]


_SWAPPED = {"LEFTPADDING": "RIGHTPADDING", "RIGHTPADDING": "LEFTPADDING", "LINEBEFORE": "LINEAFTER"}
_SWAPPED |= {"LINEAFTER": "LINEBEFORE"}
_ALIGNED = {"LEFT": "RIGHT", "RIGHT": "LEFT"}


def mirrored_style(table: TaggedTable, tblstyle) -> TableStyle:
    """Style commands for logical columns, turned to the drawn ones of a mirrored table.

    Column c becomes -1 - c (0 the rightmost, -1 the leftmost), a range's
    ends swap, left and right paddings and rules swap, and a span's value
    moves to the span's first drawn cell, where ReportLab looks for it.
    """
    commands = tblstyle.getCommands() if isinstance(tblstyle, TableStyle) else list(tblstyle)
    out = []
    for command in commands:
        if len(command) < 3 or not isinstance(command[1], tuple):
            out.append(command)
            continue
        name, (sc, sr), (ec, er), *rest = command
        if name == "ALIGN" and rest:
            rest = [_ALIGNED.get(str(rest[0]).upper(), rest[0]), *rest[1:]]
        out.append((_SWAPPED.get(name, name), (-1 - ec, sr), (-1 - sc, er), *rest))
        if name == "SPAN":
            _move_span_value(table, sc, ec, sr)
    return TableStyle(out)


def _move_span_value(table: TaggedTable, sc: int, ec: int, row: int) -> None:
    """A span from logical column sc to ec: its value (drawn at its first cell) goes to the drawn cell ec."""
    n = table._ncols
    first, last = n - 1 - (sc % n), n - 1 - (ec % n)  # drawn columns: first = where the value is, last = the left
    row %= table._nrows
    values = table._cellvalues[row]
    if first != last:
        values[last], values[first] = values[first], ""
    table._tag_columns[row, last] = sc % n


def _draw_right_to_left(table: TaggedTable) -> None:
    """Table.draw, each row's cells drawn from the right: a reader (and a screen reader) meets the first column first.

    Shading and rules are ReportLab's own; the cells' rectangles are its
    (spans included), only the order they are drawn in differs.
    """
    canvas = table.canv
    canvas.saveState()
    table._curweight = table._curcolor = table._curcellstyle = None
    callback = table._renderCB
    callback(table, "startTable")
    callback(table, "startBG")
    table._makeShadow()
    table._makeRoundedCornersClip()
    table._drawBkgrnd()
    callback(table, "endBG")
    for row in range(table._nrows):
        callback(table, "startRow", row)
        for column in reversed(range(table._ncols)):
            if table._spanCmds:
                rect = table._spanRects[column, row]
                if rect is None:
                    continue
                x, y, width, height = rect
            else:
                x, y = table._colpositions[column], table._rowpositions[row + 1]
                width, height = table._colWidths[column], table._rowHeights[row]
            value, style = table._cellvalues[row][column], table._cellStyles[row][column]
            callback(table, "startCell", row, column, value, style, (x, y), (width, height))
            table._drawCell(value, style, (x, y), (width, height))
            callback(table, "endCell")
        callback(table, "endRow")
    callback(table, "startLines")
    table._drawLines()
    callback(table, "endLines")
    callback(table, "endTable")
    canvas.restoreState()
    if table._roundingRectDef:
        table._restoreRoundingObscuredLines()


def table_events(table: Table, event: str, *args) -> None:
    """ReportLab's table render callback: shading and rules as Artifacts, each cell under its path."""
    canvas = table.canv
    if not isinstance(canvas, TaggingCanvas):
        return
    if event == "startCell":
        table._tag_cell_end = _start_cell(canvas, table, args[0], args[1], args[2])
    elif event == "endCell":
        table._tag_cell_end()
    elif event in ("startBG", "startLines"):
        canvas.begin_artifact()
    elif event in ("endBG", "endLines"):
        canvas.end_artifact()


def _start_cell(canvas: TaggingCanvas, table: TaggedTable, row: int, column: int, value) -> Callable[[], None]:
    """Open what a cell draws inside; returns what closes it."""
    whole_row = table._tag_rows[row] if row < len(table._tag_rows) else None
    cells = table.__dict__.get("_tag_cells")
    if whole_row is not None:
        column = table.logical_column(whole_row, column)
    path = None if whole_row is None else (cells(whole_row, column) if cells else ())
    if path is None:  # a repeated header row, or a cell that is only decoration
        canvas.begin_artifact()
        return canvas.end_artifact
    if isinstance(value, str | type(None)):  # text ReportLab draws itself
        if value and value.strip() and path and not canvas._tag_artifact:
            canvas.begin_mark(canvas._tag_context + path)
            return canvas.end_mark
        canvas.touch(canvas._tag_context + path)
        canvas.begin_artifact()
        return canvas.end_artifact
    outer = canvas._tag_context
    canvas.touch(outer + path)
    canvas._tag_context = outer + path
    if path:
        only = value[0] if isinstance(value, list | tuple) and len(value) == 1 else value
        canvas._tag_cell_only = only if isinstance(only, Paragraph) and "_tag" not in only.__dict__ else None

    def end() -> None:
        canvas._tag_context = outer
        canvas._tag_cell_only = None

    return end


def data_cells(header_rows: int = 0, header_columns: Sequence[int] = ()) -> CellPaths:
    """Table > THead/TBody > TR > TH (Scope Column or Row) / TD, one element per cell."""
    table, head, body = Node("Table"), Node("THead"), Node("TBody")
    rows: dict[int, Node] = {}
    cells: dict[tuple[int, int], Node] = {}
    header_columns = frozenset(header_columns)

    def path(row: int, column: int) -> Path:
        section = head if row < header_rows else body
        tr = rows.get(row)
        if tr is None:
            tr = rows[row] = Node("TR")
        cell = cells.get((row, column))
        if cell is None:
            if row < header_rows:
                cell = Node("TH", A={"O": "Table", "Scope": "Column"})
            elif column in header_columns:
                cell = Node("TH", A={"O": "Table", "Scope": "Row"})
            else:
                cell = Node("TD")
            cells[row, column] = cell
        return (table, section, tr, cell) if header_rows else (table, tr, cell)

    return path


def list_cells(label_columns: Sequence[int], body_columns: Sequence[int], items_per_row: int = 1) -> CellPaths:
    """Tick boxes and their words as a list: L > LI > Lbl (the box, read as a ballot box) + LBody.

    `label_columns[i]` and `body_columns[i]` make the row's i-th item; other columns keep their own tags.
    """
    listing = Node("L")
    items: dict[tuple[int, int], tuple[Node, Node, Node]] = {}

    def path(row: int, column: int) -> Path:
        for i, (label, body) in enumerate(zip(label_columns, body_columns, strict=True)):
            if column in (label, body):
                item = items.get((row, i))
                if item is None:
                    item = items[row, i] = (Node("LI"), Node("Lbl", ActualText=TICK_BOX_TEXT), Node("LBody"))
                return (listing, item[0], item[1] if column == label else item[2])
        return ()

    return path


def artifact_cells(_row: int, _column: int) -> None:
    """Every cell is decoration (ruled lines to write on)."""
    return None
