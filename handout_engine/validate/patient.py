"""Patient records: raw record -> Patient, with every problem in the record named by row, patient id and field."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..errors import Problem, RecordError
from ..load import RawRecord
from ..models import DEFAULT_LANGUAGE, DOCUMENT_KINDS, PATIENT_FIELDS, Patient, PatientRisk
from .fields import Fields, kind_of, quoted
from .medicines import MAX_MEDICATIONS, read_medicines
from .patient_id import PATIENT_ID, is_reserved_name, plain_patient_id
from .values import handout_id, language_code, parse_levels

__all__ = ["MAX_MEDICATIONS", "validate_patient"]

LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Z]{2})?$")

NEEDS_PROCEDURE_DATE = frozenset(kind.name for kind in DOCUMENT_KINDS if kind.needs_procedure_date)
MAX_NAME_LENGTH = 100
# Free text is bounded: a pasted report in `notes` would run to hundreds of pages and hold up the batch.
MAX_NOTES_LENGTH = 2000
MAX_PATIENT_RISKS = 10
MAX_RISK_LENGTH = 120  # the risk itself, a few words: "Bleeding"
MAX_RISK_MEANING_LENGTH = 400  # what it means for this patient, a sentence or two
RISK_KEYS = ("risk", "meaning")


def check_nhs_number(text: str) -> str | None:
    """Return the ten digits of a valid NHS number, or None.

    Modulus 11: weight digits 1-9 by 10..2, check = 11 - (sum mod 11);
    11 means 0 and 10 means the number cannot be valid.
    """
    digits = re.sub(r"\s", "", text)
    if not re.fullmatch(r"\d{10}", digits):
        return None
    total = sum(int(d) * (10 - i) for i, d in enumerate(digits[:9]))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return digits if check != 10 and check == int(digits[9]) else None


def requested_documents(raw: RawRecord, default: Sequence[str], known: Sequence[str]) -> tuple[str, ...]:
    """The documents a record asks for, leniently: for reporting a record that failed validation."""
    value = raw.data.get("documents")
    items = value.split(";") if isinstance(value, str) else value if isinstance(value, list) else []
    # Only text items are read: a list item may be a list standing for billions of values (YAML aliases).
    chosen = {item.strip().lower() for item in items if isinstance(item, str) and len(item) <= 40}
    return tuple(doc for doc in known if doc in chosen) or tuple(default)


@dataclass
class _Check:
    """One record's check under way: its fields, and where each problem goes."""

    raw: RawRecord
    problems: list[Problem]
    patient_id: str | None  # for messages, even before the id itself is checked
    fields: Fields = field(init=False)

    def __post_init__(self) -> None:
        self.fields = Fields(self.raw.data, "", self.report, self.raw.date_order)

    def report(self, field: str, message: str) -> None:
        paths = dict(self.raw.field_paths)  # a FHIR record names where each value came from: Patient.birthDate
        base, mark, rest = field.partition("[")
        shown = paths[base] + mark + rest if base in paths else field
        self.problems.append(
            Problem(self.raw.source, shown, message, self.raw.row, self.patient_id, self.raw.row_label)
        )


def validate_patient(
    raw: RawRecord,
    handouts: dict[str, tuple[str, ...]],
    documents: Sequence[str] = (),
    known_documents: Sequence[str] | None = None,
    brands: Sequence[str] | None = None,
) -> Patient:
    """Turn one raw record into a Patient, or raise RecordError listing every problem in it.

    `handouts` maps each known handout id to its languages. `documents` are
    the documents the run makes for a record that does not choose its own with
    a `documents` field; `known_documents` are all the documents there are
    (by default, `documents`). Some documents need a procedure date. A record
    may name its own brand, one of `brands` (not checked when None).
    """
    problems: list[Problem] = []
    check = _Check(raw, problems, plain_patient_id(raw))
    for problem in raw.problems:
        check.report("", problem)
    if not raw.readable:
        raise RecordError(problems)
    check.fields.refuse_unknown(PATIENT_FIELDS)
    values = _identity(check)
    values |= _content(check, handouts)
    values |= _documents(check, documents, known_documents)
    values |= _procedure(check, values["date_of_birth"], values["documents"])
    values |= _care_team(check)
    values |= _patient_risks(check)
    values |= _run_choices(check, brands)
    values |= _notes(check)
    if problems:
        raise RecordError(problems)
    return Patient(**values, source=raw.source, row=raw.row, row_label=raw.row_label)


def _identity(check: _Check) -> dict:
    """Who the patient is: the identifiers printed on every page."""
    f, report = check.fields, check.report
    pid = f.one_line("patient_id", max_length=40)
    if pid and not PATIENT_ID.match(pid):
        report(
            "patient_id",
            f"expected letters, digits, '-', '_' or '.', starting and ending with a letter or digit (like NB-100231), "
            f"got {quoted(pid)}",
        )
    elif pid and is_reserved_name(pid):
        report("patient_id", f"'{pid}' is a device name on Windows and cannot be a folder name")
    name = f.one_line("name", max_length=MAX_NAME_LENGTH)
    born = f.date("date_of_birth")
    if born and born > dt.date.today():
        report("date_of_birth", f"is in the future ({born.isoformat()})")
    nhs = None
    nhs_text = f.one_line("nhs_number", required=False)
    if nhs_text is not None:
        nhs = check_nhs_number(nhs_text)
        if nhs is None:
            expected = "expected 10 digits with a valid check digit, like 943 476 5919"
            report("nhs_number", f"{expected}, got {quoted(nhs_text)}")
    return {"patient_id": pid, "name": name, "date_of_birth": born, "nhs_number": nhs}


def _content(check: _Check, handouts: dict[str, tuple[str, ...]]) -> dict:
    """Which handout, in which language: a language we do not have falls back to English, never silently."""
    f, report = check.fields, check.report
    handout = f.one_line("handout")
    handout = handout_id(handout, handouts) if handout else handout
    language = language_code(f.one_line("language", required=False) or DEFAULT_LANGUAGE)
    requested_language = None
    if handout is not None:
        if handout not in handouts:
            known = ", ".join(sorted(handouts)) or "none"
            report("handout", f"unknown handout '{handout}'; we have: {known}")
        elif not LANGUAGE.match(language):
            report("language", f"expected a language code like 'en', got {quoted(language)}")
        elif language not in handouts[handout]:
            base = language.split("-")[0]
            if base in handouts[handout]:  # es-MX reads the Spanish
                language = base
            else:  # a warning says so on the terminal, in the summary and in the manifest
                requested_language, language = language, handouts[handout][0]
    return {"handout": handout, "language": language, "requested_language": requested_language}


def _documents(check: _Check, documents: Sequence[str], known_documents: Sequence[str] | None) -> dict:
    """The documents this record asks for (always in the usual order), or the run's."""
    known = tuple(known_documents or documents)
    chosen = tuple(documents)
    asked = check.fields.texts("documents", required=False, split=check.raw.list_separator)
    if asked:
        names = [item.strip().lower() for item in asked]
        unknown = [name for name in names if name not in known]
        if unknown:
            check.report("documents", f"unknown document '{unknown[0]}'; expected some of: {', '.join(known)}")
        elif len(set(names)) != len(names):
            check.report("documents", "a document is listed twice")
        else:
            chosen = tuple(doc for doc in known if doc in names)
    return {"documents": chosen}


def _procedure(check: _Check, born: dt.date | None, chosen: Sequence[str]) -> dict:
    """The procedure's dates and levels, each date after the one it follows."""
    f, report = check.fields, check.report
    procedure_date = f.date("procedure_date", required=False)
    needing = sorted(set(chosen) & NEEDS_PROCEDURE_DATE)
    given = check.raw.data.get("procedure_date")
    if procedure_date is None and (given is None or given == "") and needing:
        report("procedure_date", f"required for the {' and '.join(needing)} document(s)")
    levels = _levels(check)
    discharge_date = f.date("discharge_date", required=False)
    follow_up_date = f.date("follow_up_date", required=False)
    if procedure_date and born and procedure_date < born:
        report("procedure_date", f"{procedure_date.isoformat()} is before the date_of_birth {born.isoformat()}")
    if procedure_date:
        for key, value in (("discharge_date", discharge_date), ("follow_up_date", follow_up_date)):
            if value and value < procedure_date:
                report(key, f"{value.isoformat()} is before the procedure_date {procedure_date.isoformat()}")
    return {
        "procedure_date": procedure_date,
        "levels": levels,
        "discharge_date": discharge_date,
        "follow_up_date": follow_up_date,
    }


def _levels(check: _Check) -> tuple[str, ...]:
    """Spinal levels, from the neck down, each once ("T12;L1", "T12, L1", "T11-L1": see values.py)."""
    items = check.fields.texts("levels", required=False)
    if not items:
        return ()
    levels, problem = parse_levels(items)
    if problem:
        check.report("levels", problem)
    return levels


def _care_team(check: _Check) -> dict:
    """Free text from the care team, each bounded so that one record cannot run to hundreds of pages."""
    f, report = check.fields, check.report
    team = {
        "clinician": f.one_line("clinician", required=False, max_length=80),
        "ward": f.one_line("ward", required=False, max_length=80),
        "follow_up_with": f.one_line("follow_up_with", required=False, max_length=120),
    }
    medications, no_new_medicines = read_medicines(check.raw.data, report, check.raw.list_separator)
    return {**team, "medications": medications, "no_new_medicines": no_new_medicines}


def _notes(check: _Check) -> dict:
    """The care team's notes for the patient: about a page at most."""
    notes = check.fields.text("notes", required=False)
    if notes and len(notes) > MAX_NOTES_LENGTH:
        check.report("notes", f"is {len(notes)} characters; at most {MAX_NOTES_LENGTH} (about a page) are printed")
    return {"notes": notes}


def _patient_risks(check: _Check) -> dict:
    """The risks that matter to this patient, each with what it means for them.

    In a CSV cell (or the nurses' box), `risk: what it means`, items separated
    by the file's list separator (';', or '|' when ';' separates the columns)
    or line breaks; in YAML or JSON, a list of such strings or of mappings with
    `risk` and `meaning`. Both parts are required: a risk with no meaning for
    the patient is not what the form asks for.
    """
    value = check.raw.data.get("risks")
    if value is None or value == "" or value == []:
        return {"risks": ()}
    if isinstance(value, str):
        separator = re.escape(check.raw.list_separator)
        value = [part for part in re.split(rf"{separator}|\r?\n", value) if part.strip()]
    if not isinstance(value, list):
        check.report(
            "risks", f"expected a list of risks, each 'risk: what it means for this patient', got {kind_of(value)}"
        )
        return {"risks": ()}
    if len(value) > MAX_PATIENT_RISKS:
        check.report("risks", f"{len(value)} risks; at most {MAX_PATIENT_RISKS} (the consent form lists each in full)")
        return {"risks": ()}
    risks = []
    for number, item in enumerate(value, start=1):
        where = f"risks[{number}]"
        if isinstance(item, str):
            risk, colon, meaning = item.partition(":")
            if not colon or not risk.strip() or not meaning.strip():
                shown = item.strip()[:60] + ("…" if len(item.strip()) > 60 else "")
                check.report(where, f"expected 'the risk: what it means for this patient', got '{shown}'")
                continue
            item = {"risk": risk, "meaning": meaning}
        fields = Fields(item, where, check.report)
        fields.refuse_unknown(RISK_KEYS)
        risk = fields.one_line("risk", max_length=MAX_RISK_LENGTH)
        meaning = fields.text("meaning")
        if meaning and len(meaning) > MAX_RISK_MEANING_LENGTH:
            check.report(f"{where}.meaning", f"is {len(meaning)} characters; at most {MAX_RISK_MEANING_LENGTH}")
        elif risk and meaning:
            risks.append(PatientRisk(risk, meaning))
    return {"risks": tuple(risks)}


def _run_choices(check: _Check, brands: Sequence[str] | None) -> dict:
    """What this record chooses for itself instead of the run's settings: its clinic's brand, large print."""
    brand = check.fields.one_line("brand", required=False)
    if brand is not None and brands is not None and brand not in brands:
        check.report("brand", f"no brand named '{brand}'; we have: {', '.join(brands) or 'none'}")
    return {"brand": brand, "large_print": check.fields.yes_no("large_print")}
