"""Step 1 for patient files: a clinic's export -> raw records, one at a time.

A patient file is CSV (header = field names, with or without a byte-order
mark), a YAML list, a JSON list or JSON Lines; the format follows the file's
extension, and `-` reads standard input (format given, or recognised from the
first character). `PatientFile` checks the file's shape when it is opened, so
a file that cannot be read at all (a quote never closed, a misspelt column)
refuses the run before anything is written, and it knows how many records
there are, for the progress bar. Records are then handed out lazily: CSV and
JSON Lines are never held as a list of records, so a long export costs little
more memory than its text.

A problem with one record (a row with too many cells, a JSON line that does
not parse, a list item that is not a mapping) travels with that record, so a
batch reports it and goes on with the others.
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from .errors import PatientFileError, Problem
from .load import RawRecord, display_name, parse_json, parse_text, parse_yaml, read_text

FORMATS = ("csv", "yaml", "json", "jsonl")
EXTENSIONS = {".csv": "csv", ".yaml": "yaml", ".yml": "yaml", ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl"}
STDIN = "-"
STDIN_NAME = "<stdin>"


def format_of(path: Path | str, text: str | None = None) -> str | None:
    """The format a patient file is in: by extension; for standard input, by its first character."""
    if str(path) == STDIN:
        start = (text or "").lstrip()[:1]
        return {"[": "json", "{": "jsonl", "-": "yaml"}.get(start, "csv")
    return EXTENSIONS.get(Path(path).suffix.lower())


class PatientFile:
    """An opened, shape-checked patient file: `len()` records, iterated as RawRecords in file order."""

    def __init__(self, path: Path | str, fields: Sequence[str], file_format: str | None = None):
        self.fields = tuple(fields)
        if str(path) == STDIN:
            self.name = STDIN_NAME
            self.text = _read_stdin()
        else:
            path = Path(path)
            self.name = display_name(path)
            kind = file_format or format_of(path)
            if kind is None:
                known = ", ".join(EXTENSIONS)
                raise PatientFileError([Problem(self.name, "", f"unknown file type '{path.suffix}'; expected {known}")])
            self.text = read_text(path)
        self.format = file_format or format_of(path, self.text)
        self._items: list | None = None  # YAML and JSON lists are parsed whole
        self._header: list[str] = []
        if self.format == "csv":
            self._count = self._check_csv()
        elif self.format == "jsonl":
            self._count = sum(1 for line in self.text.splitlines() if line.strip())
        else:
            parse = parse_yaml if self.format == "yaml" else parse_json
            data = parse_text(self.text, self.name, PatientFileError, self.format.upper(), parse)
            if not isinstance(data, list):
                raise PatientFileError([Problem(self.name, "", "expected a list of patient records")])
            self._items = data
            self._count = len(data)
        if self._count == 0:
            raise PatientFileError([Problem(self.name, "", "no patient records found")])

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[RawRecord]:
        if self.format == "csv":
            return self._csv_records()
        if self.format == "jsonl":
            return self._json_lines()
        return self._list_records()

    # ------------------------------------------------------------ CSV

    def _check_csv(self) -> int:
        """Read the whole file once for its shape (header, quoting); count the records, keep none."""
        # strict mode refuses a quote that is never closed instead of swallowing the rest of the file.
        reader = csv.reader(io.StringIO(self.text, newline=""), strict=True)
        try:
            header = next(reader, None)
            if header is None:
                raise PatientFileError(
                    [Problem(self.name, "", "the file is empty; expected a header row of field names")]
                )
            self._header = [cell.strip() for cell in header]
            # Spreadsheet programs add empty columns at the right: they are not fields.
            while self._header and not self._header[-1]:
                self._header.pop()
            self._check_header()
            count = 0
            for number, cells in enumerate(reader, start=2):
                if not any(cell.strip() for cell in cells):
                    continue
                count += 1
                runaway = [
                    k for k, c in zip(self._header, cells, strict=False) if _looks_like_rows(c, len(self._header))
                ]
                if runaway:
                    # A quote opened in one cell and closed rows later has swallowed whole patients:
                    # refusing the file is the only way none of them goes missing unnoticed.
                    message = (
                        f'the {runaway[0]} cell of row {number} holds what look like more rows: is a closing quote (") '
                        "missing?"
                    )
                    raise PatientFileError([Problem(self.name, runaway[0], message, number)])
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                message = f"a cell near line {reader.line_num} is longer than {csv.field_size_limit()} characters"
            else:
                message = f'not valid CSV at line {reader.line_num} ({exc}); is a closing quote (") missing?'
            raise PatientFileError([Problem(self.name, "", message)]) from None
        return count

    def _check_header(self) -> None:
        """A misspelt column is in every row: it refuses the file, reported once."""
        header, fields = self._header, self.fields
        problems = []
        for column, key in enumerate(header, start=1):
            if key not in fields:
                hint = difflib.get_close_matches(key, fields, n=1)
                why = f"did you mean '{hint[0]}'?" if hint else f"expected one of: {', '.join(fields)}"
                problems.append(
                    Problem(self.name, key or f"column {column}", f"unknown column in the header ({why})", 1)
                )
        for key in sorted({key for key in header if header.count(key) > 1}):
            problems.append(Problem(self.name, key, "this column appears twice in the header", 1))
        if problems:
            raise PatientFileError(problems)

    def _csv_records(self) -> Iterator[RawRecord]:
        header = self._header
        reader = csv.reader(io.StringIO(self.text, newline=""), strict=True)
        next(reader)
        for number, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue  # spreadsheet programs leave blank rows at the end
            problems = []
            extra = cells[len(header) :]
            if any(cell.strip() for cell in extra):
                problems.append(f"{len(cells)} cells but the header has {len(header)}")
            # An empty cell means "not given", exactly like a missing key in YAML.
            data = {key: cell for key, cell in zip(header, cells, strict=False) if cell.strip() != ""}
            yield RawRecord(data, self.name, number, "row", tuple(problems))

    # ------------------------------------------------------------ JSON Lines, YAML and JSON lists

    def _json_lines(self) -> Iterator[RawRecord]:
        for number, line in enumerate(self.text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                item = parse_json(line)
            except (json.JSONDecodeError, RecursionError, ValueError) as exc:
                reason = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc) or "nested too deeply"
                yield RawRecord({}, self.name, number, "line", (f"not valid JSON ({reason})",), readable=False)
                continue
            yield _record(item, self.name, number, "line")

    def _list_records(self) -> Iterator[RawRecord]:
        assert self._items is not None
        for number, item in enumerate(self._items, start=1):
            yield _record(item, self.name, number, "record")


def _record(item: object, name: str, number: int, label: str) -> RawRecord:
    if isinstance(item, dict):
        return RawRecord(item, name, number, label)
    return RawRecord({}, name, number, label, ("expected a mapping of field names to values",), readable=False)


def _read_stdin() -> str:
    data = sys.stdin.buffer.read()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PatientFileError(
            [Problem(STDIN_NAME, "", f"not UTF-8 text (byte {exc.start}); save it as UTF-8")]
        ) from None


# A line that itself looks like a whole CSV record: the sign of a missing closing quote.
def _looks_like_rows(cell: str, columns: int) -> bool:
    return columns > 2 and any(line.count(",") >= columns - 1 for line in cell.split("\n")[1:])
