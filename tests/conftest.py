"""Shared fixtures: a valid sample record, and a `render` that turns overrides of it into PDF bytes."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # generate.py lives at the top, beside the packages
sys.path.insert(0, str(Path(__file__).resolve().parent))

from handout_engine.catalog import handout_languages, load_brand, load_handout  # noqa: E402
from handout_engine.load import RawRecord  # noqa: E402
from handout_engine.merge import merge_sheet  # noqa: E402
from handout_engine.render import render_document  # noqa: E402
from handout_engine.validate import validate_patient  # noqa: E402

NAME = "Zoë O'Brien-Łukasz"
RECORD = {
    "patient_id": "P-0042",
    "name": NAME,
    "date_of_birth": "1950-03-03",
    "nhs_number": "999 000 0042",
    "handout": "kyphoplasty",
    "language": "en",
    "procedure_date": "2026-12-01",
    "levels": "L1;T12",
    "clinician": "Dr Priya Raman",
    "ward": "Ward 7",
    "discharge_date": "2026-12-01",
    "follow_up_date": "2026-12-14",
    "follow_up_with": "Spinal nurse clinic",
    "medications": "Paracetamol 1 g up to four times a day;Alendronic acid 70 mg weekly",
    "notes": "Stayed one night.",
}
DOCUMENTS = ("leaflet", "consent", "discharge")


@pytest.fixture(autouse=True)
def _run_from_repo_root(monkeypatch):
    """Messages show paths relative to the working folder; tests run from the repository root."""
    monkeypatch.chdir(ROOT)


def make_patient(**overrides):
    data = {**RECORD, **overrides}
    data = {key: value for key, value in data.items() if value is not None}
    return validate_patient(RawRecord(data, "test.csv", 2, "row"), handout_languages(), DOCUMENTS)


def render_pdf(document: str, **overrides) -> bytes:
    patient = make_patient(**overrides)
    sheet = merge_sheet(load_handout(patient.handout, patient.language), patient, load_brand("northbrook"))
    return render_document(sheet, document).pdf


@pytest.fixture
def render():
    return render_pdf


@pytest.fixture(scope="session")
def sample_pdfs() -> dict[str, bytes]:
    """Each document once for the standard record, shared by the read-only tests."""
    return {document: render_pdf(document) for document in DOCUMENTS}
