"""The whole walk for a patient file: load, validate, merge, render, write.

`make_documents` validates every record and every file it needs before it
writes anything, so a mistake in the input refuses the run (InputError, exit 2)
with every problem listed. A document that then fails to render is reported
and the rest are still made (exit 1).

`render_patient` is the per-record work: record in, PDF bytes out, no files
touched, so a pool of worker processes (or a cluster) can run it.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .catalog import handout_languages, load_brand, load_handout
from .errors import InputError, PatientFileError, Problem, RecordError
from .load import load_patients
from .merge import merge_sheet
from .models import Patient
from .render import Rendered, render_document
from .validate import PATIENT_FIELDS, validate_patient
from .write import check_output_folder, safe_name, write_atomically


@dataclass(frozen=True)
class Made:
    patient_id: str
    document: str
    path: Path
    pages: int


@dataclass
class Report:
    """What a run made and what failed, for the closing summary and the exit code."""

    made: list[Made] = field(default_factory=list)
    failures: list[Problem] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        patients = len({m.patient_id for m in self.made})
        pages = sum(m.pages for m in self.made)
        text = f"Made {len(self.made)} document(s), {pages} page(s), for {patients} patient(s) in {self.seconds:.1f} s."
        if self.failures:
            text += f" {len(self.failures)} document(s) failed."
        return text


def read_patients(path: Path, documents: Sequence[str]) -> list[Patient]:
    """Load and validate every record; raise PatientFileError listing every problem in the file."""
    records = load_patients(path, PATIENT_FIELDS)
    known = handout_languages()
    patients: list[Patient] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for raw in records:
        try:
            patient = validate_patient(raw, known, documents)
        except RecordError as error:
            problems.extend(error.problems)
            continue
        folder = safe_name(patient.patient_id).lower()
        if folder in seen:
            problems.append(
                Problem(
                    raw.source,
                    "patient_id",
                    f"'{patient.patient_id}' is the same patient id as {raw.row_label} {seen[folder]} "
                    "(ids must be unique, ignoring case and punctuation)",
                    raw.row,
                    patient.patient_id,
                    raw.row_label,
                )
            )
            continue
        seen[folder] = raw.row
        patients.append(patient)
    if not records:
        problems.append(Problem(str(path), "", "no patient records found"))
    if problems:
        raise PatientFileError(problems)
    return patients


def render_patient(patient: Patient, documents: Sequence[str], brand_id: str) -> list[Rendered]:
    """Per-record work, pure: one patient's documents as PDF bytes."""
    handout = load_handout(patient.handout, patient.language)
    sheet = merge_sheet(handout, patient, load_brand(brand_id))
    return [render_document(sheet, document) for document in documents]


def output_path(out: Path, patient: Patient, document: str) -> Path:
    """out/<patient id, made safe>/<document>.pdf: no name or date of birth in file names."""
    return out / safe_name(patient.patient_id) / f"{document}.pdf"


def make_documents(patients_file: Path, out: Path, documents: Sequence[str], brand_id: str) -> Report:
    started = time.perf_counter()
    load_brand(brand_id)  # a bad brand refuses the run before anything is written
    patients = read_patients(patients_file, documents)
    for handout, language in sorted({(p.handout, p.language) for p in patients}):
        load_handout(handout, language)  # likewise a bad content file
    problem = check_output_folder(out)
    if problem:
        raise InputError([Problem(str(out), "--out", problem)])
    report = Report()
    for patient in patients:
        for document in documents:
            path = output_path(out, patient, document)
            try:
                (rendered,) = render_patient(patient, [document], brand_id)
                write_atomically(path, rendered.pdf)
            except Exception as error:  # one document's failure (layout, disk) must not stop the others
                problem = f"could not be made ({type(error).__name__}: {error})"
                report.failures.append(
                    Problem(patient.source, document, problem, patient.row, patient.patient_id, patient.row_label)
                )
                continue
            report.made.append(Made(patient.patient_id, document, path, rendered.pages))
    report.seconds = time.perf_counter() - started
    return report
