"""The nurses' page Sign step, through Flask's test client: tick, sign (ink and typed), confirm, download, verify."""

from __future__ import annotations

import io
import json

import pytest
from pypdf import PdfReader
from test_web import BASE, GOOD, get, post

from handout_engine.archive import pdf_a_findings
from handout_engine.audit import AuditLog
from handout_engine.demo_keys import make_demo_keys
from handout_engine.signing import trust_roots, verify_pdf
from handout_engine.web.app import create_app

INK = json.dumps([[[0.05, 0.6], [0.2, 0.2], [0.4, 0.8], [0.6, 0.3], [0.9, 0.5]], [[0.3, 0.9], [0.7, 0.9]]])


@pytest.fixture(scope="module")
def keys(tmp_path_factory):
    return make_demo_keys(tmp_path_factory.mktemp("keys"))


@pytest.fixture
def client(keys, monkeypatch, tmp_path):
    monkeypatch.setenv("HANDOUTS_SIGNING_KEY", str(keys.key))
    monkeypatch.setenv("HANDOUTS_SIGNING_PASSWORD", keys.password)
    monkeypatch.setenv("HANDOUTS_AUDIT_LOG", str(tmp_path / "audit"))
    return create_app("127.0.0.1", 8000, workers=1).test_client()


def preview_key(client) -> str:
    made = post(client, "/make", GOOD)
    assert made.status_code == 303
    return made.headers["Location"].rsplit("/", 1)[-1]


def consent_pages(client, key: str) -> list[bytes]:
    """Every page picture of the consent form the page shows, in order (the preview answers 404 past the last)."""
    pages = []
    while (response := get(client, f"/preview/{key}/consent/{len(pages) + 1}.png")).status_code == 200:
        pages.append(response.get_data())
    return pages


def test_sign_every_step_and_download_a_sealed_pdf_that_verifies(client, keys, tmp_path):
    key = preview_key(client)
    assert f"/sign/{key}" in get(client, f"/preview/{key}").get_data(as_text=True)
    page = get(client, f"/sign/{key}").get_data(as_text=True)
    assert "Sign the consent form" in page
    assert 'name="tick" value="anaesthesia_1"' in page
    assert "Zoë O&#39;Brien-Łukasz" in page  # the patient's name to check, escaped

    signed = post(
        client,
        f"/sign/{key}/professional",
        {"name": "Dr Priya Raman", "ink": INK, "tick": ["anaesthesia_2", "leaflet_given", "made_up"]},
    )
    assert signed.status_code == 303, signed.get_data(as_text=True)
    before = consent_pages(client, key)
    typed = post(client, f"/sign/{key}/patient", {"name": GOOD["name"], "typed": "1", "attested": "1"})
    assert typed.status_code == 303
    page = get(client, f"/sign/{key}").get_data(as_text=True)
    assert "Signed by <bdi>Dr Priya Raman</bdi>" in page
    after = consent_pages(client, key)
    assert len(after) == len(before)
    assert sum(a != b for a, b in zip(before, after, strict=True)) == 1  # the patient's page shows the signature
    sealed = post(client, f"/sign/{key}/seal", {"name": "Nurse Ada Obi", "confirmed": "1", "copy_given": "yes"})
    assert sealed.status_code == 303
    pdf = get(client, f"/sign/{key}/sealed.pdf").get_data()

    checks = verify_pdf(pdf, trust_roots([str(keys.trust_root)]))
    assert [(c.role, c.name, c.intact, c.trusted) for c in checks] == [
        ("professional", "Dr Priya Raman", True, True),
        ("patient", GOOD["name"], True, True),
    ]
    fields = PdfReader(io.BytesIO(pdf)).get_fields()
    ticked = {name for name, f in fields.items() if f.get("/V") == "/Yes"}
    assert ticked == {"anaesthesia_2", "leaflet_given", "copy_given_yes"}
    assert pdf_a_findings(pdf) == []  # the copy for the patient record: PDF/A-2b, ink and ticks included

    events = AuditLog(tmp_path / "audit").events()
    assert [(e["event"], e["role"]) for e in events if e["event"] != "viewed"] == [
        ("made", None),
        ("signed", "professional"),
        ("signed", "patient"),
        ("sealed", "professional"),
        ("downloaded", None),
    ]
    assert events[1]["event"] == "viewed"
    assert all(e["patient_id"] == "P-0042" for e in events)
    log = (tmp_path / "audit" / "consent-audit.jsonl").read_text(encoding="utf-8")
    assert GOOD["name"] not in log
    assert "1950" not in log


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "ink": INK}, "Type the signer"),
        ({"name": "Ann", "ink": ""}, "Draw the signature in the box"),
        ({"name": "Ann", "ink": "[[[2, 3]], 7]"}, "Draw the signature in the box"),
        ({"name": "Ann", "typed": "1"}, "tick to confirm that the signer agreed"),
    ],
)
def test_a_signature_missing_something_says_what(client, data, message):
    key = preview_key(client)
    answer = post(client, f"/sign/{key}/patient", data)
    assert answer.status_code == 400
    assert message in answer.get_data(as_text=True)


def test_it_cannot_be_sealed_before_the_patient_signs(client):
    key = preview_key(client)
    answer = post(client, f"/sign/{key}/seal", {"name": "Nurse Ada Obi", "confirmed": "1"})
    assert answer.status_code == 400
    assert "must sign first" in answer.get_data(as_text=True)
    assert get(client, f"/sign/{key}/sealed.pdf").status_code == 404


def test_without_a_signing_key_the_page_says_so(client, monkeypatch):
    monkeypatch.delenv("HANDOUTS_SIGNING_KEY")
    key = preview_key(client)
    page = get(client, f"/sign/{key}").get_data(as_text=True)
    assert "Signing is not set up on this computer" in page
    assert "Sign as patient" not in page


def test_a_signer_signs_once(client):
    key = preview_key(client)
    assert post(client, f"/sign/{key}/witness", {"name": "Sam Jones", "ink": INK}).status_code == 303
    assert post(client, f"/sign/{key}/witness", {"name": "Sam Jones", "ink": INK}).status_code == 409


def test_the_preview_still_prints_the_paper_form(client):
    """The page's consent form is fillable: its pages draw exactly what paper draws."""
    key = preview_key(client)
    pdf = get(client, f"/preview/{key}/consent.pdf").get_data()
    assert PdfReader(io.BytesIO(pdf)).get_fields()
    assert BASE
