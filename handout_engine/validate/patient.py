"""Patient records: raw record -> Patient, with every problem in the record named by row, patient id and field."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from ..errors import Problem, RecordError
from ..load import RawRecord
from ..models import DOCUMENT_KINDS, PATIENT_FIELDS, Patient
from ..write import is_reserved_name
from .fields import Fields, quoted

# What a booking system's id looks like, and all a folder name may hold: the id
# is the folder name, so it can never lead outside the output folder.
PATIENT_ID = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$")
LEVEL = re.compile(r"^(C[1-7]|T(1[0-2]|[1-9])|L[1-5])$")
LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Z]{2})?$")
_SPINE_ORDER = {
    level: index
    for index, level in enumerate(
        [f"C{n}" for n in range(1, 8)] + [f"T{n}" for n in range(1, 13)] + [f"L{n}" for n in range(1, 6)]
    )
}

NEEDS_PROCEDURE_DATE = frozenset(kind.name for kind in DOCUMENT_KINDS if kind.needs_procedure_date)
MAX_NAME_LENGTH = 100
# Free text is bounded: a pasted report in `notes` would run to hundreds of pages and hold up the batch.
MAX_NOTES_LENGTH = 2000
MAX_MEDICATIONS = 30
MAX_MEDICATION_LENGTH = 200


def _language_code(text: str) -> str:
    """'ES', 'es_mx' and 'es-MX' as the codes are written: 'es', 'es-MX'."""
    base, _, region = text.replace("_", "-").partition("-")
    return f"{base.lower()}-{region.upper()}" if region else base.lower()


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


def plain_patient_id(raw: RawRecord) -> str | None:
    """The record's patient id for messages, before validation, but only when it is a plain short value."""
    value = raw.data.get("patient_id")
    if isinstance(value, (str, int)) and not isinstance(value, bool) and len(str(value)) <= 40:
        return str(value).strip() or None
    return None


def requested_documents(raw: RawRecord, default: Sequence[str], known: Sequence[str]) -> tuple[str, ...]:
    """The documents a record asks for, leniently: for reporting a record that failed validation."""
    value = raw.data.get("documents")
    items = value.split(";") if isinstance(value, str) else value if isinstance(value, list) else []
    # Only text items are read: a list item may be a list standing for billions of values (YAML aliases).
    chosen = {item.strip().lower() for item in items if isinstance(item, str) and len(item) <= 40}
    return tuple(doc for doc in known if doc in chosen) or tuple(default)


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
    data = raw.data
    patient_id = plain_patient_id(raw)  # messages name the patient even before validation

    def report(field: str, message: str) -> None:
        problems.append(Problem(raw.source, field, message, raw.row, patient_id, raw.row_label))

    for problem in raw.problems:
        report("", problem)
    if not raw.readable:
        raise RecordError(problems)
    f = Fields(data, "", report)
    f.refuse_unknown(PATIENT_FIELDS)
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
            report(
                "nhs_number", f"expected 10 digits with a valid check digit, like 943 476 5919, got {quoted(nhs_text)}"
            )

    handout = f.one_line("handout")
    language = _language_code(f.one_line("language", required=False) or "en")
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
            else:  # never silently: a warning says so on the terminal, in the summary and in the manifest
                requested_language, language = language, handouts[handout][0]

    known = tuple(known_documents or documents)
    chosen = tuple(documents)
    asked = f.texts("documents", required=False, split=";")
    if asked:
        names = [item.strip().lower() for item in asked]
        unknown = [name for name in names if name not in known]
        if unknown:
            report("documents", f"unknown document '{unknown[0]}'; expected some of: {', '.join(known)}")
        elif len(set(names)) != len(names):
            report("documents", "a document is listed twice")
        else:
            chosen = tuple(doc for doc in known if doc in names)  # always in the usual order

    procedure_date = f.date("procedure_date", required=False)
    needing = sorted(set(chosen) & NEEDS_PROCEDURE_DATE)
    given = data.get("procedure_date")
    if procedure_date is None and (given is None or given == "") and needing:
        report("procedure_date", f"required for the {' and '.join(needing)} document(s)")

    levels: tuple[str, ...] = ()
    level_items = f.texts("levels", required=False, split=";")
    if level_items:
        cleaned = [item.strip().upper() for item in level_items]
        bad = [item for item in cleaned if not LEVEL.match(item)]
        if bad:
            report("levels", f"expected spinal levels like T12;L1, got {quoted(';'.join(bad))}")
        elif len(set(cleaned)) != len(cleaned):
            report("levels", "a level is listed twice")
        else:
            levels = tuple(sorted(cleaned, key=_SPINE_ORDER.__getitem__))

    discharge_date = f.date("discharge_date", required=False)
    follow_up_date = f.date("follow_up_date", required=False)
    if procedure_date and born and procedure_date < born:
        report("procedure_date", f"{procedure_date.isoformat()} is before the date_of_birth {born.isoformat()}")
    if procedure_date:
        for key, value in (("discharge_date", discharge_date), ("follow_up_date", follow_up_date)):
            if value and value < procedure_date:
                report(key, f"{value.isoformat()} is before the procedure_date {procedure_date.isoformat()}")

    clinician = f.one_line("clinician", required=False, max_length=80)
    ward = f.one_line("ward", required=False, max_length=80)
    follow_up_with = f.one_line("follow_up_with", required=False, max_length=120)
    medications = f.texts("medications", required=False, split=";")
    if len(medications) > MAX_MEDICATIONS:
        report("medications", f"{len(medications)} items; at most {MAX_MEDICATIONS} fit on a discharge sheet")
    else:
        for number, item in enumerate(medications, start=1):
            if len(item) > MAX_MEDICATION_LENGTH:
                report(f"medications[{number}]", f"is {len(item)} characters; at most {MAX_MEDICATION_LENGTH} fit")
    brand = f.one_line("brand", required=False)
    if brand is not None and brands is not None and brand not in brands:
        report("brand", f"no brand named '{brand}'; we have: {', '.join(brands) or 'none'}")
    large_print = f.yes_no("large_print")
    notes = f.text("notes", required=False)
    if notes and len(notes) > MAX_NOTES_LENGTH:
        report("notes", f"is {len(notes)} characters; at most {MAX_NOTES_LENGTH} (about a page) are printed")
    if problems:
        raise RecordError(problems)
    return Patient(
        patient_id=pid,
        name=name,
        date_of_birth=born,
        handout=handout,
        language=language,
        nhs_number=nhs,
        procedure_date=procedure_date,
        levels=levels,
        clinician=clinician,
        ward=ward,
        discharge_date=discharge_date,
        follow_up_date=follow_up_date,
        follow_up_with=follow_up_with,
        medications=medications,
        notes=notes,
        documents=chosen,
        requested_language=requested_language,
        brand=brand,
        large_print=large_print,
        source=raw.source,
        row=raw.row,
        row_label=raw.row_label,
    )
