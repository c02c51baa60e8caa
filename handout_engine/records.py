"""Step 1 for patient files: a clinic's export -> raw records, one at a time.

A patient file is a table (CSV separated by commas, semicolons or tabs, or an
Excel .xlsx sheet) whose header names the fields as a booking system writes
them (see columns.py), a YAML or JSON list of records or a single record,
JSON Lines, or FHIR R4 Bundles from an EHR (one patient each; see fhir.py).
The format follows the file's extension and, for JSON, its content; `-`
reads standard input. `PatientFile` checks the file's shape when it is
opened, so a file that cannot be read at all (a quote never closed, no
column for a required field, text in an encoding it is not) refuses the run
before anything is written, and it knows how many records there are, for
the progress bar. Records are then handed out lazily: tables and JSON Lines
are never held as a list of records.

A problem with one record (a row with too many cells, a JSON line that does
not parse, a Bundle with no Patient) travels with that record, so a batch
reports it and goes on with the others.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from . import fhir
from .columns import REQUIRED, HeaderMap, ReadOptions, ignored_notice, match_header, normal
from .errors import PatientFileError, Problem
from .load import RawRecord, display_name, parse_json, parse_text, parse_yaml
from .xlsx import sheet_rows

FORMATS = ("csv", "xlsx", "yaml", "json", "jsonl", "fhir")
EXTENSIONS = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".xlsx": "xlsx",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
STDIN = "-"
STDIN_NAME = "<stdin>"
SEPARATOR_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}
EXCEL_FIX = "in Excel use Save As → CSV UTF-8"


def format_of(path: Path | str, text: str | None = None) -> str | None:
    """The format a patient file is in: by extension; for standard input, by its first character."""
    if str(path) == STDIN:
        start = (text or "").lstrip()[:1]
        # "{": one JSON record or Bundle, or JSON Lines; "fhir" reads either.
        return {"[": "json", "{": "fhir", "-": "yaml"}.get(start, "csv")
    return EXTENSIONS.get(Path(path).suffix.lower())


class PatientFile:
    """An opened, shape-checked patient file: `len()` records, iterated as RawRecords in file order.

    `notices` are things the user should know that refuse nothing (the columns ignored);
    `read_as` says how the file was read ("semicolon-separated CSV").
    """

    def __init__(
        self,
        path: Path | str,
        fields: Sequence[str],
        file_format: str | None = None,
        options: ReadOptions | None = None,
    ):
        self.fields = tuple(fields)
        self.options = options or ReadOptions()
        self.notices: list[str] = []
        self.separator = ","
        self.path = Path(path)
        if str(path) == STDIN:
            self.name = STDIN_NAME
            data = sys.stdin.buffer.read()
        else:
            self.name = display_name(self.path)
            if (file_format or format_of(path)) is None:
                known = ", ".join(EXTENSIONS)
                message = f"unknown file type '{self.path.suffix}'; expected {known}"
                raise PatientFileError([Problem(self.name, "", message)])
            data = b"" if (file_format or format_of(path)) == "xlsx" else _read_bytes(self.path, self.name)
        self.text = "" if not data else decode(data, self.name, self.options.encoding)
        self.format = file_format or format_of(path, self.text)
        self._items: list | None = None  # YAML and JSON lists are parsed whole
        self._map: HeaderMap | None = None
        self._peeking = False  # named_content: FHIR Bundles peeked at, not parsed
        if self.format in ("csv", "xlsx"):
            self._count = self._check_table()
        elif self.format == "jsonl" or (self.format == "fhir" and not self._whole_json()):
            self.format = "jsonl"
            self._count = sum(1 for line in self.text.splitlines() if line.strip())
        else:
            parse = parse_yaml if self.format == "yaml" else parse_json
            kind = "YAML" if self.format == "yaml" else "JSON"
            data = parse_text(self.text, self.name, PatientFileError, kind, parse)
            if isinstance(data, dict):
                data = [data]  # one record: a single patient, or one FHIR Bundle
            if not isinstance(data, list):
                raise PatientFileError([Problem(self.name, "", "expected a list of patient records, or one record")])
            self._items = data
            self._count = len(data)
        if self._count == 0:
            raise PatientFileError([Problem(self.name, "", "no patient records found")])

    @property
    def read_as(self) -> str:
        if self.format == "csv":
            return f"{SEPARATOR_NAMES[self.separator]}-separated CSV"
        return {"xlsx": "Excel workbook", "jsonl": "JSON Lines", "yaml": "YAML"}.get(self.format, "JSON")

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[RawRecord]:
        if self.format in ("csv", "xlsx"):
            return self._table_records()
        if self.format == "jsonl":
            return self._json_lines()
        return self._list_records()

    def named_content(self) -> Iterator[tuple[object, object]]:
        """Each record's handout and language as given, for the run's look at the content it will use.

        The same records as iterating, but a FHIR Bundle is only peeked at (fhir.peek), not parsed.
        """
        self._peeking = True
        try:
            for raw in self:
                yield raw.data.get("handout"), raw.data.get("language")
        finally:
            self._peeking = False

    def _whole_json(self) -> bool:
        return self.text.lstrip()[:1] == "[" or self.text.strip().count("\n") == 0 or _parses(self.text)

    # ------------------------------------------------------------ tables: CSV and .xlsx

    def _rows(self) -> Iterator[tuple[int, list[str]]]:
        """(row number as a spreadsheet counts it, cells), header first."""
        if self.format == "xlsx":
            return sheet_rows(self.path, self.name, self.options.sheet)
        # strict mode refuses a quote that is never closed instead of swallowing the rest of the file.
        self._reader = csv.reader(io.StringIO(self.text, newline=""), delimiter=self.separator, strict=True)
        return enumerate(self._reader, start=1)

    def _check_table(self) -> int:
        """Read the whole table once for its shape (header, quoting); count the records, keep none."""
        if self.format == "csv":
            self.separator = sniff_separator(self.text)
        rows = self._rows()
        try:
            first = next(rows, None)
            if first is None:
                raise PatientFileError(
                    [Problem(self.name, "", "the file is empty; expected a header row of column names")]
                )
            header = [cell.strip() for cell in first[1]]
            # Spreadsheet programs add empty columns at the right: they are not fields.
            while header and not header[-1]:
                header.pop()
            self._map = self._match(header)
            notice = ignored_notice(self._map)
            if notice:
                self.notices.append(notice)
            count = 0
            for number, cells in rows:
                if not any(cell.strip() for cell in cells):
                    continue
                count += 1
                self._check_runaway(header, number, cells)
        except csv.Error as exc:
            line = self._reader.line_num
            if "field larger than field limit" in str(exc):
                message = f"a cell near line {line} is longer than {csv.field_size_limit()} characters"
            else:
                message = f'not valid CSV at line {line} ({exc}); is a closing quote (") missing?'
            raise PatientFileError([Problem(self.name, "", message)]) from None
        finally:
            close = getattr(rows, "close", None)
            if close:
                close()
        self._width = len(header)
        return count

    def _match(self, header: list[str]) -> HeaderMap:
        options = self.options
        required = [name for name in REQUIRED if not (name == "handout" and options.default_handout)]
        if len(header) == 1 and self.format == "csv" and any(mark in header[0] for mark in ";\t|"):
            required = []  # a separator we do not read: say so below rather than "no column"
        header_map = match_header(header, self.fields, self.name, options.column_map, options.strict_columns, required)
        if not header_map.fields:
            message = f"no column is a record field; the columns are: {header[0][:80]!r}"
            raise PatientFileError([Problem(self.name, "", message, 1)])
        return header_map

    def _check_runaway(self, header: list[str], number: int, cells: list[str]) -> None:
        runaway = [k for k, c in zip(header, cells, strict=False) if _looks_like_rows(c, len(header), self.separator)]
        if runaway:
            # A quote opened in one cell and closed rows later has swallowed whole patients:
            # refusing the file is the only way none of them goes missing unnoticed.
            message = (
                f'the {runaway[0]} cell of row {number} holds what look like more rows: is a closing quote (") missing?'
            )
            raise PatientFileError([Problem(self.name, runaway[0], message, number)])

    def _table_records(self) -> Iterator[RawRecord]:
        assert self._map is not None
        rows = self._rows()
        next(rows)
        separator = "|" if self.separator == ";" else ";"
        try:
            for number, cells in rows:
                if not any(cell.strip() for cell in cells):
                    continue  # spreadsheet programs leave blank rows at the end
                problems = []
                if any(cell.strip() for cell in cells[self._width :]):
                    problems.append(f"{len(cells)} cells but the header has {self._width}")
                data = self._with_handout(self._map.record(cells))
                yield RawRecord(data, self.name, number, "row", tuple(problems), True, self.options.order, separator)
        finally:
            close = getattr(rows, "close", None)
            if close:
                close()

    def _with_handout(self, data: dict) -> dict:
        """The handout the column map gives a procedure code ("KYPHO"), or the run's for a record naming none."""
        given = data.get("handout")
        procedures = dict(self.options.column_map.procedures) if self.options.column_map else {}
        if isinstance(given, str) and normal(given) in procedures:
            data["handout"] = procedures[normal(given)]
        default = self.options.default_handout
        if default and given in (None, ""):
            data["handout"] = default
        return data

    # ------------------------------------------------------------ JSON Lines, YAML and JSON lists, FHIR

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
            yield self._record(item, number, "line")

    def _list_records(self) -> Iterator[RawRecord]:
        assert self._items is not None
        fhir_file = len(self._items) == 1 and fhir.is_resource(self._items[0])
        for number, item in enumerate(self._items, start=1):
            yield self._record(item, number, "bundle" if fhir_file or fhir.is_resource(item) else "record")

    def _record(self, item: object, number: int, label: str) -> RawRecord:
        order = self.options.order
        if fhir.is_resource(item) and self._peeking:
            return RawRecord(self._with_handout(fhir.peek(item, self.options)), self.name, number, label)
        if fhir.is_resource(item):
            data, problems, paths = fhir.bundle_record(item, self.options)
            readable = not problems  # a Bundle that cannot be read may still name its patient, for messages
            return RawRecord(self._with_handout(data), self.name, number, label, problems, readable, order, ";", paths)
        if isinstance(item, dict):
            return RawRecord(self._with_handout(dict(item)), self.name, number, label, date_order=order)
        return RawRecord({}, self.name, number, label, ("expected a mapping of field names to values",), False)


def _read_bytes(path: Path, name: str) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise PatientFileError([Problem(name, "", "file not found")]) from None
    except IsADirectoryError:
        raise PatientFileError([Problem(name, "", "expected a file, found a folder")]) from None
    except OSError as exc:
        raise PatientFileError([Problem(name, "", f"cannot be read ({exc.strerror or exc})")]) from None


def decode(data: bytes, name: str, encoding: str | None = None) -> str:
    """The file's text: UTF-8 (a byte-order mark dropped), or `encoding`; otherwise refused at the word."""
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            message = f"unknown encoding '{encoding[:40]}'; give a Python codec name such as cp1252, latin-1 or utf-16"
            raise PatientFileError([Problem(name, "--encoding", message)]) from None
    try:
        return data.decode(encoding or "utf-8-sig").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise PatientFileError([_undecodable(data, exc, name, encoding or "UTF-8")]) from None


def _undecodable(data: bytes, exc: UnicodeDecodeError, name: str, encoding: str) -> Problem:
    """Where the text stops being `encoding`: its row, its field and the word, as a person finds it."""
    fix = f"{EXCEL_FIX}, or pass --encoding cp1252" if encoding == "UTF-8" else "check --encoding"
    line = data[: exc.start].count(b"\n") + 1
    text = data.decode(exc.encoding, errors="replace")
    row_text = text.splitlines()[line - 1] if line <= len(text.splitlines()) else ""
    header = next(csv.reader([text.split("\n", 1)[0]], delimiter=sniff_separator(text)), [])
    cells = next(csv.reader([row_text], delimiter=sniff_separator(text)), [])
    index, cell = next(((i, cell) for i, cell in enumerate(cells) if "\ufffd" in cell), (-1, row_text))
    field = header[index].strip() if 0 <= index < len(header) else ""
    word = next((w for w in cell.split() if "\ufffd" in w), "")[:40].replace("\ufffd", "?")
    where = f"row {line}, {field[:40]}: " if field and line > 1 else f"line {line}: "
    message = f"{where}'{word}' is not {encoding} text (byte {exc.start}) — {fix}"
    return Problem(name, "", message)


def sniff_separator(text: str) -> str:
    """Comma, semicolon or tab, whichever the header line holds most of (a comma when it holds none)."""
    first = text[:100_000].split("\n", 1)[0]
    counts = {separator: first.count(separator) for separator in (",", ";", "\t")}
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] > counts[","] else ","


def _parses(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


# A line that itself looks like a whole CSV record: the sign of a missing closing quote.
def _looks_like_rows(cell: str, columns: int, separator: str = ",") -> bool:
    return columns > 2 and any(line.count(separator) >= columns - 1 for line in cell.split("\n")[1:])
