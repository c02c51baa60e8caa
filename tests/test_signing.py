"""Sealing a fillable consent form (`sign`) and checking it (`verify`), with a throw-away demo authority.

Each check is what a person auditing the file would do: sign, verify it is
intact and trusted; change one byte, or a locked field, and see it named.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pypdf import PdfReader

from handout_engine.demo_keys import make_demo_keys
from handout_engine.models import PageSetup
from support import NAME, render_pdf, run

SIGNER = "Dr Priya Raman"


@pytest.fixture(scope="session")
def keys(tmp_path_factory):
    """A demo authority and clinic key made for this test run (never committed)."""
    return make_demo_keys(tmp_path_factory.mktemp("keys"))


@pytest.fixture
def signing_env(keys, monkeypatch, tmp_path):
    monkeypatch.setenv("HANDOUTS_SIGNING_KEY", str(keys.key))
    monkeypatch.setenv("HANDOUTS_SIGNING_PASSWORD", keys.password)
    monkeypatch.delenv("HANDOUTS_TRUST_ROOTS", raising=False)
    monkeypatch.setenv("HANDOUTS_AUDIT_LOG", str(tmp_path / "audit"))
    return keys


@pytest.fixture(scope="session")
def fillable_pdf() -> bytes:
    return render_pdf("consent", setup=PageSetup(fillable=True))


@pytest.fixture
def form(tmp_path, fillable_pdf):
    path = tmp_path / "consent.pdf"
    path.write_bytes(fillable_pdf)
    return path


def sign(path, role, name, *more):
    return run("sign", path, "--signer", role, "--name", name, *more)


def verify(path, keys):
    return run("verify", path, "--trust", keys.trust_root)


def change_field(pdf: bytes, name: str, value: str) -> bytes:
    """A later incremental update that fills in one text field, as a PDF editor would."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    for ref in writer.root["/AcroForm"]["/Fields"]:
        field = ref.get_object()
        if field.get("/T") == name:
            field["/V"] = generic.TextStringObject(value)
            writer.update_container(field)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_sign_then_verify_is_intact_and_trusted(form, signing_env):
    result = sign(form, "patient", NAME)
    assert result.exit_code == 0, result.output
    checked = verify(form, signing_env)
    assert checked.exit_code == 0, checked.output
    assert f"Patient: {NAME}, signed " in checked.output
    assert "intact, trusted" in checked.output
    fields = PdfReader(form).get_fields()
    assert fields["patient_signature"].get("/V") is not None  # the field holds the signature


def test_each_signer_in_turn_and_all_stay_intact(form, signing_env):
    for role, name in (("professional", SIGNER), ("interpreter", "Ahmed Karimi"), ("patient", NAME)):
        assert sign(form, role, name).exit_code == 0
    checked = verify(form, signing_env)
    assert checked.exit_code == 0, checked.output
    lines = checked.output.strip().splitlines()
    assert [line.split(":")[0] for line in lines] == ["Health professional", "Interpreter", "Patient"]
    assert all(line.endswith("intact, trusted") for line in lines)
    # Each signer's date and printed name are filled in on their lines (the patient's name is printed already).
    fields = PdfReader(form).get_fields()
    today = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d")
    assert fields["professional_date"]["/V"] == fields["patient_date"]["/V"] == today
    assert fields["professional_name"]["/V"] == SIGNER
    assert fields["interpreter_name"]["/V"] == "Ahmed Karimi"


def test_one_byte_changed_fails_and_says_so(form, signing_env):
    assert sign(form, "patient", NAME).exit_code == 0
    data = form.read_bytes()
    assert data.count(b"Consent form") >= 1
    form.write_bytes(data.replace(b"Consent form", b"Consent forn", 1))
    checked = verify(form, signing_env)
    assert checked.exit_code == 1
    assert "NOT INTACT" in checked.output
    assert "the signed content was changed" in checked.output


def test_a_locked_field_changed_after_signing_is_named(form, signing_env):
    assert sign(form, "professional", SIGNER).exit_code == 0
    form.write_bytes(change_field(form.read_bytes(), "professional_job_title", "Surgeon"))
    checked = verify(form, signing_env)
    assert checked.exit_code == 1
    assert "the field professional_job_title was changed after this signature locked it" in checked.output


def test_filling_a_field_still_open_keeps_earlier_signatures_intact(form, signing_env):
    """The patient's signature locks the patient's lines only: the witness may still fill in theirs."""
    assert sign(form, "patient", NAME).exit_code == 0
    form.write_bytes(change_field(form.read_bytes(), "witness_name", "Sam Jones"))
    checked = verify(form, signing_env)
    assert checked.exit_code == 0, checked.output


def test_without_a_trusted_authority_it_is_intact_but_not_trusted(form, signing_env):
    assert sign(form, "patient", NAME).exit_code == 0
    checked = run("verify", form)
    assert checked.exit_code == 0
    assert "intact, not trusted" in checked.output


def test_out_leaves_the_original_unchanged(form, signing_env, tmp_path, fillable_pdf):
    signed = tmp_path / "signed.pdf"
    assert sign(form, "witness", "Sam Jones", "--out", signed).exit_code == 0
    assert form.read_bytes() == fillable_pdf
    assert verify(signed, signing_env).exit_code == 0


def test_an_image_signature(form, signing_env, tmp_path):
    from PIL import Image, ImageDraw

    picture = Image.new("RGB", (300, 60), "white")
    ImageDraw.Draw(picture).line([(10, 40), (80, 10), (150, 50), (290, 20)], fill="navy", width=4)
    png = tmp_path / "signature.png"
    picture.save(png)
    assert sign(form, "patient", NAME, "--image", png).exit_code == 0
    assert verify(form, signing_env).exit_code == 0


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("paper", "has no patient_signature field: make the consent form with --fillable"),
        ("twice", "patient_signature is signed already"),
        ("no key", "HANDOUTS_SIGNING_KEY: not set"),
        ("bad password", "is HANDOUTS_SIGNING_PASSWORD its password?"),
    ],
)
def test_refusals_say_what_to_do(form, signing_env, monkeypatch, setup, message):
    if setup == "paper":
        form.write_bytes(render_pdf("consent"))
    elif setup == "twice":
        assert sign(form, "patient", NAME).exit_code == 0
    elif setup == "no key":
        monkeypatch.delenv("HANDOUTS_SIGNING_KEY")
    else:
        monkeypatch.setenv("HANDOUTS_SIGNING_PASSWORD", "wrong")
    before = form.read_bytes()
    result = sign(form, "patient", NAME)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
    assert form.read_bytes() == before  # nothing half-written


def test_a_file_with_no_signatures_does_not_verify(form, signing_env):
    checked = verify(form, signing_env)
    assert checked.exit_code == 1
    assert "no signatures" in checked.output


def test_signing_is_in_the_audit_log_without_name_or_birth_date(form, signing_env, tmp_path):
    assert sign(form, "patient", NAME).exit_code == 0
    log = (tmp_path / "audit" / "consent-audit.jsonl").read_text(encoding="utf-8")
    (entry,) = [json.loads(line) for line in log.splitlines()]
    assert entry["event"] == "signed"
    assert entry["role"] == "patient"
    assert entry["sha256"] == hashlib.sha256(form.read_bytes()).hexdigest()
    assert entry["content_version"] == "1.0"
    assert NAME not in log
    assert "1950" not in log


@pytest.mark.parametrize("damage", ["cut short", "not a PDF"])
def test_a_damaged_file_does_not_verify(form, signing_env, damage):
    assert sign(form, "patient", NAME).exit_code == 0
    data = form.read_bytes()
    form.write_bytes(data[: len(data) // 3] if damage == "cut short" else b"hello")
    checked = verify(form, signing_env)
    assert checked.exit_code == 1
    assert "cannot be read as a PDF: it is damaged or was changed" in checked.output
    assert "Traceback" not in checked.output
