"""Records from an EHR: FHIR R4 Bundles assembled from HL7's published example resources (tests/fixtures/fhir,
CC0; see SOURCE.md there), read back from the PDFs as a person would check them."""

from __future__ import annotations

import copy
import csv
import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from generate import cli
from handout_engine.catalog import handout_languages
from handout_engine.columns import ReadOptions, read_column_map
from handout_engine.errors import RecordError
from handout_engine.fhir import NHS_NUMBER_SYSTEM
from handout_engine.models import DOCUMENT_NAMES, PATIENT_FIELDS
from handout_engine.records import PatientFile
from handout_engine.validate import validate_patient
from pdftools import page_texts

FIXTURES = Path(__file__).parent / "fixtures" / "fhir"
NHS_NUMBER = "9434765919"  # the NHS's own published test number, added: HL7's examples carry none


def example(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


def bundle(*resources: dict) -> dict:
    return {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": r} for r in resources]}


def chalmers(**patient_changes) -> dict:
    """Peter James Chalmers with his procedure, clinician, follow-up and a medicine, as HL7 publishes them."""
    patient = example("Patient-example")
    patient["identifier"].append({"system": NHS_NUMBER_SYSTEM, "value": NHS_NUMBER})
    patient.update(patient_changes)
    return bundle(
        patient,
        example("Procedure-example"),
        example("Practitioner-example"),
        example("Appointment-example"),
        example("MedicationRequest-medrx0302"),
        example("Flag-example"),  # inactive: not a large-print need
    )


def van_de_heuvel() -> dict:
    return bundle(example("Patient-f001"), example("Procedure-f001"), example("Encounter-f001"))


@pytest.fixture
def column_map(tmp_path) -> Path:
    """HL7's examples are an appendectomy and a heart valve: mapped to our handouts here only to have records."""
    path = tmp_path / "ehr.yaml"
    path.write_text(
        "procedures:\n  Appendectomy: kyphoplasty\n  '34068001': vertebroplasty\n", encoding="utf-8"
    )  # by display, and by SNOMED code
    return path


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def records(path: Path, column_map: Path, **options) -> list:
    options = ReadOptions(column_map=read_column_map(column_map, PATIENT_FIELDS), **options)
    return list(PatientFile(path, PATIENT_FIELDS, options=options))


def test_a_bundle_reads_the_patient_as_hl7_wrote_it(tmp_path, column_map):
    path = tmp_path / "chalmers.json"
    path.write_text(json.dumps(chalmers()), encoding="utf-8")
    (raw,) = records(path, column_map)
    assert raw.problems == ()
    patient = validate_patient(raw, handout_languages(), DOCUMENT_NAMES)
    assert (patient.patient_id, patient.name) == ("12345", "Peter James Chalmers")
    assert (patient.date_of_birth, patient.nhs_number) == (dt.date(1974, 12, 25), NHS_NUMBER)
    assert (patient.handout, patient.procedure_date) == ("kyphoplasty", dt.date(2013, 4, 5))
    assert patient.clinician == "Dr Adam Careful"
    assert (patient.follow_up_date, patient.follow_up_with) == (dt.date(2013, 12, 10), "Dr Adam Careful")
    assert [m.name for m in patient.medications] == ["Azithromycin 250mg capsule (product): Two tablets at once"]
    assert patient.large_print is None  # the only flag is an inactive one about a dog


def test_render_a_bundle_and_read_the_pdfs_back(tmp_path, monkeypatch, column_map):
    monkeypatch.chdir(tmp_path)
    Path("chalmers.json").write_text(json.dumps(chalmers()), encoding="utf-8")
    result = run("render", "chalmers.json", "--out", "out", "--columns", str(column_map))
    assert result.exit_code == 0, result.output
    for document in DOCUMENT_NAMES:
        pages = page_texts(Path(f"out/12345/{document}.pdf").read_bytes())
        for page in pages:  # the right patient on every page
            assert "Peter James Chalmers" in page
        text = " ".join(pages)
        assert "25 December 1974" in text
        if document != "leaflet":
            assert "943 476 5919" in text
    discharge = " ".join(page_texts(Path("out/12345/discharge.pdf").read_bytes()))
    assert "Azithromycin 250mg capsule (product): Two tablets at once" in discharge
    assert "10 December 2013" in discharge


def test_ndjson_with_a_bad_bundle_among_good_ones(tmp_path, monkeypatch, column_map):
    monkeypatch.chdir(tmp_path)
    wrong_birth = chalmers(birthDate="1974-13-45")  # changed here: FHIR itself refuses this date
    doe = bundle(example("Patient-xds"), example("Procedure-example"))
    lines = [chalmers(), example("Bundle-bundle-example"), wrong_birth, doe]
    Path("ehr.ndjson").write_text("".join(json.dumps(b) + "\n" for b in lines), encoding="utf-8")
    result = run("batch", "ehr.ndjson", "--out", "out", "--documents", "leaflet", "--columns", str(column_map))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "Error: ehr.ndjson, line 2: Bundle.entry: expected one Patient resource, found 0",
        "Error: ehr.ndjson, line 3 (patient 12345): entry 1: Patient.birthDate: Value error, Date value string "
        "does not match spec regex.",
    ]
    assert "Made 2 document(s)" in result.output
    with open("out/manifest.csv", encoding="utf-8") as handle:
        rows = [(row["row"], row["patient_id"], row["status"]) for row in csv.DictReader(handle)]
    assert rows == [("1", "12345", "made"), ("2", "", "failed"), ("3", "12345", "failed"), ("4", "89765a87b", "made")]
    text = " ".join(page_texts(Path("out/89765a87b/leaflet.pdf").read_bytes()))
    assert "John Doe" in text
    assert "27 May 1956" in text


def test_the_patient_id_from_a_named_identifier_system(tmp_path, monkeypatch, column_map):
    """Pieter van de Heuvel's identifiers have no type: --id-system names the one that is his hospital number."""
    monkeypatch.chdir(tmp_path)
    Path("f001.json").write_text(json.dumps(van_de_heuvel()), encoding="utf-8")
    result = run(
        "render", "f001.json", "--out", "out", "--document", "discharge", "--columns", str(column_map),
        "--id-system", "urn:oid:2.16.840.1.113883.2.4.6.3",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    # He speaks Dutch, which we have no translation for: made in English, and said.
    assert (
        "Warning: f001.json, bundle 1 (patient 738472983): language: no 'nl' version of vertebroplasty" in result.stderr
    )
    text = " ".join(page_texts(Path("out/738472983/discharge.pdf").read_bytes()))
    assert "Pieter van de Heuvel" in text
    assert "17 November 1944" in text
    assert "26 June 2011" in text  # the procedure's performed period starts that day


def test_a_bundle_without_the_id_names_the_fhir_path(tmp_path, column_map):
    patient = example("Patient-f001")  # its identifiers have no MR type
    path = tmp_path / "one.json"
    path.write_text(json.dumps(bundle(patient, example("Procedure-f001"))), encoding="utf-8")
    (raw,) = records(path, column_map)
    with pytest.raises(RecordError) as caught:
        validate_patient(raw, handout_languages(), ("leaflet",))
    assert "bundle 1: Patient.identifier: required, but missing or empty" in str(caught.value)


@pytest.mark.parametrize(
    "need",
    [
        {"resourceType": "Flag", "status": "active", "subject": {"reference": "Patient/example"},
         "code": {"text": "Requires information in large print"}},
        {"resourceType": "Flag", "status": "active", "subject": {"reference": "Patient/example"},
         "code": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/reading-mode", "code": "large-print"}]}},
    ],
)  # fmt: skip
def test_a_recorded_large_print_need_turns_large_print_on(tmp_path, column_map, need):
    data = chalmers()
    data["entry"].append({"resource": need})
    path = tmp_path / "lp.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    (raw,) = records(path, column_map)
    assert validate_patient(raw, handout_languages(), ("leaflet",)).large_print is True


def test_not_a_bundle_and_two_patients_are_each_one_bad_record(tmp_path, column_map):
    two = chalmers()
    two["entry"].append({"resource": copy.deepcopy(example("Patient-f001"))})
    path = tmp_path / "mixed.json"
    path.write_text(json.dumps([two, example("Patient-example")]), encoding="utf-8")
    first, second = records(path, column_map)
    assert first.problems == ("Bundle.entry: expected one Patient resource, found 2",)
    assert second.problems == ("expected a FHIR Bundle (one patient's resources), got a Patient resource",)


def test_ward_discharge_and_levels_from_the_encounter_and_body_site(tmp_path, column_map):
    encounter = example("Encounter-f001")
    # Added here (HL7's example has neither): the ward the patient stayed on and the day they went home.
    encounter["location"] = [{"location": {"display": "Ward 7 (spinal)"}}]
    encounter["period"] = {"start": "2013-04-05T08:00:00Z", "end": "2013-04-06T11:30:00Z"}
    procedure = example("Procedure-example")
    procedure["bodySite"] = [{"text": "Structure of twelfth thoracic vertebra"}, {"text": "L1"}, {"text": "Skin"}]
    path = tmp_path / "stay.json"
    path.write_text(json.dumps(bundle(example("Patient-example"), procedure, encounter)), encoding="utf-8")
    (raw,) = records(path, column_map)
    patient = validate_patient(raw, handout_languages(), DOCUMENT_NAMES)
    assert (patient.ward, patient.discharge_date) == ("Ward 7 (spinal)", dt.date(2013, 4, 6))
    assert patient.levels == ("T12", "L1")  # a site that names no vertebra is not a level


def test_content_past_its_review_is_refused_before_a_fhir_run_starts(tmp_path, monkeypatch, column_map):
    """The run's look at the content its Bundles name (a peek, not a parse) finds the handout the map gives."""
    import handout_engine.review

    monkeypatch.setattr(handout_engine.review, "today", lambda: dt.date(2029, 11, 2))  # after kyphoplasty's review
    monkeypatch.chdir(tmp_path)
    Path("ehr.ndjson").write_text(json.dumps(chalmers()) + "\n", encoding="utf-8")
    result = run("batch", "ehr.ndjson", "--out", "out", "--columns", str(column_map))
    assert result.exit_code == 2
    assert "handouts/kyphoplasty/en.yaml: metadata.next_review:" in result.stderr
    assert not Path("out").exists()


def test_the_same_patient_from_an_ehr_and_from_a_csv_gives_the_same_bytes(tmp_path, monkeypatch, column_map):
    monkeypatch.chdir(tmp_path)
    Path("chalmers.json").write_text(json.dumps(chalmers()), encoding="utf-8")
    Path("chalmers.csv").write_text(
        "patient_id,name,date_of_birth,nhs_number,handout,procedure_date,clinician,follow_up_date,follow_up_with,"
        "medications\n12345,Peter James Chalmers,1974-12-25,943 476 5919,kyphoplasty,2013-04-05,Dr Adam Careful,"
        "2013-12-10,Dr Adam Careful,Azithromycin 250mg capsule (product): Two tablets at once\n",
        encoding="utf-8",
    )
    assert run("render", "chalmers.json", "--out", "ehr", "--columns", str(column_map)).exit_code == 0
    assert run("render", "chalmers.csv", "--out", "csv").exit_code == 0
    for document in DOCUMENT_NAMES:
        assert Path(f"ehr/12345/{document}.pdf").read_bytes() == Path(f"csv/12345/{document}.pdf").read_bytes()
