"""Content a clinic can govern: lint, glossary, placeholders, translations and their fallback, a second
procedure from content alone, and the published schema."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
import yaml

from handout_engine.catalog import load_brand, load_handout, read_handout_file
from handout_engine.errors import ContentError
from handout_engine.merge import merge_sheet
from handout_engine.render import render_document
from handout_engine.schema import SCHEMA_FILE, schema_text
from pdftools import page_texts
from support import RECORD, make_patient, render_pdf, run

HANDOUTS = Path("handouts")
SHIPPED = sorted(HANDOUTS.glob("*/*.yaml"))


def copy_handout(tmp_path: Path, procedure: str = "kyphoplasty", languages=("en",)) -> Path:
    folder = tmp_path / "handouts" / procedure
    folder.mkdir(parents=True)
    for language in languages:
        shutil.copy(HANDOUTS / procedure / f"{language}.yaml", folder / f"{language}.yaml")
    return folder


# ---------------------------------------------------------------- lint


def test_lint_passes_the_shipped_content():
    result = run("lint")
    assert result.exit_code == 0, result.output
    assert "handouts/vertebroplasty/en.yaml (en, target grade 8)" in result.output
    assert "handouts/kyphoplasty/es.yaml (es, at most 20 words a sentence)" in result.output
    assert "handouts/kyphoplasty/zh.yaml (zh, at most 25 characters a sentence)" in result.output
    assert "above the target" not in result.output


def test_lint_finds_a_planted_long_sentence(tmp_path):
    folder = copy_handout(tmp_path)
    path = folder / "en.yaml"
    long = (
        "Notwithstanding the considerable heterogeneity of published observational evidence concerning "
        "percutaneous vertebral augmentation, practitioners generally recommend individualised multidisciplinary "
        "evaluation incorporating radiological, haematological and cardiovascular considerations before intervention."
    )
    text = path.read_text(encoding="utf-8").replace(
        "      This leaflet explains balloon kyphoplasty.", f"      {long} This leaflet explains balloon kyphoplasty."
    )
    path.write_text(text, encoding="utf-8")
    result = run("lint", path)
    assert result.exit_code == 1
    assert "leaflet: introduction  <- above the target" in result.output
    assert f"words) {long}" in result.output
    assert "1 section(s) above grade 8" in result.output


def test_lint_lists_a_long_word_the_glossary_does_not_define(tmp_path):
    folder = copy_handout(tmp_path)
    path = folder / "en.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "Doctors call this a compression fracture.", "Doctors call this a compression fracture or spondylolisthesis."
    )
    path.write_text(text, encoding="utf-8")
    output = run("lint", path).output
    assert "Long words the glossary does not define:" in output
    assert "spondylolisthesis" in output.split("Long words the glossary does not define:")[1]
    assert "osteoporosis" not in output.split("Long words the glossary does not define:")[1]  # it is defined


def test_lint_finds_a_translated_risk_figure_that_differs_from_the_english(tmp_path):
    folder = copy_handout(tmp_path, languages=("en", "es"))
    path = folder / "es.yaml"
    text = path.read_text(encoding="utf-8")
    assert "alrededor de 1 de cada 20 personas" in text
    path.write_text(text.replace("alrededor de 1 de cada 20 personas", "alrededor de 1 de cada 200 personas", 1))
    result = run("lint", path)
    assert result.exit_code == 1
    assert "numbers: has 1, 200 where the English has 1, 20" in result.output


def test_lint_finds_a_section_missing_from_a_translation(tmp_path):
    folder = copy_handout(tmp_path, languages=("en", "es"))
    path = folder / "es.yaml"
    data = path.read_text(encoding="utf-8")
    start = data.index("    - heading: Anestesia")
    end = data.index("    - heading:", start + 10)
    path.write_text(data[:start] + data[end:], encoding="utf-8")
    result = run("lint", path)
    assert result.exit_code == 1
    assert "leaflet.sections: has 7 of the English's 8: a part is missing" in result.output


# ---------------------------------------------------------------- glossary and placeholders


def test_the_leaflet_prints_the_glossary_as_words_we_use():
    text = " ".join(page_texts(render_pdf("leaflet")))
    assert "Words we use" in text
    assert "osteoporosis: thin, weak bones that break more easily than they should." in text


def vertebroplasty_pdf(document: str, **overrides) -> bytes:
    patient = make_patient(handout="vertebroplasty", **overrides)
    sheet = merge_sheet(load_handout("vertebroplasty", "en"), patient, load_brand("northbrook"))
    return render_document(sheet, document).pdf


def test_placeholders_fill_from_the_record_and_a_missing_value_leaves_a_line_to_write_on():
    text = " ".join(page_texts(vertebroplasty_pdf("discharge", follow_up_date="2026-12-14")))
    assert "You had vertebroplasty on 1 December 2026." in text
    assert "We plan to see you in clinic on 14 December 2026." in text
    assert "{" not in text
    blank = " ".join(page_texts(vertebroplasty_pdf("discharge", follow_up_date=None)))
    assert "We plan to see you in clinic on ________________." in blank
    assert "None" not in blank


@pytest.mark.parametrize(
    ("replace", "where", "message"),
    [
        ("on {procedure_date}.", "discharge.intro[1]", "unknown placeholder {date_of_surgery}"),
        (None, "leaflet.intro[1]", "this text is the same for every patient (the leaflet prints it)"),
        ("You can choose", "consent.alternatives[1].detail", "the leaflet prints it"),
        ("term: antibiotics", "glossary[1].term", "the leaflet prints it"),
    ],
)
def test_a_placeholder_that_cannot_be_filled_is_a_content_error(tmp_path, replace, where, message):
    folder = copy_handout(tmp_path, "vertebroplasty")
    path = folder / "en.yaml"
    text = path.read_text(encoding="utf-8")
    if replace == "on {procedure_date}.":
        text = text.replace(replace, "on {date_of_surgery}.")
    elif replace == "term: antibiotics":
        text = text.replace(replace, "term: antibiotics for {name}", 1)
    elif replace:  # text the leaflet also prints: one patient's details would reach every leaflet
        assert replace in text
        text = text.replace(replace, "{clinician} says: " + replace, 1)
    else:
        text = text.replace("  intro:\n    - >-\n      ", "  intro:\n    - >-\n      Dear {name}. ", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        read_handout_file(path)
    assert where in caught.value.fields
    assert message in str(caught.value)


# ---------------------------------------------------------------- languages


def test_the_spanish_translation_prints_spanish_labels_and_says_it_is_not_yet_reviewed():
    pdf = render_pdf("consent", language="es")
    pages = page_texts(pdf)
    for number, text in enumerate(pages, start=1):
        assert "Traducción aún no revisada clínicamente" in text, number
        assert "Fecha de nacimiento" in text, number
        assert "3 de marzo de 1950" in text, number  # dates in the document's language
    assert "Cifoplastia con balón" in " ".join(pages)
    english = " ".join(page_texts(render_pdf("consent")))
    assert "not yet clinically reviewed" not in english


def test_the_spanish_documents_print_risk_words_levels_and_dates_in_spanish():
    consent = " ".join(page_texts(render_pdf("consent", language="es")))
    assert "Muy frecuente:" in consent
    assert "Very common" not in consent
    assert "T12 y L1" in consent
    assert "1 de diciembre de 2026" in consent


@pytest.mark.parametrize(("given", "used"), [("ES", "es"), ("es-MX", "es"), ("es_ES", "es"), ("EN", "en")])
def test_a_regional_or_capitalised_language_code_finds_its_translation(given, used):
    patient = make_patient(language=given)
    assert patient.language == used
    assert patient.requested_language is None


def test_a_missing_translation_falls_back_to_english_with_a_warning_everywhere(tmp_path):
    patients = tmp_path / "p.json"
    patients.write_text(json.dumps([{**RECORD, "language": "fr"}]), encoding="utf-8")
    out = tmp_path / "out"
    result = run("batch", patients, "--out", out, "--documents", "leaflet")
    assert result.exit_code == 0, result.output
    warning = "language: no 'fr' version of kyphoplasty; printed in 'en' instead"
    assert f"Warning: {patients}, record 1 (patient P-0042): {warning}" in result.output
    assert "1 record(s) made in English: their language is not available." in result.output
    with (out / "manifest.csv").open(encoding="utf-8") as handle:
        (row,) = list(csv.DictReader(handle))
    assert row["status"] == "made"
    assert row["language"] == "en"
    assert warning in row["note"]


# ---------------------------------------------------------------- a second procedure, content only


@pytest.mark.parametrize("document", ["leaflet", "consent", "discharge"])
def test_vertebroplasty_renders_every_document_from_content_alone(document):
    pdf = vertebroplasty_pdf(document)
    pages = page_texts(pdf)
    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        assert "Zoë O'Brien-Łukasz" in text, number
        assert f"Page {number} of {len(pages)}" in text
    assert load_handout("vertebroplasty", "en").meta.title in pages[0]


# ---------------------------------------------------------------- schema


def test_the_published_schema_is_what_the_model_generates():
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text(), "run: python generate.py schema"


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_shipped_handout_passes_the_schema_and_names_it(path):
    from jsonschema import Draft202012Validator

    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../handout.schema.json")
    data = json.loads(json.dumps(yaml.safe_load(text), default=str))
    errors = [f"{list(e.path)}: {e.message}" for e in Draft202012Validator(json.loads(schema_text())).iter_errors(data)]
    assert errors == []


def test_the_schema_catches_what_an_editor_should_flag():
    from jsonschema import Draft202012Validator

    data = json.loads(json.dumps(yaml.safe_load((HANDOUTS / "kyphoplasty" / "en.yaml").read_text()), default=str))
    data["consent"]["risks"][0]["frequency"] = "often"
    data["metadata"]["colour"] = "blue"
    messages = [e.message for e in Draft202012Validator(json.loads(schema_text())).iter_errors(data)]
    assert any("'often' is not one of" in m for m in messages)
    assert any("'colour' was unexpected" in m for m in messages)


def test_lint_and_validate_refuse_a_broken_content_file_with_the_same_status(tmp_path):
    """Exit 2 from both: a file that cannot be read is refused, whichever command reads it."""
    broken = copy_handout(tmp_path) / "en.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("metadata:", "metadata: [", 1), encoding="utf-8")
    linted, validated = run("lint", broken), run("validate", broken)
    assert linted.exit_code == validated.exit_code == 2
    assert str(broken) in linted.stderr
    assert run("lint", "no-such-handout").exit_code == 2
