"""Content past its review date: refused, or printed with "Review overdue" on every page when allowed."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re

import pytest

import handout_engine.review
from pdftools import page_texts
from support import RECORD, run

AFTER_REVIEW = dt.date(2029, 11, 2)  # the shipped kyphoplasty content is due for review on 1 November 2029


@pytest.fixture
def patients(tmp_path):
    path = tmp_path / "patients.json"
    path.write_text(json.dumps([RECORD]), encoding="utf-8")
    return path


def test_overdue_content_is_refused_with_the_file_field_and_what_to_do(patients, tmp_path, monkeypatch):
    monkeypatch.setattr(handout_engine.review, "today", lambda: AFTER_REVIEW)
    out = tmp_path / "out"
    result = run("batch", patients, "--out", out)
    assert result.exit_code == 2
    assert "handouts/kyphoplasty/en.yaml: metadata.next_review:" in result.output
    assert "was due for review on 1 November 2029" in result.output
    assert "--allow-overdue" in result.output
    assert not list(out.rglob("*.pdf"))


def test_allowed_overdue_content_says_so_on_every_page(patients, tmp_path, monkeypatch):
    monkeypatch.setattr(handout_engine.review, "today", lambda: AFTER_REVIEW)
    out = tmp_path / "out"
    result = run("batch", patients, "--out", out, "--allow-overdue")
    assert result.exit_code == 0, result.output
    for document in ("leaflet", "consent", "discharge"):
        pages = page_texts((out / RECORD["patient_id"] / f"{document}.pdf").read_bytes())
        for number, text in enumerate(pages, start=1):
            assert "REVIEW OVERDUE: this information was due for review on 1 November 2029" in text, (document, number)


def test_content_in_date_prints_no_mark_and_the_manifest_records_version_and_review_date(patients, tmp_path):
    out = tmp_path / "out"
    assert run("batch", patients, "--out", out).exit_code == 0
    text = " ".join(page_texts((out / RECORD["patient_id"] / "leaflet.pdf").read_bytes()))
    assert "OVERDUE" not in text
    assert "Version 1.0" in text
    assert "Next review 1 November 2029" in text
    with (out / "manifest.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {(row["content_version"], row["next_review"]) for row in rows} == {("1.0", "2029-11-01")}


def test_the_nurses_page_says_whom_to_ask_and_offers_nothing_it_cannot_do(monkeypatch):
    """The engine's words name no command-line flag: a nurse cannot 'run with --allow-overdue'."""
    from handout_engine.web.app import create_app

    monkeypatch.setattr(handout_engine.review, "today", lambda: AFTER_REVIEW)
    client = create_app("127.0.0.1", 8000, workers=1).test_client()
    form = {key: RECORD[key] for key in ("name", "date_of_birth", "patient_id", "handout", "procedure_date")}
    base = "http://127.0.0.1:8000"
    token = re.search(r'name="form_token" value="([^"]+)"', client.get("/", base_url=base).get_data(as_text=True))
    data = {**form, "documents": ["leaflet"], "form_token": token.group(1)}
    response = client.post("/make", data=data, base_url=base)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "was due for review on 1 November 2029" in html
    assert "to review it" in html
    assert "--" not in html.split("was due for review")[1].split("<")[0]
    assert "allow-overdue" not in html
