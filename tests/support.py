"""What the tests share: the repository's place, a valid sample record, and helpers that make PDFs or run the CLI.

A plain module (conftest.py holds fixtures only): tests import from here.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from click.testing import CliRunner

from generate import cli
from handout_engine.catalog import handout_languages, load_brand, load_handout
from handout_engine.load import RawRecord
from handout_engine.merge import merge_sheet
from handout_engine.models import DOCUMENT_NAMES
from handout_engine.render import render_document
from handout_engine.validate import validate_patient

ROOT = Path(__file__).resolve().parent.parent
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
DOCUMENTS = DOCUMENT_NAMES


def run(*args, stdin: str | None = None):
    """The command line in this process, as a user types it; a bug raises instead of looking like exit 1."""
    return CliRunner().invoke(cli, [str(arg) for arg in args], input=stdin, catch_exceptions=False)


def make_patient(**overrides):
    """The sample record with some fields changed (None drops a field), validated."""
    data = {**RECORD, **overrides}
    data = {key: value for key, value in data.items() if value is not None}
    return validate_patient(RawRecord(data, "test.csv", 2, "row"), handout_languages(), DOCUMENTS)


def render_pdf(document: str, brand: str = "northbrook", setup=None, **overrides) -> bytes:
    """One document for the sample record with some fields changed."""
    patient = make_patient(**overrides)
    sheet = merge_sheet(load_handout(patient.handout, patient.language), patient, load_brand(brand))
    return render_document(sheet, document, setup).pdf


def csv_text(records: list[dict], bom: bool = False) -> str:
    """Records as a spreadsheet program writes them: CRLF lines, quoted where needed, every key a column."""
    keys = list(dict.fromkeys(key for record in records for key in record))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, keys, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(records)
    return ("\ufeff" if bom else "") + buffer.getvalue()


def patients(count: int, **overrides) -> list[dict]:
    """`count` copies of the sample record, each with its own patient id."""
    return [{**RECORD, "patient_id": f"P-{n:04d}", **overrides} for n in range(1, count + 1)]


# Twelve medicines of every kind (structured: name | dose | when | what for | status; and one plain line): a list
# long enough to run the discharge sheet's medicines table over a page.
TWELVE_MEDICINES = ";".join(
    [
        "Paracetamol | 1 g | up to 4 times a day | pain | new",
        "Ibuprofen | 400 mg | 3 times a day with food | pain | new",
        "Codeine phosphate | 30 mg | up to 4 times a day | bad pain | new",
        "Lansoprazole | 15 mg | each morning | protects your stomach | new",
        "Alendronic acid | 70 mg | once a week | bone strength | carry on",
        "Adcal-D3 | 2 tablets | each day | calcium and vitamin D | carry on",
        "Amlodipine | 5 mg | each morning | blood pressure | carry on",
        "Ramipril | 2.5 mg | each morning | blood pressure | changed",
        "Atorvastatin | 20 mg | each night | cholesterol | carry on",
        "Warfarin | as on your yellow book | each evening | blood thinner | stopped",
        "Senna | 7.5 mg | 2 tablets at night | constipation | new",
        "Lactulose 10 ml twice a day if you need it",
    ]
)
