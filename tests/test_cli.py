"""The command line as a user meets it: exit codes, messages naming file and field, PDFs on disk."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generate import cli
from pdftools import body_font_size, page_texts
from support import RECORD, ROOT, run


def write_csv(path: Path, records: list[dict]) -> Path:
    keys = list(RECORD)
    lines = [",".join(keys)]
    for record in records:
        lines.append(",".join(f'"{record.get(key) or ""}"' for key in keys))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_demo_makes_three_documents_for_every_sample_patient(tmp_path):
    result = run("demo", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    pdfs = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.pdf"))
    assert pdfs == [
        f"{pid}/{doc}.pdf"
        for pid in ("NB-100231", "NB-100247", "NB-100259", "NB-100262", "NB-100274", "NB-100281", "NB-100290")
        for doc in ("consent", "discharge", "leaflet")
    ] + ["print-bundle.pdf"]
    assert (tmp_path / "manifest.csv").exists()
    assert "Made 21 document(s)" in result.output
    assert not list(tmp_path.rglob("*.tmp")), "temporary files left behind"
    text = page_texts((tmp_path / "NB-100259" / "discharge.pdf").read_bytes())[0]
    assert "Zoë Łukasiewicz-O'Brien" in text
    # The samples show the other features too: an Arabic name in large print, a record with its own brand.
    arabic = (tmp_path / "NB-100262" / "discharge.pdf").read_bytes()
    assert "ليلى حداد" in page_texts(arabic)[0]
    assert body_font_size(arabic) >= 16
    assert "Riverside Community Health" in page_texts((tmp_path / "NB-100274" / "leaflet.pdf").read_bytes())[0]
    # ...and a patient who reads Spanish, and a second procedure.
    assert "Cifoplastia con balón" in page_texts((tmp_path / "NB-100281" / "leaflet.pdf").read_bytes())[0]
    assert "Vertebroplasty" in page_texts((tmp_path / "NB-100290" / "leaflet.pdf").read_bytes())[0]


def test_render_one_document_from_yaml_and_json(tmp_path):
    for suffix, dump in ((".yaml", lambda r: yaml.safe_dump(r, allow_unicode=True)), (".json", json.dumps)):
        source = tmp_path / f"patients{suffix}"
        source.write_text(dump([RECORD]), encoding="utf-8")
        out = tmp_path / f"out{suffix}"
        result = run("render", str(source), "--document", "consent", "--out", str(out))
        assert result.exit_code == 0, result.output
        assert [p.name for p in out.rglob("*.pdf")] == ["consent.pdf"]
        assert "Zoë O'Brien-Łukasz" in page_texts((out / "P-0042" / "consent.pdf").read_bytes())[0]


def test_an_invalid_record_refuses_the_run_with_exit_2_naming_file_and_field(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    patients = write_csv(
        tmp_path / "patients.csv", [RECORD, {**RECORD, "patient_id": "P-7", "date_of_birth": "1950-02-31"}]
    )
    result = run("render", "patients.csv", "--out", "out")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: patients.csv, row 3 (patient P-7): date_of_birth: expected a date like 1950-03-03 "
        "(year-month-day), got '1950-02-31'\n"
    )
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists(), "nothing may be written when the input is refused"
    assert patients.exists()


def test_a_missing_file_is_a_message_not_a_traceback(tmp_path):
    result = run("render", str(tmp_path / "nope.csv"))
    assert result.exit_code == 2
    assert "nope.csv: file not found" in result.stderr


def test_an_unknown_brand_is_refused(tmp_path):
    result = run("demo", "--out", str(tmp_path / "o"), "--brand", "nowhere")
    assert result.exit_code == 2
    assert "no brand named 'nowhere'; we have: northbrook" in result.stderr


def test_hostile_patient_ids_are_refused_and_nothing_leaves_the_output_folder(tmp_path):
    patients = tmp_path / "p.json"
    patients.write_text(json.dumps([{**RECORD, "patient_id": "../../x"}, {**RECORD, "patient_id": "con"}]))
    out = tmp_path / "out"
    result = run("render", str(patients), "--document", "leaflet", "--out", str(out))
    assert result.exit_code == 2, result.output
    assert "record 1 (patient ../../x): patient_id: expected letters, digits" in result.stderr
    assert "record 2 (patient con): patient_id: 'con' is a device name on Windows" in result.stderr
    assert not list(tmp_path.rglob("*.pdf"))


def test_safe_name_keeps_any_id_inside_the_folder():
    """The second line of defence, should an id ever get past validation."""
    from handout_engine.validate.patient_id import safe_name

    assert safe_name("../../x") == "_.._x"
    assert safe_name("con") == "con_"
    assert safe_name("a/b\\c") == "a_b_c"


def test_validate_passes_the_shipped_files_and_names_problems(tmp_path):
    result = run("validate")
    assert result.exit_code == 0, result.output
    assert "no problems" in result.output

    bad = tmp_path / "clinic.yaml"
    bad.write_text("clinic_name: X\ndepartment: Y\n", encoding="utf-8")
    patients = write_csv(tmp_path / "p.csv", [{**RECORD, "nhs_number": "123"}])
    result = run("validate", str(bad), str(patients))
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert f"Error: {bad}: address: required: expected a list with at least one entry".replace("entry", "item") in lines
    assert any(
        line.endswith("nhs_number: expected 10 digits with a valid check digit, like 943 476 5919, got '123'")
        for line in lines
    )
    assert all(line.startswith("Error: ") for line in lines)


def test_list_shows_handouts_documents_and_brands():
    result = run("list")
    assert result.exit_code == 0
    assert "kyphoplasty: en" in result.output
    for name in ("leaflet", "consent", "discharge", "northbrook (default)"):
        assert name in result.output


@pytest.mark.slow
def test_separate_processes_give_byte_identical_pdfs(tmp_path):
    """Invariant output: an audit can prove which version a patient received from its hash alone."""
    digests = []
    for run_number in (1, 2):
        out = tmp_path / f"run{run_number}"
        subprocess.run(
            [sys.executable, str(ROOT / "generate.py"), "demo", "--out", str(out)],
            check=True,
            capture_output=True,
            cwd=ROOT,
        )
        digests.append(
            {p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in out.rglob("*.pdf")}
        )
    assert len(digests[0]) == 22  # seven sample patients x 3 documents, and the print bundle
    assert digests[0] == digests[1]


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_and_option_has_help_and_is_in_the_readme(command):
    """README's Commands table has a row for each command naming each of its options (or its reading options)."""
    result = run(command, "--help")
    assert result.exit_code == 0
    assert len(result.output.splitlines()) > 3
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = readme[readme.index("## Commands") : readme.index("\n## ", readme.index("## Commands") + 1)]
    (row,) = [
        line
        for line in commands.splitlines()
        if line.startswith(f"| `python generate.py {command} ") or line.startswith(f"| `python generate.py {command}`")
    ]
    reading = commands[commands.index("Reading options") :] if "[reading options]" in row else ""
    for param in cli.commands[command].params:
        for option in (o for o in param.opts if o.startswith("--") and o != "--help"):
            assert option in row or option in reading, f"README's Commands row for {command} lacks {option}"
        assert param.param_type_name == "argument" or param.help, f"{command} {param.opts[0]} has no help text"


def test_a_document_that_fails_to_render_is_reported_and_the_rest_are_made(tmp_path, monkeypatch):
    """Exit 1: some documents failed and the rest were made; the failure names row, patient and document."""
    from reportlab.platypus.doctemplate import LayoutError

    import handout_engine.render

    def broken(*_args):
        raise LayoutError("a flowable is too large for the page")

    monkeypatch.setitem(handout_engine.render.BUILDERS, "consent", broken)
    # Nothing laid out before in this process (a body recorded once is replayed, not laid out again).
    monkeypatch.setattr(handout_engine.render, "_recordings", {})
    monkeypatch.setattr(handout_engine.render, "_shapes", {})
    result = run("demo", "--out", str(tmp_path))
    assert result.exit_code == 1
    assert (
        "Error: assets/samples/patients.csv, row 2 (patient NB-100231): consent: could not be made (LayoutError: "
        in (result.stderr)
    )
    assert len(list(tmp_path.glob("*/*.pdf"))) == 14  # seven sample patients x (leaflet, discharge)
    assert not list(tmp_path.rglob("consent.pdf"))


def test_a_brand_name_is_never_a_path(tmp_path):
    result = run("demo", "--out", str(tmp_path / "o"), "--brand", "../brands/northbrook")
    assert result.exit_code == 2
    assert "no brand named '../brands/northbrook'" in result.stderr


def test_an_output_folder_that_is_a_file_refuses_the_run(tmp_path):
    blocker = tmp_path / "afile"
    blocker.write_text("", encoding="utf-8")
    result = run("demo", "--out", str(blocker / "sub"))
    assert result.exit_code == 2
    assert result.stderr == f"Error: {blocker / 'sub'}: output folder: '{blocker}' is a file, not a folder (--out)\n"


def test_readme_quick_start_has_two_commands_and_ci_runs_the_test_one():
    """README's Quick start is exactly two commands, and CI runs the same test command."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick_start = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = [block.strip() for block in quick_start.split("```sh")[1:]]
    commands = [block.split("```", 1)[0].strip() for block in commands]
    assert len(commands) == 2
    assert commands[0].endswith("generate.py demo")
    assert commands[1].endswith("-m pytest")
    assert commands[1] in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
