"""An output folder used a second time: the earlier batch's PDFs never pass for new ones, a folder holding files
no batch made is refused, and a batch that made nothing says so plainly (issue 14)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from generate import cli
from support import RECORD

HEADER = "patient_id,name,date_of_birth,handout\n"


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def write_list(path: Path, *ids: str) -> Path:
    path.write_text(HEADER + "".join(f"{pid},Ann Lee,1950-03-03,kyphoplasty\n" for pid in ids), encoding="utf-8")
    return path


def pdfs(out: Path) -> list[str]:
    return sorted(path.relative_to(out).as_posix() for path in out.rglob("*.pdf"))


def test_a_second_batch_removes_the_first_batchs_pdfs_and_says_so(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    first = run("batch", str(write_list(Path("monday.csv"), "P-1", "P-2")), "--out", "out", "--documents", "leaflet")
    assert first.exit_code == 0, first.output
    assert pdfs(Path("out")) == ["P-1/leaflet.pdf", "P-2/leaflet.pdf"]
    second = run(
        "batch", str(write_list(Path("tuesday.csv"), "P-3")), "--out", "out", "--documents", "leaflet",
        "--bundle", "out/print.pdf",
    )  # fmt: skip
    assert second.exit_code == 0, second.output
    assert "Warning: out: removed the 2 file(s) an earlier batch made here first" in second.stderr
    assert pdfs(Path("out")) == ["P-3/leaflet.pdf", "print.pdf"]
    assert not Path("out/P-1").exists()
    third = run("batch", "tuesday.csv", "--out", "out", "--documents", "leaflet")  # the bundle was this folder's too
    assert third.exit_code == 0, third.output
    assert "removed the 2 file(s)" in third.stderr
    assert pdfs(Path("out")) == ["P-3/leaflet.pdf"]


def test_a_folder_holding_files_no_batch_made_is_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("out/Ward 7").mkdir(parents=True)
    Path("out/notes.txt").write_text("the clinic's own notes", encoding="utf-8")
    Path("out/Ward 7/old.pdf").write_bytes(b"%PDF-1.4 someone else's")
    result = run("batch", str(write_list(Path("p.csv"), "P-1")), "--out", "out")
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "Error: out: output folder: holds files no earlier batch made (Ward 7/old.pdf, notes.txt); "
    )
    assert Path("out/notes.txt").read_text(encoding="utf-8") == "the clinic's own notes"
    assert pdfs(Path("out")) == ["Ward 7/old.pdf"]


def test_the_files_of_a_killed_batch_are_its_own(tmp_path, monkeypatch):
    """A killed batch has no manifest, but it listed each file before writing it."""
    monkeypatch.chdir(tmp_path)
    Path("out/P-9").mkdir(parents=True)
    Path("out/P-9/leaflet.pdf").write_bytes(b"%PDF-1.4 made before the kill")
    Path("out/.batch-files").write_text("P-9/leaflet.pdf\n", encoding="utf-8")
    result = run("batch", str(write_list(Path("p.csv"), "P-1")), "--out", "out", "--documents", "leaflet")
    assert result.exit_code == 0, result.output
    assert pdfs(Path("out")) == ["P-1/leaflet.pdf"]


def test_when_no_record_was_made_the_summary_says_so(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("bad.csv").write_text(
        HEADER + f"P-1,Ann Lee,1950-02-31,kyphoplasty\nP-2,{RECORD['name']},2999-01-01,kyphoplasty\n", encoding="utf-8"
    )
    result = run("batch", "bad.csv", "--out", "out")
    assert result.exit_code == 1
    assert result.stdout == "No record was made: all 2 record(s) failed; see the errors above.\n"
