"""Risks that matter to this patient: read from every record format, printed (escaped) on the consent form only,
listed in the manifest's row for it, refused with a clear message when malformed."""

from __future__ import annotations

import csv
import io
import json

import pytest

from handout_engine.errors import RecordError
from handout_engine.models import PatientRisk
from pdftools import page_texts
from support import RECORD, csv_text, make_patient, patients, render_pdf, run

WARFARIN = "Bleeding: you take warfarin, so we stop it 5 days before and check your blood on the day"
HOSTILE = 'Infection <b>& "sepsis"</b>: your diabetes <img src="x"/> makes it more likely'


def joined(pdf: bytes) -> str:
    return " ".join(page_texts(pdf))


def test_a_cell_holds_risks_separated_by_semicolons_or_lines():
    patient = make_patient(risks=f"{WARFARIN};  Falls: you use a frame\nat home: we will help you up")
    assert patient.risks == (
        PatientRisk("Bleeding", "you take warfarin, so we stop it 5 days before and check your blood on the day"),
        PatientRisk("Falls", "you use a frame"),
        PatientRisk("at home", "we will help you up"),
    )


def test_yaml_and_json_take_mappings_or_strings():
    patient = make_patient(risks=[{"risk": "Bleeding", "meaning": "you take warfarin"}, "Falls: you use a frame"])
    assert [r.risk for r in patient.risks] == ["Bleeding", "Falls"]


def test_the_consent_form_prints_each_risk_with_what_it_means_escaped():
    pdf = render_pdf("consent", risks=[WARFARIN, HOSTILE])
    text = joined(pdf)
    assert "What it means for this patient" in text
    assert "you take warfarin, so we stop it 5 days before" in text
    assert 'Infection <b>& "sepsis"</b>' in text  # printed as typed, never read as markup
    assert 'your diabetes <img src="x"/> makes it more likely' in text
    concerns = text.index("Any risks or concerns that matter to this patient in particular")
    assert concerns < text.index("Bleeding", concerns) < text.index("Infection <b>", concerns)


def test_no_risks_leaves_the_paper_form_as_it_was():
    assert render_pdf("consent", risks=None) == render_pdf("consent", risks="")
    assert "What it means for this patient" not in joined(render_pdf("consent"))


@pytest.mark.parametrize("document", ["leaflet", "discharge"])
def test_other_documents_do_not_print_them(document):
    assert "warfarin" not in joined(render_pdf(document, risks=[WARFARIN]))


@pytest.mark.parametrize(
    ("risks", "field", "message"),
    [
        ("Bleeding", "risks[1]", "expected 'the risk: what it means for this patient', got 'Bleeding'"),
        ("Falls: you use a frame;: no risk named", "risks[2]", "expected 'the risk: what it means"),
        ([{"risk": "Bleeding"}], "risks[1].meaning", "required"),
        ([{"risk": "Bleeding", "meaning": "x", "odds": "1 in 5"}], "risks[1].odds", "unknown field"),
        ([f"Risk {n}: meaning" for n in range(11)], "risks", "11 risks; at most 10"),
        (["Bleeding: " + "x" * 401], "risks[1].meaning", "is 401 characters; at most 400"),
        (["x" * 121 + ": y"], "risks[1].risk", "at most 120"),
        (7, "risks", "expected a list of risks"),
        (["Bleeding: ᠮ"], "risks[1].meaning", "U+182E"),
    ],
)
def test_a_malformed_risk_is_named_by_its_place(risks, field, message):
    with pytest.raises(RecordError) as caught:
        make_patient(risks=risks)
    problems = {problem.field: problem.message for problem in caught.value.problems}
    assert field in problems, problems
    assert message in problems[field]


def test_the_manifest_lists_them_on_the_consent_row(tmp_path):
    first, second = patients(2)
    records = [{**first, "risks": f"{WARFARIN};Falls: you use a frame"}, second]
    source = tmp_path / "patients.csv"
    source.write_text(csv_text(records), encoding="utf-8")
    result = run("batch", source, "--out", tmp_path / "out", "--documents", "consent,discharge")
    assert result.exit_code == 0, result.output
    with open(tmp_path / "out" / "manifest.csv", encoding="utf-8", newline="") as file:
        rows = {(row["patient_id"], row["document"]): row for row in csv.DictReader(file)}
    assert rows["P-0001", "consent"]["patient_risks"] == "Bleeding; Falls"
    assert rows["P-0001", "discharge"]["patient_risks"] == ""
    assert rows["P-0002", "consent"]["patient_risks"] == ""


def test_json_lines_records_carry_them(tmp_path):
    source = tmp_path / "patients.jsonl"
    record = {**RECORD, "risks": [{"risk": "Bleeding", "meaning": "you take warfarin"}]}
    source.write_text(json.dumps(record) + "\n", encoding="utf-8")
    result = run("render", source, "--document", "consent", "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    pdf = (tmp_path / "out" / "P-0042" / "consent.pdf").read_bytes()
    assert "you take warfarin" in joined(pdf)


def test_csv_helper_round_trip():
    """csv_text writes the cell as one field: the ';' stays inside it."""
    text = csv_text([{"patient_id": "P-1", "risks": WARFARIN + ";Falls: frame"}])
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["risks"].count(";") == 1
