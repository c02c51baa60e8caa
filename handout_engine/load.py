"""Step 1: files -> plain Python data, each record tagged with where it came from.

Nothing here judges the values; `validate.py` does. Loading only refuses a
file it cannot read at all (missing, not UTF-8, not parseable).
"""

from __future__ import annotations

import csv
import difflib
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .errors import PatientFileError, Problem

PATIENT_FORMATS = {".csv": "csv", ".yaml": "yaml", ".yml": "yaml", ".json": "json"}


class _PlainLoader(yaml.SafeLoader):
    """SafeLoader that leaves dates as text.

    PyYAML turns `1950-02-31` into an exception and `1950-03-03` into a date
    object; validation wants the text, so that a bad date gets a clear message
    naming its field instead of a parser error.
    """


_PlainLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class RawRecord:
    """One record as read, with its place in the file (rows as a spreadsheet counts them)."""

    data: dict[str, Any]
    source: str
    row: int
    row_label: str  # "row" for CSV, "record" for YAML and JSON lists


def display_name(path: Path) -> str:
    """The path as a user would recognise it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def read_text(path: Path, error: type[PatientFileError] | Any = PatientFileError) -> str:
    name = display_name(path)
    try:
        # utf-8-sig drops the byte-order mark that spreadsheet programs write.
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise error([Problem(name, "", "file not found")]) from None
    except IsADirectoryError:
        raise error([Problem(name, "", "expected a file, found a folder")]) from None
    except UnicodeDecodeError as exc:
        raise error([Problem(name, "", f"not UTF-8 text (byte {exc.start}); save it as UTF-8")]) from None


def load_yaml(path: Path, error: type[Exception] = PatientFileError) -> Any:
    """Parse a YAML file with dates left as text; a syntax error names its line."""
    text = read_text(path, error)
    try:
        return yaml.load(text, Loader=_PlainLoader)  # noqa: S506 - _PlainLoader is a SafeLoader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark else ""
        reason = getattr(exc, "problem", None) or str(exc)
        raise error([Problem(display_name(path), "", f"{where}not valid YAML ({reason})")]) from None


def load_patients(path: Path, fields: Sequence[str]) -> list[RawRecord]:
    """Read a patient file (CSV, YAML list or JSON list) into tagged raw records.

    A CSV header naming a column that is not one of `fields` refuses the whole
    file: every row would share the mistake, so it is reported once.
    """
    name = display_name(path)
    kind = PATIENT_FORMATS.get(path.suffix.lower())
    if kind is None:
        raise PatientFileError(
            [Problem(name, "", f"unknown file type '{path.suffix}'; expected .csv, .yaml, .yml or .json")]
        )
    if kind == "csv":
        return _load_csv(path, name, fields)
    if kind == "yaml":
        data = load_yaml(path)
    else:
        text = read_text(path)
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise PatientFileError([Problem(name, "", f"line {exc.lineno}: not valid JSON ({exc.msg})")]) from None
    if not isinstance(data, list):
        raise PatientFileError([Problem(name, "", "expected a list of patient records")])
    records = []
    for number, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            raise PatientFileError(
                [Problem(name, "", "expected a mapping of field names to values", number, None, "record")]
            )
        records.append(RawRecord(item, name, number, "record"))
    return records


def _load_csv(path: Path, name: str, fields: Sequence[str]) -> list[RawRecord]:
    text = read_text(path)
    reader = csv.reader(io.StringIO(text, newline=""))
    rows = list(reader)
    if not rows:
        raise PatientFileError([Problem(name, "", "the file is empty; expected a header row of field names")])
    header = [cell.strip() for cell in rows[0]]
    problems = []
    for column, key in enumerate(header, start=1):
        if key not in fields:
            hint = difflib.get_close_matches(key, fields, n=1)
            why = f"did you mean '{hint[0]}'?" if hint else f"expected one of: {', '.join(fields)}"
            problems.append(Problem(name, key or f"column {column}", f"unknown column in the header ({why})", 1))
    for key in {key for key in header if header.count(key) > 1}:
        problems.append(Problem(name, key, "this column appears twice in the header", 1))
    if problems:
        raise PatientFileError(problems)
    records = []
    for number, cells in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue  # spreadsheet programs leave blank rows at the end
        if len(cells) > len(header):
            raise PatientFileError([Problem(name, "", f"{len(cells)} cells but the header has {len(header)}", number)])
        # An empty cell means "not given", exactly like a missing key in YAML.
        data = {key: cell for key, cell in zip(header, cells, strict=False) if cell.strip() != ""}
        records.append(RawRecord(data, name, number, "row"))
    return records
