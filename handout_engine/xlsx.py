"""Step 1 for Excel workbooks: a sheet's rows as the text a person sees in each cell.

openpyxl reads the workbook in its read-only (streaming) mode, so a long
clinic list costs little memory. What each cell becomes:

- a date cell is a date (1950-03-03); a date-time with no time is a date too;
- a whole number keeps its digits (9434765919, never 9434765919.0), and a
  number shown with leading zeros by its cell format (`00000`) keeps them
  (00042); a number typed into a General cell has already lost its leading
  zeros in Excel itself, so the README says to format id columns as Text;
- TRUE/FALSE are yes/no; formulas are read as their last calculated value.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

from .errors import PatientFileError, Problem

_ZEROS = re.compile(r"^0+$")


def sheet_rows(path: Path, source: str, sheet: str | None = None) -> Iterator[tuple[int, list[str]]]:
    """(row number, cell texts) for every row of the sheet, header first; the workbook is closed after."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise PatientFileError([Problem(source, "", "file not found")]) from None
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        message = f"cannot be read as an Excel .xlsx workbook ({type(exc).__name__}); save it from Excel as .xlsx"
        raise PatientFileError([Problem(source, "", message)]) from None
    try:
        if sheet is None:
            worksheet = book.worksheets[0]
        elif sheet in book.sheetnames:
            worksheet = book[sheet]
        else:
            names = ", ".join(repr(name) for name in book.sheetnames[:20])
            raise PatientFileError(
                [Problem(source, "--sheet", f"no sheet named '{sheet[:40]}'; the sheets are: {names}")]
            )
        worksheet.reset_dimensions()  # some programs write a wrong size; read what is there
        for number, row in enumerate(worksheet.iter_rows(min_row=1), start=1):
            yield number, [cell_text(cell) for cell in row]
    finally:
        book.close()


def cell_text(cell) -> str:
    value = getattr(cell, "value", None)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        value = int(value)
    if isinstance(value, int):
        digits = str(value)
        number_format = getattr(cell, "number_format", "") or ""
        if value >= 0 and _ZEROS.match(number_format):
            digits = digits.zfill(len(number_format))  # the cell shows 00042: that is the id
        return digits
    return str(value)
