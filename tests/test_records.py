"""Step 1 on its own: a patient file becomes raw records, each knowing where it came from."""

from __future__ import annotations

import json

from handout_engine.models import PATIENT_FIELDS
from handout_engine.records import PatientFile
from support import RECORD, csv_text


def test_csv_rows_are_numbered_as_a_spreadsheet_shows_them_and_the_bom_is_dropped(tmp_path):
    path = tmp_path / "list.csv"
    path.write_text(csv_text([RECORD, {**RECORD, "patient_id": "P-2"}], bom=True), encoding="utf-8")
    records = list(PatientFile(path, PATIENT_FIELDS))
    assert [(r.row, r.row_label) for r in records] == [(2, "row"), (3, "row")]
    assert records[0].data["patient_id"] == "P-0042", "the byte-order mark is not part of the first column's name"
    assert records[1].data["name"] == RECORD["name"]


def test_json_and_json_lines_records_are_numbered_from_one(tmp_path):
    listed = tmp_path / "list.json"
    listed.write_text(json.dumps([RECORD, RECORD]), encoding="utf-8")
    lines = tmp_path / "list.jsonl"
    lines.write_text("\n".join(json.dumps(r) for r in (RECORD, RECORD)) + "\n", encoding="utf-8")
    assert [(r.row, r.row_label) for r in PatientFile(listed, PATIENT_FIELDS)] == [(1, "record"), (2, "record")]
    assert [r.row for r in PatientFile(lines, PATIENT_FIELDS)] == [1, 2]


def test_a_file_is_read_record_by_record_and_counted_without_holding_it(tmp_path):
    path = tmp_path / "list.csv"
    path.write_text(csv_text([{**RECORD, "patient_id": f"P-{n}"} for n in range(500)]), encoding="utf-8")
    patients = PatientFile(path, PATIENT_FIELDS)
    assert len(patients) == 500
    first = next(iter(patients))
    assert first.data["patient_id"] == "P-0"
    assert first.source.endswith("list.csv")
