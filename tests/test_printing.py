"""The print bundle on paper (issue 15): filler pages that say so, single-sided, split every N patients, and `--print`.

`--print` is checked end to end against a real CUPS server with a cups-pdf
virtual printer that the test starts in a folder of its own and stops again
(Debian's `cups` and `printer-driver-cups-pdf`, which .ci/run installs): what
reaches the queue is the bundle, page for page, two-sided, titled without a
patient's name or id.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from pypdf import PdfReader

from cups_pdf import CupsPdf, assert_installed, unlike_pages
from pdftools import page_texts
from support import csv_text, patients, run

FILLER = "This page is intentionally left blank"


def write(path: Path, records: list[dict]) -> Path:
    path.write_text(csv_text(records), encoding="utf-8")
    return path


def bookmarks(path: Path) -> list[str]:
    return [item.title for item in PdfReader(path).outline if not isinstance(item, list)]


def test_filler_pages_say_they_are_blank_and_name_the_patient(tmp_path):
    source = write(tmp_path / "p.csv", patients(2))
    out = tmp_path / "out"
    result = run("batch", str(source), "--out", str(out), "--bundle", str(out / "all.pdf"))
    assert result.exit_code == 0, result.output
    texts = page_texts((out / "all.pdf").read_bytes())
    fillers = [t for t in texts if t.startswith(FILLER)]
    assert fillers, "the samples have odd-paged documents"
    assert all(t in (f"{FILLER} Patient ID: P-0001", f"{FILLER} Patient ID: P-0002") for t in fillers)
    assert not any(t == "" for t in texts)  # no side left silently blank
    assert len(texts) % 2 == 0


def test_simplex_leaves_out_the_filler_pages(tmp_path):
    source = write(tmp_path / "p.csv", patients(2))
    out = tmp_path / "out"
    result = run("batch", str(source), "--out", str(out), "--bundle", str(out / "all.pdf"), "--simplex")
    assert result.exit_code == 0, result.output
    texts = page_texts((out / "all.pdf").read_bytes())
    made = sum(len(page_texts(pdf.read_bytes())) for pdf in out.glob("P-*/*.pdf"))
    assert len(texts) == made
    assert not any(FILLER in t for t in texts)
    assert "one-sided" in result.output


def test_bundle_size_splits_between_patients_never_within_one(tmp_path):
    source = write(tmp_path / "p.csv", patients(5))
    out = tmp_path / "out"
    result = run("batch", str(source), "--out", str(out), "--bundle", str(out / "all.pdf"), "--bundle-size", "2")
    assert result.exit_code == 0, result.output
    parts = sorted(out.glob("all-*.pdf"))
    assert [p.name for p in parts] == ["all-001.pdf", "all-002.pdf", "all-003.pdf"]
    assert not (out / "all.pdf").exists()
    assert [bookmarks(p) for p in parts] == [
        ["Patient P-0001", "Patient P-0002"],
        ["Patient P-0003", "Patient P-0004"],
        ["Patient P-0005"],
    ]
    for part in parts:  # each patient's pages all in one file: their id on every page of it
        texts = page_texts(part.read_bytes())
        ids = {pid for pid in ("P-0001", "P-0002", "P-0003", "P-0004", "P-0005") if any(pid in t for t in texts)}
        assert ids == {b.removeprefix("Patient ") for b in bookmarks(part)}
        assert len(texts) % 2 == 0
    assert "all-001.pdf, " in result.output
    refused = run("batch", str(source), "--out", str(tmp_path / "o2"), "--bundle-size", "2")
    assert refused.exit_code == 2
    assert "--bundle-size needs --bundle FILE" in refused.output


def fake_lp(folder: Path) -> Path:
    """An `lp` that records its arguments and what it was given, as CUPS would queue it."""
    script = folder / "lp"
    script.write_text(
        "#!/bin/sh\n"
        f'printf "%s\\n" "$@" > "{folder}/args-$$"\n'
        f'cat > "{folder}/data-$$"\n'
        'echo "request id is ward7-$$ (1 file(s))"\n',
        encoding="utf-8",
    )
    script.chmod(0o755)
    return script


def test_print_sends_the_bundle_two_sided_titled_without_the_patient(tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake_lp(bin_dir)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    source = write(tmp_path / "p.csv", patients(1))
    out = tmp_path / "out"
    result = run("render", str(source), "--out", str(out), "--document", "discharge", "--print", "ward7")
    assert result.exit_code == 0, result.output
    (args,) = [p.read_text().split("\n")[:-1] for p in bin_dir.glob("args-*")]
    assert args == ["-d", "ward7", "-t", "Patient handouts: print bundle", "-o", "sides=two-sided-long-edge", "-"]
    (data,) = bin_dir.glob("data-*")
    assert data.read_bytes() == (out / "print-bundle.pdf").read_bytes()  # on stdin: no file name reaches CUPS
    assert "Sent to printer ward7 (two-sided): ward7-" in result.output
    for path in bin_dir.glob("*-*"):
        path.unlink()
    again = ("render", source, "--out", tmp_path / "o2", "--document", "discharge", "--print", "ward7", "--simplex")
    result = run(*again)
    assert result.exit_code == 0, result.output
    (args,) = [p.read_text().split("\n")[:-1] for p in bin_dir.glob("args-*")]
    assert "sides=one-sided" in args


def test_a_printer_that_refuses_is_named_with_its_reason(tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "lp").write_text("#!/bin/sh\necho 'lp: The printer or class does not exist.' >&2\nexit 1\n")
    (bin_dir / "lp").chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    source = write(tmp_path / "p.csv", patients(1))
    result = run("render", str(source), "--out", str(tmp_path / "out"), "--document", "leaflet", "--print", "nowhere")
    assert result.exit_code == 1
    assert "nowhere: print: Patient handouts: print bundle was refused: lp: The printer or class does not exist." in (
        result.output
    )
    assert (tmp_path / "out" / "print-bundle.pdf").exists()  # what was made stays made


# ---------------------------------------------------------------- a real CUPS queue


@pytest.mark.slow  # ghostscript turns each job into a PDF: several seconds a job
def test_print_reaches_a_real_cups_queue_as_the_bundle_two_sided(tmp_path):
    assert_installed()
    cups = CupsPdf()
    cups.start()
    try:
        source = write(tmp_path / "p.csv", patients(2))
        out = tmp_path / "out"
        os.environ["CUPS_SERVER"] = str(cups.socket)
        try:
            result = run("batch", source, "--out", out, "--documents", "consent,discharge", "--print", cups.queue)
        finally:
            del os.environ["CUPS_SERVER"]
        assert result.exit_code == 0, result.output
        job = result.output.split("Sent to printer ")[1].split("): ")[1].split()[0]
        line = cups.page_log(job)
        pages = len(PdfReader(out / "print-bundle.pdf").pages)
        # queue user job [date] total N - host TITLE - sides
        assert f"total {pages} " in line
        assert line.endswith("two-sided-long-edge")
        assert "Patient handouts: print bundle" in line
        for private in ("P-0001", "P-0002", "Zoë", "O'Brien", "1950"):
            assert private not in line
        arrived = cups.printed(job)
        assert len(PdfReader(io.BytesIO(arrived)).pages) == pages
        unlike = unlike_pages((out / "print-bundle.pdf").read_bytes(), arrived)
        assert unlike == [], "\n".join(map(str, unlike))
    finally:
        cups.stop()
