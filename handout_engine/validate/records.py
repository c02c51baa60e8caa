"""Whole patient files, and the checks that need more than one record: every record valid, every id unique.

For the `validate` and `render` commands (which refuse a file with any bad
record) and for a batch's parent (which refuses the second of two records
that would write to the same folder).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from ..catalog import brand_names, handout_languages, load_brand
from ..columns import ReadOptions
from ..errors import BrandError, PatientFileError, Problem, RecordError
from ..load import RawRecord
from ..models import DOCUMENT_NAMES, PATIENT_FIELDS, Patient
from ..records import PatientFile
from .patient import validate_patient
from .patient_id import safe_name


def validated_record(
    raw: RawRecord,
    handouts: dict[str, tuple[str, ...]],
    documents: Sequence[str],
    known_documents: Sequence[str],
    brands: Sequence[str] | None,
) -> Patient:
    """validate_patient, and the brand the record names loaded: a fault in that brand's file fails this record only."""
    patient = validate_patient(raw, handouts, documents, known_documents, brands)
    if not patient.brand:
        return patient
    try:
        load_brand(patient.brand)  # once per process
    except BrandError as error:
        first = error.problems[0]
        where = f"{first.source}: {first.field}: " if first.field else f"{first.source}: "
        message = f"brand '{patient.brand}' cannot be used: {where}{first.message}"
        raise RecordError(
            [Problem(patient.source, "brand", message, patient.row, patient.patient_id, patient.row_label)]
        ) from None
    return patient


def read_patients(path: Path, documents: Sequence[str], read: ReadOptions | None = None) -> list[Patient]:
    """Load and validate every record of a file; raise PatientFileError listing every problem in it.

    For checking a whole file up front (the `validate` and `render` commands).
    """
    return check_every_record(
        PatientFile(path, PATIENT_FIELDS, options=read),
        handout_languages(),
        documents,
        DOCUMENT_NAMES,
        tuple(brand_names()),
    )


def check_every_record(
    records: Iterable[RawRecord],
    handouts: dict[str, tuple[str, ...]],
    documents: Sequence[str],
    known_documents: Sequence[str],
    brands: Sequence[str] | None = None,
) -> list[Patient]:
    """Every record valid and every id unique, or PatientFileError listing every problem."""
    patients: list[Patient] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for raw in records:
        try:
            patient = validated_record(raw, handouts, documents, known_documents, brands)
        except RecordError as error:
            problems.extend(error.problems)
            continue
        duplicate = duplicate_problem(seen, patient.patient_id, raw.source, raw.row, raw.row_label)
        if duplicate:
            problems.append(duplicate)
            continue
        patients.append(patient)
    if problems:
        raise PatientFileError(problems)
    return patients


def duplicate_problem(seen: dict[str, int], patient_id: str, source: str, row: int, label: str) -> Problem | None:
    """Two ids that make the same folder name would overwrite each other's PDFs: the second is refused."""
    folder = safe_name(patient_id).lower()  # case too: Windows and macOS folders ignore it
    if folder in seen:
        message = f"'{patient_id}' is the same patient id as {label} {seen[folder]} (ids must be unique, ignoring case)"
        return Problem(source, "patient_id", message, row, patient_id, label)
    seen[folder] = row
    return None
