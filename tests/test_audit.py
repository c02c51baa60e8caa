"""The consent audit log: events appended in order, kept across a restart, never a name or date of birth."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest

from handout_engine.audit import EVENTS, FIELDS, AuditLog
from handout_engine.errors import InputError
from handout_engine.models import PageSetup
from support import NAME, RECORD, render_pdf, run


@pytest.fixture(scope="module")
def consent() -> bytes:
    return render_pdf("consent", setup=PageSetup(fillable=True))


def test_events_in_order_survive_a_restart(tmp_path, consent):
    log = AuditLog(tmp_path / "audit")
    for event in ("made", "viewed"):
        log.record(event, consent, document="consent", patient_id="P-0042")
    signed = consent + b"\n% a later revision"
    log.record("signed", signed, document="consent", patient_id="P-0042", role="patient")
    restarted = AuditLog(tmp_path / "audit")  # a new process: the same file, appended to
    restarted.record("downloaded", signed, document="consent", patient_id="P-0042")
    events = AuditLog(tmp_path / "audit").events()
    assert [e["event"] for e in events] == ["made", "viewed", "signed", "downloaded"]
    assert [e["sha256"] for e in events] == [hashlib.sha256(consent).hexdigest()] * 2 + [
        hashlib.sha256(signed).hexdigest()
    ] * 2
    assert events[2]["role"] == "patient"
    assert all(tuple(e) == FIELDS for e in events)
    assert all(e["content_version"] == "1.0" and e["patient_id"] == "P-0042" for e in events)
    times = [dt.datetime.fromisoformat(e["time"]) for e in events]
    assert times == sorted(times)
    assert all(t.utcoffset() == dt.timedelta(0) for t in times)


def test_no_name_or_date_of_birth_is_ever_written(tmp_path, consent):
    log = AuditLog(tmp_path)
    for event in EVENTS:
        log.record(event, consent, document="consent", patient_id=RECORD["patient_id"])
    text = (tmp_path / "consent-audit.jsonl").read_text(encoding="utf-8")
    assert NAME not in text
    assert RECORD["date_of_birth"] not in text
    assert "1950" not in text
    assert len(text.splitlines()) == len(EVENTS)
    assert all(json.loads(line) for line in text.splitlines())  # each line whole JSON


def test_appends_never_rewrite(tmp_path, consent):
    log = AuditLog(tmp_path)
    log.record("made", consent, document="consent")
    first = (tmp_path / "consent-audit.jsonl").read_bytes()
    log.record("viewed", consent, document="consent")
    assert (tmp_path / "consent-audit.jsonl").read_bytes().startswith(first)


def test_without_a_folder_nothing_is_recorded(consent):
    assert AuditLog(None).record("made", consent, document="consent") is None


def test_an_unknown_event_is_a_bug(tmp_path, consent):
    with pytest.raises(ValueError, match="unknown audit event"):
        AuditLog(tmp_path).record("edited", consent, document="consent")


def test_a_folder_that_cannot_be_made_is_named(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(InputError, match="cannot hold the audit log"):
        AuditLog(blocker / "audit")


def test_a_batch_logs_each_consent_form_it_makes(tmp_path, monkeypatch):
    monkeypatch.setenv("HANDOUTS_AUDIT_LOG", str(tmp_path / "audit"))
    out = tmp_path / "out"
    result = run("batch", "assets/samples/patients.csv", "--out", out, "--documents", "consent,discharge")
    assert result.exit_code == 0, result.output
    events = AuditLog(tmp_path / "audit").events()
    made = sorted(path.parent.name for path in out.glob("*/consent.pdf"))
    assert sorted(e["patient_id"] for e in events) == made
    assert {(e["event"], e["document"]) for e in events} == {("made", "consent")}
    for entry in events:
        data = (out / entry["patient_id"] / "consent.pdf").read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
