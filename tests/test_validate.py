"""Validation at the edge: every bad value is named by file, record and field, with what was expected."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from handout_engine.catalog import read_brand_file, read_handout_file
from handout_engine.columns import ReadOptions
from handout_engine.errors import BrandError, ContentError, PatientFileError, RecordError
from handout_engine.models import PATIENT_FIELDS
from handout_engine.records import PatientFile
from handout_engine.validate import check_nhs_number
from handout_engine.validate.records import read_patients
from support import RECORD, make_patient

ALL = ["leaflet", "consent", "discharge"]


def test_a_valid_record_becomes_a_typed_patient():
    patient = make_patient()
    assert patient.date_of_birth == dt.date(1950, 3, 3)
    assert patient.nhs_number == "9990000042"
    assert patient.levels == ("T12", "L1")  # top of the spine first
    assert tuple(m.name for m in patient.medications) == (
        "Paracetamol 1 g up to four times a day",
        "Alendronic acid 70 mg weekly",
    )


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
        ("date_of_birth", "31/02/1950", "'31/02/1950' can be read two ways (day or month first): pass --date-order"),
        ("date_of_birth", "1950-02-31", "expected a date like 1950-03-03 (year-month-day), got '1950-02-31'"),
        ("date_of_birth", "2999-01-01", "is in the future (2999-01-01)"),
        ("date_of_birth", "0950-01-01", "expected a date like 1950-03-03 (year-month-day), got '0950-01-01'"),
        ("nhs_number", "943 476 5910", "expected 10 digits with a valid check digit"),
        ("handout", "knee-replacement", "unknown handout 'knee-replacement'; we have: kyphoplasty, vertebroplasty"),
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
    # A future birth date is also after the procedure: the field itself comes first.
    assert caught.value.fields[0] == field
    assert message in str(caught.value)
    assert str(caught.value).startswith("test.csv, row 2 (patient P-0042): ")


def test_every_problem_in_a_record_is_reported_at_once():
    with pytest.raises(RecordError) as caught:
        make_patient(date_of_birth="03/03/1950", nhs_number="1", levels="X1", patient_id=None)
    assert sorted(caught.value.fields) == ["date_of_birth", "levels", "nhs_number", "patient_id"]


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
    medicines = tuple(m.name for m in patient.medications)
    assert (patient.patient_id, patient.name, medicines, patient.row) == ("P-1", "Åsa Öberg", ("A", "B"), 2)

    # A misspelt column is an extra column, ignored and named in a notice; --strict-columns refuses it.
    bad = tmp_path / "bad.csv"
    bad.write_text(
        header.replace("medications", "medicatons") + "P-1,A,1950-01-01,kyphoplasty,2026-01-01,A\n", encoding="utf-8"
    )
    assert PatientFile(bad, PATIENT_FIELDS).notices == ["ignored columns: medicatons"]
    with pytest.raises(PatientFileError) as caught:
        PatientFile(bad, PATIENT_FIELDS, options=ReadOptions(strict_columns=True))
    assert caught.value.problems[0].row == 1
    assert "medicatons: unknown column in the header (did you mean 'medications'?)" in str(caught.value)


def test_duplicate_patient_ids_are_refused(tmp_path):
    path = tmp_path / "p.json"
    path.write_text(json.dumps([RECORD, {**RECORD, "patient_id": "p-0042"}]), encoding="utf-8")
    with pytest.raises(PatientFileError) as caught:
        read_patients(path, ALL)
    assert "record 2 (patient p-0042): patient_id: 'p-0042' is the same patient id as record 1" in str(caught.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [("[1, 2", "not valid JSON"), ('{"a": 1}', "a: unknown field"), ('"a"', "expected a list"), ("", "not valid JSON")],
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


def _yaml_patients(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "patients.yaml"
    path.write_text(text, encoding="utf-8")
    return path


YAML_RECORD = "- patient_id: {pid}\n  name: {name}\n  date_of_birth: 1950-01-01\n  handout: kyphoplasty\n"


def test_yaml_keeps_identifiers_exactly_as_typed(tmp_path):
    """Plain YAML would read 00042 as octal 34 and 1.10 as 1.1: an identifier must print as typed."""
    path = _yaml_patients(tmp_path, YAML_RECORD.format(pid="00042", name="Ann Lee") + "  ward: 12:30\n")
    (patient,) = read_patients(path, ["leaflet"])
    assert patient.patient_id == "00042"
    assert patient.ward == "12:30"


def test_yes_no_and_decimal_numbers_are_refused_where_text_is_expected(tmp_path):
    path = _yaml_patients(tmp_path, YAML_RECORD.format(pid="P-1", name="Ann Lee") + "  language: no\n")
    with pytest.raises(PatientFileError, match="language: expected text, got the yes/no value no"):
        read_patients(path, ["leaflet"])
    path = tmp_path / "p.json"
    path.write_text(json.dumps([{**RECORD, "ward": 7.5}]), encoding="utf-8")
    with pytest.raises(PatientFileError, match=r"ward: expected text, got a number \(put it in quotes\)"):
        read_patients(path, ALL)


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_a_key_given_twice_is_refused_not_last_one_wins(tmp_path, suffix):
    path = tmp_path / f"p{suffix}"
    if suffix == ".yaml":
        path.write_text(YAML_RECORD.format(pid="P-1", name="Ann Smith") + "  name: Bob Jones\n", encoding="utf-8")
    else:
        path.write_text('[{"patient_id": "P-1", "name": "Ann Smith", "name": "Bob Jones"}]', encoding="utf-8")
    with pytest.raises(PatientFileError, match="the key 'name' appears twice"):
        read_patients(path, ["leaflet"])


def test_an_unclosed_quote_in_a_csv_never_merges_patients(tmp_path):
    """A missing closing quote must not fold the next patients into one patient's notes."""
    header = "patient_id,name,date_of_birth,handout,procedure_date,notes\n"
    rows = [
        'P1,Ann,1950-03-03,kyphoplasty,2026-12-01,"Rest at home\n',
        "P2,Bob Smith,1960-01-01,kyphoplasty,2026-12-01,private note\n",
    ]
    path = tmp_path / "p.csv"
    path.write_text(header + "".join(rows), encoding="utf-8")
    with pytest.raises(PatientFileError, match="not valid CSV at line 3"):
        read_patients(path, ALL)
    # Closed much later: the swallowed rows are spotted in the cell.
    path.write_text(header + "".join(rows) + 'P3,Cara,1950-01-01,kyphoplasty,2026-12-01,done"\n', encoding="utf-8")
    with pytest.raises(PatientFileError) as caught:
        read_patients(path, ALL)
    assert "row 2: notes: the notes cell of row 2 holds what look like more rows" in str(caught.value)


def test_a_row_with_too_many_cells_is_reported_with_the_others(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text(
        "patient_id,name,date_of_birth,handout\nP1,Ann,1950-01-01,kyphoplasty,extra\nP2,Bob,1950-13-01,kyphoplasty\n",
        encoding="utf-8",
    )
    with pytest.raises(PatientFileError) as caught:
        read_patients(path, ["leaflet"])
    text = str(caught.value)
    assert "row 2 (patient P1): 5 cells but the header has 4" in text
    assert "row 3 (patient P2): date_of_birth:" in text


@pytest.mark.parametrize("hidden", ["\u200b", "\ufeff", "\u00ad"])
def test_invisible_characters_are_dropped_and_cannot_blank_an_identifier(hidden):
    assert make_patient(name=f"Ann{hidden} Lee").name == "Ann Lee"
    with pytest.raises(RecordError) as caught:
        make_patient(patient_id=hidden)
    assert caught.value.fields == ["patient_id"]


@pytest.mark.parametrize("char", ["\u200e", "\u202e", "\u2066"])
def test_invisible_formatting_is_named_and_refused(char):
    """A direction override would print a name other than the one that reads back: refused, by code point."""
    with pytest.raises(RecordError) as caught:
        make_patient(name=f"Ann{char}Lee")
    assert f"invisible formatting characters: an invisible character (U+{ord(char):04X}" in str(caught.value)


def test_joiners_used_in_spelling_are_kept():
    name = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"  # Persian, with a zero-width non-joiner
    assert make_patient(name=name).name == name


@pytest.mark.parametrize(
    ("suffix", "text", "message"),
    [
        (".json", "[" * 100_000, "nested too deeply"),
        (".json", "[" + "9" * 5000 + "]", "not valid JSON"),
        (".yaml", "[" * 100_000, "not valid YAML"),
        (".csv", "patient_id,name,date_of_birth,handout\nP1,A,1950-01-01," + "x" * 200_000, "a cell near line 2 is"),
    ],
)
def test_pathological_files_give_a_message_not_a_traceback(tmp_path, suffix, text, message):
    path = tmp_path / f"p{suffix}"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PatientFileError, match=message):
        read_patients(path, ["leaflet"])


def test_a_procedure_before_birth_is_refused():
    with pytest.raises(RecordError, match="procedure_date: 2026-12-01 is before the date_of_birth 2026-12-02"):
        make_patient(date_of_birth="2026-12-02", discharge_date=None, follow_up_date=None)


def test_a_logo_that_is_not_an_image_fails_brand_validation(tmp_path):
    (tmp_path / "broken.png").write_text("x", encoding="utf-8")
    path = _brand_with(tmp_path, "logo: broken.png\n")
    with pytest.raises(BrandError) as caught:
        read_brand_file(path)
    assert caught.value.fields == ["logo"]
    assert "broken.png cannot be used" in str(caught.value)


def test_a_logo_outside_the_brand_folder_is_refused(tmp_path):
    folder = tmp_path / "brands"
    folder.mkdir()
    path = _brand_with(folder, "logo: ../../etc/passwd\n")
    with pytest.raises(BrandError, match="logo: must be a file inside the brand's folder"):
        read_brand_file(path)
