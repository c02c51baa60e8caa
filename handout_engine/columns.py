"""Step 1 for tables: which export column holds which record field.

A booking system writes "Patient ID", `PATIENT_ID`, "DOB" or "Date of Birth:";
a clinic's export also carries columns we have no use for (appointment time,
address). `match_header` reads a header row, once and in time linear in its
width, into a `HeaderMap`: the column (or columns, joined) of each field and
the columns it ignores. Names are compared ignoring case, spaces, `-`, `_`,
`.` and a trailing colon, with a small table of common synonyms; a forename
and a surname column are joined into `name`. Anything else is said in a
column map file (`read_column_map`), which also carries the file's date order
and a default handout, and, for FHIR records, which procedure is which handout.

Nothing here judges a value; validation does. A header that cannot be read
one way only (two columns for one field, a required field with no column)
refuses the file, naming the columns that were seen.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import PatientFileError, Problem
from .load import display_name, load_yaml

MAX_COLUMNS = 1000  # a wider "header" is the wrong file (or an attack): refused before any row is read
SHOWN_COLUMNS = 10  # messages name at most this many columns, then "and N more"
SHOWN_LENGTH = 40  # and at most this many characters of each
DATE_ORDERS = ("dmy", "mdy")
REQUIRED = ("patient_id", "name", "date_of_birth", "handout")
JOIN = " "  # joined columns (forename, surname) are separated by one space

# Common names of a field in booking-system exports, normalised (see `normal`).
SYNONYMS = {
    "dob": "date_of_birth",
    "birthdate": "date_of_birth",
    "dateofbirth": "date_of_birth",
    "nhsno": "nhs_number",
    "nhs": "nhs_number",
    "mrn": "patient_id",
    "hospitalnumber": "patient_id",
    "hospitalno": "patient_id",
    "patientnumber": "patient_id",
    "patientno": "patient_id",
    "patientname": "name",
    "fullname": "name",
    "lang": "language",
    "preferredlanguage": "language",
    "consultant": "clinician",
    "surgeon": "clinician",
    "medication": "medications",
    "medicines": "medications",
}
FORENAMES = {"forename", "forenames", "firstname", "givenname", "givennames"}
SURNAMES = {"surname", "lastname", "familyname"}


def normal(name: str) -> str:
    """'Patient ID', 'PATIENT_ID', 'patient-id' and 'Patient ID:' all read 'patientid'."""
    text = name.strip().lower().rstrip(":")
    return re.sub(r"[\s\-_.]+", "", text)


def shown(names: Sequence[str], limit: int = SHOWN_COLUMNS) -> str:
    """A bounded list of column names for a message: never the whole of a 20,000-column header."""
    quoted = [name if len(name) <= SHOWN_LENGTH else name[: SHOWN_LENGTH - 1] + "…" for name in names[:limit]]
    text = ", ".join(quoted)
    return f"{text} and {len(names) - limit} more" if len(names) > limit else text


@dataclass(frozen=True)
class ColumnMap:
    """What a column map file says (all optional): fields' columns, date order, default handout, FHIR codes."""

    columns: tuple[tuple[str, tuple[str, ...]], ...] = ()  # field -> export columns (more than one: joined)
    date_order: str | None = None
    handout: str | None = None
    procedures: tuple[tuple[str, str], ...] = ()  # FHIR Procedure code or display (normalised) -> handout id
    id_system: str | None = None  # FHIR identifier system of the patient id
    source: str = ""


@dataclass(frozen=True)
class HeaderMap:
    """Where each field's value is in a row: one column index, or several joined."""

    fields: tuple[tuple[str, tuple[int, ...]], ...]
    ignored: tuple[str, ...] = ()

    def record(self, cells: Sequence[str]) -> dict[str, str]:
        """One row as field -> text; an empty cell is "not given", like a missing key in YAML."""
        data = {}
        for name, indexes in self.fields:
            parts = [cells[i].strip() for i in indexes if i < len(cells) and cells[i].strip()]
            if parts:
                data[name] = JOIN.join(parts) if len(indexes) > 1 else cells[indexes[0]]
        return data


def match_header(
    header: Sequence[str],
    fields: Sequence[str],
    source: str,
    column_map: ColumnMap | None = None,
    strict: bool = False,
    required: Sequence[str] = REQUIRED,
) -> HeaderMap:
    """Read a header row into a HeaderMap, or refuse the file naming what was seen (PatientFileError)."""
    if len(header) > MAX_COLUMNS:
        message = f"the header has {len(header)} columns; at most {MAX_COLUMNS} are read (is this the right file?)"
        raise PatientFileError([Problem(source, "", message, 1)])
    by_normal = {normal(name): name for name in fields}
    problems = _duplicates(header, source)
    mapped: dict[str, tuple[int, ...]] = {}
    unknown: list[str] = []
    named = dict(column_map.columns) if column_map else {}
    positions = {normal(column): index for index, column in enumerate(header)}
    for name, columns in named.items():
        missing = [column for column in columns if normal(column) not in positions]
        if missing:
            message = (
                f"the column map names '{missing[0]}', which is not in the header; the columns are: {shown(header)}"
            )
            problems.append(Problem(source, name, message, 1))
        else:
            mapped[name] = tuple(positions[normal(column)] for column in columns)
    taken = {index for indexes in mapped.values() for index in indexes}
    forenames, surnames, claims = [], [], {}
    for index, column in enumerate(header):
        key = normal(column)
        if index in taken or not key:
            continue
        name = by_normal.get(key) or SYNONYMS.get(key)
        if name in named:
            name = None  # the column map chose another column for it: this one is extra
        if name:
            claims.setdefault(name, []).append(index)
        elif key in FORENAMES and "name" not in named:
            forenames.append(index)
        elif key in SURNAMES and "name" not in named:
            surnames.append(index)
        else:
            unknown.append(column)
    if forenames or surnames:
        claims.setdefault("name", []).append(tuple(forenames + surnames))
    for name, indexes in claims.items():
        if len(indexes) > 1:
            columns = [header[i] if isinstance(i, int) else "+".join(header[j] for j in i) for i in indexes]
            message = (
                f"columns {' and '.join(repr(c) for c in columns)} are each {name}; "
                "keep one, or say which in a column map (--columns)"
            )
            problems.append(Problem(source, name, message, 1))
        else:
            only = indexes[0]
            mapped[name] = only if isinstance(only, tuple) else (only,)
    for name in required:
        if name not in mapped and not problems:
            hint = difflib.get_close_matches(name, [column[:SHOWN_LENGTH] for column in unknown[:SHOWN_COLUMNS]], n=1)
            message = f"no column for this field (is '{hint[0]}' it?)" if hint else "no column for this field"
            message += f"; the columns are: {shown(header)}"
            if name == "handout":
                message += " (or give every record one handout with --handout)"
            problems.append(Problem(source, name, message, 1))
    if strict and unknown:
        problems.extend(_unknown_problems(unknown, fields, source))
    if problems:
        raise PatientFileError(problems)
    order = {name: i for i, name in enumerate(fields)}
    return HeaderMap(tuple(sorted(mapped.items(), key=lambda item: order.get(item[0], 0))), tuple(unknown))


def _duplicates(header: Sequence[str], source: str) -> list[Problem]:
    counts = Counter(normal(column) for column in header if column.strip())
    twice = [column for column in dict.fromkeys(header) if column.strip() and counts[normal(column)] > 1]
    return [Problem(source, column, "this column appears twice in the header", 1) for column in twice[:SHOWN_COLUMNS]]


def _unknown_problems(unknown: list[str], fields: Sequence[str], source: str) -> list[Problem]:
    """--strict-columns: each unknown column refused (the first few by name, with a likely field)."""
    problems = []
    for column in unknown[:SHOWN_COLUMNS]:
        hint = difflib.get_close_matches(column[:SHOWN_LENGTH], fields, n=1)
        why = f"did you mean '{hint[0]}'?" if hint else f"expected one of: {', '.join(fields)}"
        problems.append(Problem(source, column[:SHOWN_LENGTH] or "(empty)", f"unknown column in the header ({why})", 1))
    if len(unknown) > SHOWN_COLUMNS:
        message = f"and {len(unknown) - SHOWN_COLUMNS} more unknown columns (without --strict-columns they are ignored)"
        problems.append(Problem(source, "", message, 1))
    return problems


def ignored_notice(header_map: HeaderMap) -> str | None:
    """The one notice for extra columns: "ignored columns: appointment_time, address"."""
    return f"ignored columns: {shown(list(header_map.ignored))}" if header_map.ignored else None


# ------------------------------------------------------------ column map files

_MAP_KEYS = ("columns", "date_order", "handout", "procedures", "id_system")


def read_column_map(path: Path | str, fields: Sequence[str]) -> ColumnMap:
    """A column map file (YAML), checked whole: every problem in it is listed, naming its key."""
    path = Path(path)
    name = display_name(path)
    data = load_yaml(path)
    problems: list[Problem] = []

    def refuse(key: str, message: str) -> None:
        problems.append(Problem(name, key, message))

    if not isinstance(data, dict):
        raise PatientFileError([Problem(name, "", "expected a mapping with keys like columns: and date_order:")])
    for key in data:
        if key not in _MAP_KEYS:
            refuse(str(key)[:SHOWN_LENGTH], f"unknown key; expected some of: {', '.join(_MAP_KEYS)}")
    columns = _map_columns(data.get("columns"), fields, refuse)
    order = _optional_text(data, "date_order", refuse)
    if order is not None and order.lower() not in DATE_ORDERS:
        refuse("date_order", f"expected dmy (day first) or mdy (month first), got '{order[:SHOWN_LENGTH]}'")
    procedures = []
    raw_procedures = data.get("procedures") or {}
    if not isinstance(raw_procedures, dict):
        refuse("procedures", "expected a mapping of a procedure's code or name to a handout id")
    else:
        for code, handout in raw_procedures.items():
            if not isinstance(code, str) or not isinstance(handout, str):
                refuse(f"procedures.{str(code)[:SHOWN_LENGTH]}", "expected text: a procedure's code or name: handout")
            else:
                procedures.append((normal(code), handout.strip()))
    handout = _optional_text(data, "handout", refuse)
    id_system = _optional_text(data, "id_system", refuse)
    if problems:
        raise PatientFileError(problems)
    return ColumnMap(columns, order.lower() if order else None, handout, tuple(procedures), id_system, source=name)


def _map_columns(value: Any, fields: Sequence[str], refuse) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if value is None:
        return ()
    if not isinstance(value, dict):
        refuse("columns", "expected a mapping of field name to the export's column (or a list of columns to join)")
        return ()
    columns = []
    for key, given in value.items():
        where = f"columns.{str(key)[:SHOWN_LENGTH]}"
        if key not in fields:
            hint = difflib.get_close_matches(str(key)[:SHOWN_LENGTH], fields, n=1)
            refuse(where, f"not a record field (did you mean '{hint[0]}'?)" if hint else "not a record field")
            continue
        names = [given] if isinstance(given, str) else given
        if not isinstance(names, list) or not names or not all(isinstance(n, str) and n.strip() for n in names):
            refuse(where, "expected the export's column name, or a list of column names to join")
            continue
        columns.append((key, tuple(n.strip() for n in names)))
    return tuple(columns)


def _optional_text(data: dict, key: str, refuse) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        refuse(key, "expected text")
        return None
    return value.strip()


@dataclass(frozen=True)
class ReadOptions:
    """How to read a patient file that is not in our own shape (every option has the plain default)."""

    encoding: str | None = None  # a Python codec name; by default UTF-8 (with or without a byte-order mark)
    date_order: str | None = None  # dmy or mdy: how the file writes 03/04/1950
    strict_columns: bool = False  # refuse columns that are not record fields, as before column matching
    sheet: str | None = None  # the .xlsx sheet; by default the first
    handout: str | None = None  # for every record that names none
    column_map: ColumnMap | None = None
    id_system: str | None = None  # FHIR: the identifier system of the patient id (else the MR identifier)

    @property
    def order(self) -> str | None:
        """The date order: the option, else the column map's."""
        return self.date_order or (self.column_map.date_order if self.column_map else None)

    @property
    def default_handout(self) -> str | None:
        return self.handout or (self.column_map.handout if self.column_map else None)


# The reading options, for each front end to offer: (name, what its value is ("" for a yes/no flag; "a|b" for a
# choice), help). The command line makes them flags (--date-order); README "From your booking system" explains each.
READING_OPTIONS = (
    ("columns", "FILE", "Column map (YAML): which export column is which field; may set date_order and handout."),
    ("date_order", "|".join(DATE_ORDERS), "How 03/04/1950 is read: dmy (day first, UK) or mdy (month first, US)."),
    ("encoding", "CODEC", "Text encoding of a CSV that is not UTF-8 (any Python codec name, e.g. cp1252)."),
    ("sheet", "NAME", "The sheet of an .xlsx workbook to read (default: the first)."),
    ("handout", "NAME", "The handout for every record that names none (a list for one procedure)."),
    ("strict_columns", "", "Refuse columns that are not record fields, instead of ignoring them with a notice."),
    ("id_system", "URI", "FHIR: the identifier system of the patient id (default: the identifier of type MR)."),
)


def read_options(
    columns: Path | str | None = None,
    date_order: str | None = None,
    encoding: str | None = None,
    sheet: str | None = None,
    handout: str | None = None,
    strict_columns: bool = False,
    id_system: str | None = None,
    fields: Sequence[str] = (),
) -> ReadOptions:
    """The command line's and the web page's reading options, the column map file read and checked."""
    from .models import PATIENT_FIELDS

    column_map = read_column_map(columns, fields or PATIENT_FIELDS) if columns else None
    return ReadOptions(encoding, date_order, strict_columns, sheet, handout, column_map, id_system)
