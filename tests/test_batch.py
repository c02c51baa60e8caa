"""Batch runs as a clinic meets them: every input format, bad records among good, the manifest, the print bundle,
workers, and a batch killed half-way."""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from pypdf import PdfReader

from generate import cli
from pdftools import page_texts
from support import DOCUMENTS, NAME, RECORD, ROOT, csv_text, patients, run


def write(path: Path, records: list[dict]) -> Path:
    suffix = path.suffix
    if suffix == ".csv":
        text = csv_text(records, bom=True)
    elif suffix == ".yaml":
        text = yaml.safe_dump(records, allow_unicode=True)
    elif suffix == ".json":
        text = json.dumps(records, ensure_ascii=False)
    else:
        text = "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)
    path.write_text(text, encoding="utf-8")
    return path


def manifest(out: Path) -> list[dict]:
    with (out / "manifest.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def hashes(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*.pdf")}


# ---------------------------------------------------------------- inputs


@pytest.mark.parametrize("suffix", [".csv", ".yaml", ".json", ".jsonl"])
def test_every_input_format_makes_the_same_pdfs(tmp_path, suffix, sample_pdfs):
    """CSV (with the byte-order mark a spreadsheet writes), YAML, JSON and JSON Lines give byte-identical PDFs."""
    source = write(tmp_path / f"patients{suffix}", [RECORD])
    out = tmp_path / "out"
    result = run("batch", str(source), "--out", str(out), "--workers", "1")
    assert result.exit_code == 0, result.output
    for document in DOCUMENTS:
        assert (out / "P-0042" / f"{document}.pdf").read_bytes() == sample_pdfs[document], document
    assert [row["status"] for row in manifest(out)] == ["made"] * 3


def test_standard_input_is_read_with_a_dash(tmp_path):
    out = tmp_path / "out"
    result = run("batch", "-", "--out", str(out), "--documents", "discharge", stdin=csv_text(patients(2), bom=True))
    assert result.exit_code == 0, result.output
    assert sorted(hashes(out)) == ["P-0001/discharge.pdf", "P-0002/discharge.pdf"]
    jsonl = "".join(json.dumps(r) + "\n" for r in patients(1))
    result = run("batch", "-", "--out", str(tmp_path / "o2"), "--documents", "leaflet", stdin=jsonl)
    assert result.exit_code == 0, result.output
    assert manifest(tmp_path / "o2")[0]["file"] == "P-0001/leaflet.pdf"


def test_a_record_chooses_its_own_documents(tmp_path):
    records = [
        {**RECORD, "patient_id": "A1", "documents": "discharge;leaflet"},
        {**RECORD, "patient_id": "A2", "documents": ""},  # empty: the run's --documents
        {**RECORD, "patient_id": "A3", "documents": "consent"},
    ]
    out = tmp_path / "out"
    result = run("batch", str(write(tmp_path / "p.csv", records)), "--out", str(out), "--documents", "leaflet")
    assert result.exit_code == 0, result.output
    assert sorted(hashes(out)) == ["A1/discharge.pdf", "A1/leaflet.pdf", "A2/leaflet.pdf", "A3/consent.pdf"]
    assert [(r["patient_id"], r["document"]) for r in manifest(out)] == [
        ("A1", "leaflet"),
        ("A1", "discharge"),
        ("A2", "leaflet"),
        ("A3", "consent"),
    ]


def test_a_file_that_cannot_be_read_refuses_the_run(tmp_path):
    source = tmp_path / "p.csv"
    source.write_text("patient_id,name,date_of_brith\nP1,Ann,1950-01-01\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run("batch", str(source), "--out", str(out))
    assert result.exit_code == 2
    assert (
        "row 1: date_of_birth: no column for this field (is 'date_of_brith' it?); "
        "the columns are: patient_id, name, date_of_brith"
    ) in result.stderr
    assert not out.exists()


# ---------------------------------------------------------------- bad records among good


def test_bad_records_are_reported_and_skipped_and_the_good_ones_made(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    records = [
        {**RECORD, "patient_id": "GOOD-1"},
        {**RECORD, "patient_id": "NO-NAME", "name": ""},
        {**RECORD, "patient_id": "BAD-DATE", "date_of_birth": "1950-02-31"},
        {**RECORD, "patient_id": "BAD-NHS", "nhs_number": "999 000 0043"},
        {**RECORD, "patient_id": "NO-HANDOUT", "handout": "appendix"},
        {**RECORD, "patient_id": "good-1"},  # the same folder as GOOD-1 on a case-blind disk
        {**RECORD, "patient_id": "../../x"},
        {**RECORD, "patient_id": "con"},
        {**RECORD, "patient_id": "GOOD-2"},
    ]
    write(Path("patients.csv"), records)
    result = run("batch", "patients.csv", "--out", "out", "--documents", "leaflet,discharge", "--workers", "2")
    assert result.exit_code == 1
    errors = result.stderr.splitlines()
    assert errors == [
        "Error: patients.csv, row 3 (patient NO-NAME): name: required, but missing or empty",
        "Error: patients.csv, row 4 (patient BAD-DATE): date_of_birth: expected a date like 1950-03-03 "
        "(year-month-day), got '1950-02-31'",
        "Error: patients.csv, row 5 (patient BAD-NHS): nhs_number: expected 10 digits with a valid check digit, "
        "like 943 476 5919, got '999 000 0043'",
        "Error: patients.csv, row 6 (patient NO-HANDOUT): handout: unknown handout 'appendix'; "
        "we have: kyphoplasty, vertebroplasty",
        "Error: patients.csv, row 7 (patient good-1): patient_id: 'good-1' is the same patient id as row 2 "
        "(ids must be unique, ignoring case)",
        "Error: patients.csv, row 8 (patient ../../x): patient_id: expected letters, digits, '-', '_' or '.', "
        "starting and ending with a letter or digit (like NB-100231), got '../../x'",
        "Error: patients.csv, row 9 (patient con): patient_id: 'con' is a device name on Windows and cannot be a "
        "folder name",
    ]
    out = Path("out")
    assert sorted(hashes(out)) == [
        f"{pid}/{doc}.pdf" for pid in ("GOOD-1", "GOOD-2") for doc in ("discharge", "leaflet")
    ]
    assert not list(tmp_path.glob("x*"))
    assert not (tmp_path.parent / "x").exists()
    rows = manifest(out)
    assert len(rows) == len(records) * 2, "every record keeps its rows, made or failed"
    assert [(r["row"], r["status"]) for r in rows[::2]] == [
        (str(n), "made" if n in (2, 10) else "failed") for n in range(2, 11)
    ]
    failed = [r for r in rows if r["status"] == "failed"]
    assert failed[0]["error"] == "name: required, but missing or empty"
    assert all(r["file"] == "" and r["sha256"] == "" for r in failed)
    assert "Made 4 document(s)" in result.output
    assert "for 2 of 9 record(s)" in result.output
    assert "7 record(s) failed" in result.output


def test_a_bad_json_line_fails_only_its_record(tmp_path):
    source = tmp_path / "p.jsonl"
    lines = [json.dumps({**RECORD, "patient_id": "J1"}), '{"patient_id": "J2", "name": ', json.dumps([1, 2])]
    lines.append(json.dumps({**RECORD, "patient_id": "J4"}))
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run("batch", str(source), "--out", str(out), "--documents", "leaflet")
    assert result.exit_code == 1
    assert f"Error: {source}, line 2: not valid JSON (Expecting value)" in result.stderr
    assert f"Error: {source}, line 3: expected a mapping of field names to values" in result.stderr
    assert sorted(hashes(out)) == ["J1/leaflet.pdf", "J4/leaflet.pdf"]


# ---------------------------------------------------------------- manifest, metadata, bundle


@pytest.fixture(scope="module")
def bundled_batch(tmp_path_factory):
    """Three patients, all documents, with a print bundle; one record fails."""
    folder = tmp_path_factory.mktemp("bundle")
    records = [*patients(2), {**RECORD, "patient_id": "P-BAD", "levels": "X9"}, *patients(3)[2:]]
    records[1]["name"] = "Ann <b>& Jo"
    source = write(folder / "p.csv", records)
    out, bundle = folder / "out", folder / "print" / "bundle.pdf"
    result = CliRunner().invoke(
        cli, ["batch", str(source), "--out", str(out), "--bundle", str(bundle)], catch_exceptions=False
    )
    return result, out, bundle


def test_manifest_rows_and_hashes_match_the_files(bundled_batch):
    result, out, _bundle = bundled_batch
    assert result.exit_code == 1
    rows = manifest(out)
    assert list(rows[0]) == [
        "patient_id",
        "row",
        "document",
        "handout",
        "language",
        "content_version",
        "next_review",
        "file",
        "pages",
        "sha256",
        "status",
        "error",
        "note",
        "patient_risks",
    ]
    made = [r for r in rows if r["status"] == "made"]
    assert len(made) == 9
    for row in made:
        data = (out / row["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == row["sha256"]
        assert len(PdfReader(io.BytesIO(data)).pages) == int(row["pages"])
        assert (row["handout"], row["language"], row["content_version"]) == ("kyphoplasty", "en", "1.0")
    assert sorted(r["file"] for r in made) == sorted(hashes(out))
    failed = [r for r in rows if r["status"] == "failed"]
    assert [(r["patient_id"], r["row"], r["document"]) for r in failed] == [
        ("P-BAD", "4", document) for document in DOCUMENTS
    ]
    assert failed[0]["error"] == "levels: expected spinal levels like T12;L1, got 'X9'"


def test_no_name_or_birth_date_in_file_names_or_metadata(bundled_batch):
    _result, out, bundle = bundled_batch
    for path in [*out.rglob("*"), bundle]:
        assert not any(part in path.name for part in ("Zo", "1950")), path
        if path.suffix == ".pdf":
            meta = PdfReader(path).metadata or {}
            text = " ".join(str(value) for value in meta.values())
            assert not any(part in text for part in (NAME, "Zo", "1950", "March")), path


def test_bundle_starts_every_document_on_a_right_hand_page_with_a_bookmark(bundled_batch):
    _result, out, bundle = bundled_batch
    reader = PdfReader(bundle, strict=True)
    texts = [" ".join(page.extract_text().split()) for page in reader.pages]
    assert len(texts) % 2 == 0
    marks = [
        (item.title, reader.get_destination_page_number(item) + 1)
        for item in reader.outline
        if not isinstance(item, list)
    ]
    assert [title for title, _page in marks] == ["Patient P-0001", "Patient P-0002", "Patient P-0003"]
    children = [item for item in reader.outline if isinstance(item, list)]
    starts = []
    for (patient, first_page), documents in zip(marks, children, strict=True):
        titles = [item.title for item in documents]
        assert titles == ["Information for patients", "Consent form", "Discharge information"]
        pages = [reader.get_destination_page_number(item) + 1 for item in documents]
        assert pages[0] == first_page
        starts += [(patient.removeprefix("Patient "), page) for page in pages]
    assert all(page % 2 == 1 for _pid, page in starts), "each document starts on an odd (right-hand) page"
    # In input order, each document is whole and the same as its own file, and a back page left blank says so,
    # with its patient's id (issue 15).
    ends = [page for _pid, page in starts[1:]] + [len(texts) + 1]
    for (pid, start), end in zip(starts, ends, strict=True):
        pages_in_file = len(page_texts(next((out / pid).glob("*.pdf")).read_bytes()))  # sanity: files exist
        assert pages_in_file > 0
        filler = f"This page is intentionally left blank Patient ID: {pid}"
        document_pages = [t for t in texts[start - 1 : end - 1] if t != filler]
        assert all(f"Patient ID: {pid}" in t for t in document_pages)
        assert f"Page {len(document_pages)} of {len(document_pages)}" in document_pages[-1]
        assert all(t == filler for t in texts[start - 1 + len(document_pages) : end - 1])
        assert (end - start) % 2 == 0
    assert "Ann <b>& Jo" in texts[starts[3][1] - 1]  # escaped markup in a name prints literally
    assert not any("P-BAD" in t for t in texts)


def test_one_worker_and_two_give_byte_identical_files(tmp_path):
    source = write(tmp_path / "p.csv", patients(4))
    digests = []
    for workers in ("1", "2"):
        out = tmp_path / f"w{workers}"
        result = run("batch", str(source), "--out", str(out), "--workers", workers, "--bundle", str(out / "all.pdf"))
        assert result.exit_code == 0, result.output
        digests.append(hashes(out) | {"manifest": hashlib.sha256((out / "manifest.csv").read_bytes()).hexdigest()})
    assert len(digests[0]) == 4 * 3 + 2
    assert digests[0] == digests[1]


# ---------------------------------------------------------------- interruption


def start_batch(source: Path, out: Path, *extra: str) -> subprocess.Popen:
    command = [sys.executable, str(ROOT / "generate.py"), "batch", str(source), "--out", str(out), *extra]
    return subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)


def finish(process: subprocess.Popen, timeout: float = 60) -> tuple[bytes, bytes]:
    """Wait for a batch; if it hangs, end it and its workers (never leave a spinning process behind), then fail."""
    try:
        return process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise


def wait_for_pdfs(out: Path, count: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while len(list(out.glob("*/*.pdf"))) < count:
        assert process.poll() is None, "the batch ended before it could be interrupted"
        assert time.monotonic() < deadline
        time.sleep(0.02)


def processes_running_with(argument: str) -> list[int]:
    """Processes whose command line holds `argument` (workers are forks: they share the batch's command line)."""
    deadline = time.monotonic() + 5
    while True:
        found = []
        for entry in Path("/proc").glob("[0-9]*"):
            try:
                if argument.encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.05)


def assert_only_whole_pdfs(out: Path) -> None:
    """Every PDF under its final name is whole. (kill -9 cannot be caught: it may leave temporary files in the
    hidden .incomplete folder, never under a PDF's name, and the next run sweeps them.)"""
    for path in out.rglob("*"):
        if ".incomplete" in path.parts:
            assert path.is_dir() or path.name.endswith(".tmp"), path
        elif path.is_file() and path.name not in (".batch.lock", "manifest.csv", ".batch-files"):
            assert path.suffix == ".pdf", f"left behind: {path}"
            assert not path.name.startswith("."), f"left behind: {path}"
            pages = PdfReader(path, strict=True).pages
            assert "Page 1 of" in pages[0].extract_text()


@pytest.mark.slow
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGINT, "SIGTERM to the process group"])
def test_an_interrupted_batch_leaves_only_whole_pdfs_and_a_rerun_completes(tmp_path, how):
    source = write(tmp_path / "p.csv", patients(40))
    out = tmp_path / "out"
    bundle = tmp_path / "bundle.pdf"
    process = start_batch(source, out, "--workers", "2", "--bundle", str(bundle))
    wait_for_pdfs(out, 12, process)
    if isinstance(how, str):
        # As a service stop or a closed terminal does: the workers get it too, and may die mid-result.
        os.killpg(process.pid, signal.SIGTERM)
    else:
        process.send_signal(how)  # to the batch alone, as `kill -9 PID` would: its workers must end with it
    _stdout, stderr = finish(process)
    assert not processes_running_with(str(out)), "worker processes outlived the batch"
    if how != signal.SIGKILL:
        assert process.returncode == 130
        assert b"run the same command again to finish" in stderr
        assert b"Traceback" not in stderr
        assert not (out / ".incomplete").exists()
    made = len(list(out.glob("*/*.pdf")))
    assert 12 <= made < 120, "interrupted part-way"
    assert not (out / "manifest.csv").exists(), "a manifest appears only for a finished batch"
    assert not bundle.exists()
    assert_only_whole_pdfs(out)

    rerun = subprocess.run(
        [sys.executable, str(ROOT / "generate.py"), "batch", str(source), "--out", str(out), "--bundle", str(bundle)],
        cwd=ROOT,
        capture_output=True,
        check=False,
    )
    assert rerun.returncode == 0, rerun.stderr
    assert len(list(out.glob("*/*.pdf"))) == 120
    assert [r["status"] for r in manifest(out)] == ["made"] * 120
    assert_only_whole_pdfs(out)
    assert not (out / ".incomplete").exists()
    assert not list(tmp_path.glob(".bundle.pdf.*")), "no half-written bundle beside the finished one"
    assert len(PdfReader(bundle).outline) == 80  # a bookmark per patient, and a list of three under each


def test_a_second_batch_into_the_same_folder_is_refused(tmp_path):
    fcntl = pytest.importorskip("fcntl")
    out = tmp_path / "out"
    out.mkdir()
    with (out / ".batch.lock").open("a+b") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        result = run("batch", str(write(tmp_path / "p.csv", patients(1))), "--out", str(out))
    assert result.exit_code == 2
    assert "another batch is writing to this folder" in result.stderr
    assert not list(out.glob("*/*.pdf"))


def test_what_a_killed_batch_left_half_written_is_swept(tmp_path):
    out = tmp_path / "out"
    (out / ".incomplete").mkdir(parents=True)
    (out / ".incomplete" / ".leaflet.pdf.123.tmp").write_bytes(b"%PDF-1.4 half")
    result = run("batch", str(write(tmp_path / "p.csv", patients(1))), "--out", str(out), "--documents", "leaflet")
    assert result.exit_code == 0, result.output
    assert not (out / ".incomplete").exists()


def test_output_when_not_a_terminal_is_plain(tmp_path):
    result = run("batch", str(write(tmp_path / "p.csv", patients(2))), "--out", str(tmp_path / "o"))
    assert result.stderr == ""
    lines = result.output.splitlines()
    assert re.match(r"Made 6 document\(s\), \d+ page\(s\), for 2 of 2 record\(s\) in ", lines[0]), lines[0]
    assert lines[0].endswith(" pages/s).")


def test_a_quote_that_swallows_patients_refuses_the_whole_file(tmp_path):
    """Closed rows later, a stray quote folds whole patients into one cell: no patient may vanish unnoticed."""
    rows = csv_text(patients(1)).splitlines()
    header, first = rows[0], rows[1]
    swallowing = first.replace("Stayed one night.", '"Stayed one night.')
    text = "\n".join([header, swallowing, first.replace("P-0001", "P-0002"), first.replace("P-0001", "P-0003") + '"'])
    source = tmp_path / "p.csv"
    source.write_text(text + "\n", encoding="utf-8")
    result = run("batch", str(source), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "row 2: notes: the notes cell of row 2 holds what look like more rows" in result.stderr
    assert not (tmp_path / "out").exists()


def test_spreadsheet_trailing_empty_columns_are_ignored(tmp_path):
    lines = csv_text(patients(1)).splitlines()
    source = tmp_path / "p.csv"
    source.write_text(lines[0] + ",,\n" + lines[1] + ",,\n", encoding="utf-8")
    result = run("batch", str(source), "--out", str(tmp_path / "out"), "--documents", "leaflet")
    assert result.exit_code == 0, result.output


def test_the_bundle_never_replaces_a_patients_pdf_or_the_input(tmp_path):
    source = write(tmp_path / "p.csv", patients(1))
    out = tmp_path / "out"
    assert run("batch", str(source), "--out", str(out), "--documents", "leaflet").exit_code == 0
    before = (out / "P-0001" / "leaflet.pdf").read_bytes()
    for bundle, reason in (
        (out / "P-0001" / "leaflet.pdf", "is inside a patient's folder"),
        (source, "give a file name ending .pdf"),
        (out, "is a directory"),
    ):
        result = run("batch", str(source), "--out", str(out), "--bundle", str(bundle))
        assert result.exit_code == 2, bundle
        assert reason in result.stderr
    notes = tmp_path / "notes.pdf"
    notes.write_text("not a pdf", encoding="utf-8")
    result = run("batch", str(source), "--out", str(out), "--bundle", str(notes))
    assert "exists and is not a PDF; it will not be overwritten" in result.stderr
    assert (out / "P-0001" / "leaflet.pdf").read_bytes() == before


def test_a_record_that_now_fails_leaves_no_old_pdf_behind(tmp_path):
    """The folder must never show a document the manifest calls failed."""
    out = tmp_path / "out"
    first = write(tmp_path / "a.csv", patients(2))
    assert run("batch", str(first), "--out", str(out), "--documents", "leaflet").exit_code == 0
    second = write(tmp_path / "b.csv", [patients(2)[0], {**patients(2)[1], "date_of_birth": "1950-02-31"}])
    result = run("batch", str(second), "--out", str(out), "--documents", "leaflet")
    assert result.exit_code == 1
    assert (out / "P-0001" / "leaflet.pdf").exists()
    assert not (out / "P-0002" / "leaflet.pdf").exists()
    assert [r["status"] for r in manifest(out)] == ["made", "failed"]


@pytest.mark.slow
def test_a_lost_worker_stops_the_batch_instead_of_hanging(tmp_path):
    """If the system kills a worker (out of memory), the batch ends with a message; a re-run completes."""
    source = write(tmp_path / "p.csv", patients(40))
    out = tmp_path / "out"
    process = start_batch(source, out, "--workers", "2")
    wait_for_pdfs(out, 3, process)
    workers = [int(p) for p in Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()]
    os.kill(workers[0], signal.SIGKILL)
    _stdout, stderr = finish(process)
    assert process.returncode == 1
    assert b"a worker process stopped unexpectedly" in stderr
    assert b"Traceback" not in stderr
    assert_only_whole_pdfs(out)
    rerun = subprocess.run(
        [sys.executable, str(ROOT / "generate.py"), "batch", str(source), "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        check=False,
    )
    assert rerun.returncode == 0, rerun.stderr


def test_a_batch_stopped_from_its_progress_has_ended_its_workers_before_the_error_leaves(tmp_path):
    """The web app stops a list from its progress callback, the CLI on Ctrl-C between records: the pool must be
    stopped there and then, not whenever the traceback holding the batch is freed (with click 8.1 that was after
    the CLI had chosen to leave normally, and Python's exit then waited on a pool with a dead worker)."""
    import multiprocessing

    from handout_engine.batch import BatchRequest, run_batch

    source = write(tmp_path / "p.csv", patients(12))
    before = set(multiprocessing.active_children())

    def stop(done, _total, _report):
        if done == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt) as stopped:
        run_batch(BatchRequest(source, tmp_path / "out", workers=2), on_progress=stop)
    assert stopped.value.__traceback__ is not None  # still held here, as a caller up the stack would
    assert set(multiprocessing.active_children()) <= before
