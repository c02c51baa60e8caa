"""Validation at the edge: every bad value is named by file, record and field, with what was expected."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from conftest import RECORD, make_patient
from handout_engine.catalog import read_brand_file, read_handout_file
from handout_engine.errors import BrandError, ContentError, PatientFileError, RecordError
from handout_engine.make import read_patients
from handout_engine.validate import check_nhs_number

ALL = ["leaflet", "consent", "discharge"]


def test_a_valid_record_becomes_a_typed_patient():
    patient = make_patient()
    assert patient.date_of_birth == dt.date(1950, 3, 3)
    assert patient.nhs_number == "9990000042"
    assert patient.levels == ("T12", "L1")  # top of the spine first
    assert patient.medications == ("Paracetamol 1 g up to four times a day", "Alendronic acid 70 mg weekly")


@pytest.mark.parametrize(
    ("number", "valid"),
    [
        ("943 476 5919", True),
        ("9434765919", True),
        ("999 000 0042", True),
        ("943 476 5910", False),
        ("123", False),
        ("94347659191", False),
        ("abcdefghij", False),
    ],
)
def test_nhs_number_check_digit(number, valid):
    assert (check_nhs_number(number) is not None) is valid


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("date_of_birth", "31/02/1950", "expected a date like 1950-03-03 (year-month-day), got '31/02/1950'"),
        ("date_of_birth", "1950-02-31", "expected a date like 1950-03-03 (year-month-day), got '1950-02-31'"),
        ("date_of_birth", "2999-01-01", "is in the future (2999-01-01)"),
        ("nhs_number", "943 476 5910", "expected 10 digits with a valid check digit"),
        ("handout", "knee-replacement", "unknown handout 'knee-replacement'; we have: kyphoplasty"),
        ("language", "xx", "no 'xx' version of kyphoplasty; we have: en"),
        ("levels", "T13;L1", "expected spinal levels like T12;L1, got 'T13'"),
        ("levels", "L1;L1", "a level is listed twice"),
        ("name", "", "required, but missing or empty"),
        ("name", "Ann\nSmith", "must be on one line"),
        ("discharge_date", "2026-11-30", "2026-11-30 is before the procedure_date 2026-12-01"),
    ],
)
def test_each_bad_value_names_its_field(field, value, message):
    with pytest.raises(RecordError) as caught:
        make_patient(**{field: value})
    assert caught.value.fields == [field]
    assert message in str(caught.value)
    assert str(caught.value).startswith("test.csv, row 2 (patient P-0042): ")


def test_every_problem_in_a_record_is_reported_at_once():
    with pytest.raises(RecordError) as caught:
        make_patient(date_of_birth="03/03/1950", nhs_number="1", levels="X1", patient_id=None)
    assert sorted(caught.value.fields) == ["date_of_birth", "levels", "nhs_number", "patient_id"]


def test_a_character_no_font_has_is_an_error_with_its_code_point():
    """Never a black box on paper: the record is refused and the character is named."""
    with pytest.raises(RecordError) as caught:
        make_patient(name="Ivan Петров")
    assert caught.value.fields == ["name"]
    assert "U+041F CYRILLIC CAPITAL LETTER PE" in str(caught.value)


def test_procedure_date_is_required_only_for_consent_and_discharge(tmp_path):
    path = tmp_path / "p.json"
    path.write_text(json.dumps([{**RECORD, "procedure_date": None}]), encoding="utf-8")
    assert read_patients(path, ["leaflet"])[0].procedure_date is None
    with pytest.raises(PatientFileError) as caught:
        read_patients(path, ALL)
    assert "procedure_date: required for the consent and discharge document(s)" in str(caught.value)


def test_unknown_keys_are_errors_not_ignored(tmp_path):
    path = tmp_path / "patients.yaml"
    path.write_text(
        "- patient_id: P-1\n  name: A B\n  date_of_birth: 1950-01-01\n  handout: kyphoplasty\n"
        "  procedure_date: 2026-01-01\n  nhs_no: '9990000042'\n",
        encoding="utf-8",
    )
    with pytest.raises(PatientFileError) as caught:
        read_patients(path, ALL)
    assert str(caught.value) == (
        "patients.yaml, record 1 (patient P-1): nhs_no: unknown field (did you mean 'nhs_number'?)"
    ).replace("patients.yaml", str(path))


def test_csv_with_byte_order_mark_and_unknown_column(tmp_path):
    good = tmp_path / "good.csv"
    header = "patient_id,name,date_of_birth,handout,procedure_date,medications\n"
    good.write_text("\ufeff" + header + "P-1,Åsa Öberg,1950-01-01,kyphoplasty,2026-01-01,A;B\n\n", encoding="utf-8")
    (patient,) = read_patients(good, ALL)
    assert (patient.patient_id, patient.name, patient.medications, patient.row) == ("P-1", "Åsa Öberg", ("A", "B"), 2)

    bad = tmp_path / "bad.csv"
    bad.write_text(
        header.replace("medications", "medication") + "P-1,A,1950-01-01,kyphoplasty,2026-01-01,A\n", encoding="utf-8"
    )
    with pytest.raises(PatientFileError) as caught:
        read_patients(bad, ALL)
    assert caught.value.problems[0].row == 1
    assert "medication: unknown column in the header (did you mean 'medications'?)" in str(caught.value)


def test_duplicate_patient_ids_are_refused(tmp_path):
    path = tmp_path / "p.json"
    path.write_text(json.dumps([RECORD, {**RECORD, "patient_id": "p-0042"}]), encoding="utf-8")
    with pytest.raises(PatientFileError) as caught:
        read_patients(path, ALL)
    assert "record 2 (patient p-0042): patient_id: 'p-0042' is the same patient id as record 1" in str(caught.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [("[1, 2", "not valid JSON"), ('{"a": 1}', "expected a list of patient records"), ("", "not valid JSON")],
)
def test_unreadable_json_is_a_file_error(tmp_path, text, message):
    path = tmp_path / "p.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PatientFileError) as caught:
        read_patients(path, ALL)
    assert message in str(caught.value)


def test_not_utf8_is_a_clear_error(tmp_path):
    path = tmp_path / "p.csv"
    path.write_bytes("patient_id,name\nP-1,Jos\xe9\n".encode("latin-1"))
    with pytest.raises(PatientFileError, match="not UTF-8 text"):
        read_patients(path, ALL)


def _content_with(tmp_path: Path, change) -> Path:
    import yaml

    source = Path("handouts/kyphoplasty/en.yaml")
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    change(data)
    folder = tmp_path / "kyphoplasty"
    folder.mkdir()
    path = folder / "en.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_content_errors_name_the_field_path(tmp_path):
    def spoil(data):
        data["consent"]["risks"][1]["frequency"] = "sometimes"
        data["consent"]["risks"][2]["numbers"] = "quite a few"
        del data["discharge"]["call_emergency"]
        data["leaflet"]["sections"][0]["bodyy"] = []

    with pytest.raises(ContentError) as caught:
        read_handout_file(_content_with(tmp_path, spoil))
    assert caught.value.fields == [
        "leaflet.sections[1].bodyy",
        "consent.risks[2].frequency",
        "consent.risks[3].numbers",
        "discharge.call_emergency",
    ]
    assert "expected one of: very common, common, uncommon, rare, very rare, not known; got 'sometimes'" in str(
        caught.value
    )


def _brand_with(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "clinic.yaml"
    base = Path("assets/brands/northbrook.yaml").read_text(encoding="utf-8")
    path.write_text(base.replace("logo: logos/northbrook.png\n", "") + text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ("logo: missing.png\n", "logo", "file not found: missing.png"),
        ("", "colours.primary", "expected a colour like #1F4E79, got '#12345'"),
        ("", "colours.accent", "on white has contrast 1.2:1; at least 4.5:1 is needed"),
    ],
)
def test_brand_errors_name_the_key(tmp_path, extra, field, message):
    path = _brand_with(tmp_path, extra)
    text = path.read_text(encoding="utf-8")
    if field == "colours.primary":
        text = text.replace('primary: "#154E7A"', 'primary: "#12345"')
    if field == "colours.accent":
        text = text.replace('accent: "#007A6E"', 'accent: "#EEEEEE"')
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BrandError) as caught:
        read_brand_file(path)
    assert caught.value.fields == [field]
    assert message in str(caught.value)
