"""Step 1: files -> plain Python data, each record tagged with where it came from.

Nothing here judges the values; `validate` does. Loading refuses a file it
cannot read at all (missing, unreadable, not UTF-8, not parseable) with a
message naming the file and, where it can, the line. A problem that belongs
to one row (too many cells) travels with that row's record instead.
"""

from __future__ import annotations

import csv
import difflib
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .errors import InputError, PatientFileError, Problem

PATIENT_FORMATS = {".csv": "csv", ".yaml": "yaml", ".yml": "yaml", ".json": "json"}
_KEEP_RESOLVED = {"tag:yaml.org,2002:bool", "tag:yaml.org,2002:null"}


class _TextLoader(yaml.SafeLoader):
    """SafeLoader that keeps plain values as the text that was typed.

    PyYAML would read `patient_id: 00042` as the octal number 34,
    `number: 02077777777` as 285212671, `1.10` as 1.1 and `1950-02-31` as an
    exception. Identifiers and phone numbers must print exactly as typed and a
    bad date deserves a message naming its field, so only yes/no and null are
    resolved; everything else stays a string. Duplicate keys are refused: with
    two `name:` lines the last would silently win.
    """

    def construct_mapping(self, node, deep=False):
        seen: set = set()
        for key_node, _value in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key '{key}' appears twice in one mapping", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


_TextLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag in _KEEP_RESOLVED]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class RawRecord:
    """One record as read, with its place in the file (rows as a spreadsheet counts them)."""

    data: dict[str, Any]
    source: str
    row: int
    row_label: str  # "row" for CSV, "record" for YAML and JSON lists
    problems: tuple[str, ...] = ()  # problems of the row itself, found while reading it


def display_name(path: Path) -> str:
    """The path as a user would recognise it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


def read_text(path: Path, error: type[InputError] = PatientFileError) -> str:
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
    except OSError as exc:
        raise error([Problem(name, "", f"cannot be read ({exc.strerror or exc})")]) from None


def _parse(path: Path, error: type[InputError], kind: str, parse: Callable[[str], Any]) -> Any:
    """Run a parser, turning every way it can fail on bad input into one error naming the file."""
    text = read_text(path, error)
    name = display_name(path)
    try:
        return parse(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark else ""
        reason = getattr(exc, "problem", None) or str(exc)
        message = f"{where}not valid YAML ({reason})"
    except json.JSONDecodeError as exc:
        message = f"line {exc.lineno}: not valid JSON ({exc.msg})"
    except RecursionError:
        message = f"not valid {kind}: nested too deeply"
    except ValueError as exc:  # e.g. a number too long to read, a duplicate JSON key
        message = f"not valid {kind} ({exc})"
    raise error([Problem(name, "", message)])


def load_yaml(path: Path, error: type[InputError] = PatientFileError) -> Any:
    """Parse a YAML file, keeping plain values as text; a syntax error names its line."""
    return _parse(path, error, "YAML", lambda text: yaml.load(text, Loader=_TextLoader))  # noqa: S506 - a SafeLoader


def _refuse_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [key for key, _ in pairs]
    for key in keys:
        if keys.count(key) > 1:
            raise ValueError(f"the key '{key}' appears twice in one record")
    return dict(pairs)


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
        data = _parse(
            path, PatientFileError, "JSON", lambda text: json.loads(text, object_pairs_hook=_refuse_duplicate_keys)
        )
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


# A line that itself looks like a whole CSV record: the sign of a missing closing quote.
def _looks_like_rows(cell: str, columns: int) -> bool:
    return columns > 2 and any(line.count(",") >= columns - 1 for line in cell.split("\n")[1:])


def _load_csv(path: Path, name: str, fields: Sequence[str]) -> list[RawRecord]:
    text = read_text(path)
    # strict mode refuses a quote that is never closed instead of swallowing the rest of the file.
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        rows = list(reader)
    except csv.Error as exc:
        message = f'not valid CSV at line {reader.line_num} ({exc}); is a closing quote (") missing?'
        raise PatientFileError([Problem(name, "", message)]) from None
    if not rows:
        raise PatientFileError([Problem(name, "", "the file is empty; expected a header row of field names")])
    header = [cell.strip() for cell in rows[0]]
    problems = []
    for column, key in enumerate(header, start=1):
        if key not in fields:
            hint = difflib.get_close_matches(key, fields, n=1)
            why = f"did you mean '{hint[0]}'?" if hint else f"expected one of: {', '.join(fields)}"
            problems.append(Problem(name, key or f"column {column}", f"unknown column in the header ({why})", 1))
    for key in sorted({key for key in header if header.count(key) > 1}):
        problems.append(Problem(name, key, "this column appears twice in the header", 1))
    if problems:
        raise PatientFileError(problems)
    records = []
    for number, cells in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue  # spreadsheet programs leave blank rows at the end
        row_problems = []
        if len(cells) > len(header):
            row_problems.append(f"{len(cells)} cells but the header has {len(header)}")
        runaway = [key for key, cell in zip(header, cells, strict=False) if _looks_like_rows(cell, len(header))]
        if runaway:
            row_problems.append(
                f'the {runaway[0]} cell holds what look like more rows: is a closing quote (") missing?'
            )
        # An empty cell means "not given", exactly like a missing key in YAML.
        data = {key: cell for key, cell in zip(header, cells, strict=False) if cell.strip() != ""}
        records.append(RawRecord(data, name, number, "row", tuple(row_problems)))
    return records
