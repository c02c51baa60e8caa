"""The nurses' page prints on the ward's printer when one is configured (issue 15): `serve --printer QUEUE`.

Driven through Flask's test client as tests/test_web.py does. A fake `lp`
records what it was given (so the test can hold it to the exact PDFs the
preview made), and the end-to-end test prints to a cups-pdf queue on a CUPS
server of the test's own (tests/cups_pdf.py), as `--print` is tested: what
arrives is the document, page for page, titled without the patient, and a
stopped printer, an unknown queue and a printer that refuses jobs each come
back as a message on the page.
"""

from __future__ import annotations

import html as html_module
import io
import os
import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from test_web import BASE, GOOD, Page, get, post, upload, wait_for_run

from cups_pdf import CupsPdf, assert_installed, unlike_pages
from generate import cli
from handout_engine.web.app import close_app, create_app
from pdftools import page_texts
from support import RECORD

PRIVATE = ("Zoë", "O'Brien", "Łukasz", "P-0042", "1950", "943 476 5919")


def fake_lp(folder: Path, refuse_after: int | None = None) -> Path:
    """An `lp` that keeps each job's arguments and data (args-N, data-N, in order) and answers as CUPS does.

    With `refuse_after`, the jobs after that many are refused as an unknown queue is.
    """
    folder.mkdir(exist_ok=True)
    refusal = (
        f'if [ "$n" -gt {refuse_after} ]; then\n'
        '  echo "lp: Error - The printer or class does not exist." >&2; exit 1\nfi\n'
        if refuse_after is not None
        else ""
    )
    script = folder / "lp"
    script.write_text(
        "#!/bin/sh\n"
        f'n=$(ls "{folder}" | grep -c "^args-" ); n=$((n + 1))\n'
        f'printf "%s\\n" "$@" > "{folder}/args-$n"\n'
        f"{refusal}"
        f'cat > "{folder}/data-$n"\n'
        'echo "request id is ward-7-$n (1 file(s))"\n',
        encoding="utf-8",
    )
    script.chmod(0o755)
    return folder


def jobs(folder: Path) -> list[tuple[list[str], bytes]]:
    found = []
    for n in range(1, 20):
        args = folder / f"args-{n}"
        if not args.exists():
            break
        data = folder / f"data-{n}"
        found.append((args.read_text().split("\n")[:-1], data.read_bytes() if data.exists() else b""))
    return found


@pytest.fixture
def lp(tmp_path, monkeypatch) -> Path:
    folder = fake_lp(tmp_path / "bin")
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    return folder


def printing_client(queue: str = "ward-7", simplex: bool = False):
    return create_app("127.0.0.1", 8000, workers=1, printer_queue=queue, printer_simplex=simplex).test_client()


def make(client, documents=("consent", "discharge"), **changes) -> str:
    response = post(client, "/make", {**GOOD, "documents": list(documents), **changes})
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    return response.headers["Location"]


def print_forms(html: str) -> list[tuple[str, str, str]]:
    """Each "Print on" form on a page: its action, the document it sends, and the button's words."""
    found = []
    for form in re.findall(r'<form method="post" action="([^"]+)" class="inline-form">(.*?)</form>', html, re.S):
        action, body = form
        document = re.search(r'name="document" value="([^"]+)"', body)
        button = re.sub(r"<[^>]+>", "", re.search(r"<button[^>]*>(.*?)</button>", body, re.S).group(1))
        assert 'name="form_token"' in body  # as the page's other forms: a post from elsewhere is refused
        found.append((action, document.group(1) if document else "", html_module.unescape(button)))
    return found


def print_result(html: str) -> str:
    found = re.search(r'<div [^>]*id="print-result"[^>]*>(.*?)</div>', html, re.S)
    return " ".join(html_module.unescape(re.sub(r"<[^>]+>", " ", found.group(1))).split()) if found else ""


def press(client, location: str, document: str) -> str:
    """Press "Print on ..." for `document` on the preview at `location`; the page it comes back to."""
    response = post(client, location + "/print", {"document": document})
    assert response.status_code == 303
    assert response.headers["Location"] == location + "#print-result"
    return get(client, location).get_data(as_text=True)


def test_without_a_printer_the_page_offers_none():
    client = create_app("127.0.0.1", 8000, workers=1).test_client()
    location = make(client)
    html = get(client, location).get_data(as_text=True)
    assert "Print on" not in html
    assert print_forms(html) == []
    assert post(client, location + "/print", {"document": "consent"}).status_code == 404


def test_print_on_the_wards_printer_sends_exactly_what_was_made(lp):
    client = printing_client()
    location = make(client)
    html = get(client, location).get_data(as_text=True)
    forms = print_forms(html)
    assert forms == [
        (location + "/print", "all", "Print all 2 documents on ward-7"),
        (location + "/print", "consent", "Print on ward-7: Consent form"),
        (location + "/print", "discharge", "Print on ward-7: Discharge sheet"),
    ]
    assert print_result(html) == ""
    shown = press(client, location, "discharge")
    result = print_result(shown)
    assert re.fullmatch(r"Sent to ward-7 at \d\d:\d\d, two-sided: Discharge sheet \(job ward-7-1\)\.", result), result
    assert 'role="status"' in shown
    ((args, data),) = jobs(lp)
    assert args == ["-d", "ward-7", "-t", "Patient handouts: Discharge sheet", "-o", "sides=two-sided-long-edge", "-"]
    assert data == get(client, location + "/discharge.pdf").data  # the previewed PDF, byte for byte
    for private in PRIVATE:
        assert private not in " ".join(args)
    press(client, location, "all")
    sent = jobs(lp)[1:]
    assert [args[3] for args, _ in sent] == ["Patient handouts: Consent form", "Patient handouts: Discharge sheet"]
    assert [data for _, data in sent] == [get(client, f"{location}/{d}.pdf").data for d in ("consent", "discharge")]


def test_a_one_sided_ward_printer(lp):
    client = printing_client(simplex=True)
    location = make(client, documents=("leaflet",))
    html = get(client, location).get_data(as_text=True)
    assert [button for *_, button in print_forms(html)] == ["Print on ward-7: Procedure leaflet"]  # no "all" for one
    assert "one-sided: Procedure leaflet (job ward-7-1)." in print_result(press(client, location, "leaflet"))
    ((args, _),) = jobs(lp)
    assert "sides=one-sided" in args


def test_a_refusal_is_shown_on_the_page_naming_what_was_and_was_not_sent(tmp_path, monkeypatch):
    folder = fake_lp(tmp_path / "bin", refuse_after=1)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    client = printing_client()
    location = make(client)
    shown = press(client, location, "all")
    assert 'role="alert"' in shown
    assert "Traceback" not in shown
    assert print_result(shown) == (
        "Not printed Not sent to ward-7: Discharge sheet. Patient handouts: Discharge sheet was refused: "
        "lp: Error - The printer or class does not exist. Already sent: Consent form (job ward-7-1). "
        "Download the PDF and print it from another printer, or ask for help."
    )
    assert Page(shown).title.startswith("Not printed: Check before printing")


def test_without_cups_installed_the_page_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no lp anywhere
    client = printing_client()
    location = make(client, documents=("discharge",))
    result = print_result(press(client, location, "discharge"))
    assert "Not sent to ward-7: Discharge sheet. 'lp' was not found: install CUPS's client" in result


def test_a_print_needs_the_pages_form_token_and_a_document_it_made(lp):
    client = printing_client()
    location = make(client, documents=("discharge",))
    refused = client.post(location + "/print", data={"document": "discharge", "form_token": "x"}, base_url=BASE)
    assert refused.status_code == 400  # as every form posted without its token
    assert post(client, location + "/print", {"document": "leaflet"}).status_code == 404
    assert post(client, location + "/print", {"document": "../etc"}).status_code == 404
    assert post(client, "/preview/gone/print", {"document": "discharge"}).status_code == 404
    assert jobs(lp) == []


def test_a_clinic_lists_bundle_prints_on_the_wards_printer(lp):
    app = create_app("127.0.0.1", 8000, workers=1, printer_queue="ward-7")
    client = app.test_client()
    try:
        location = upload(client, [{**RECORD, "patient_id": "C-1"}, {**RECORD, "patient_id": "C-2"}]).headers[
            "Location"
        ]
        html = wait_for_run(client, location)
        assert [(action, button) for action, _, button in print_forms(html)] == [
            (location + "/print", "Print on ward-7: the print bundle")
        ]
        response = post(client, location + "/print", {})
        assert response.headers["Location"] == location + "#print-result"
        shown = get(client, location).get_data(as_text=True)
        result = print_result(shown)
        assert re.fullmatch(r"Sent to ward-7 at \d\d:\d\d, two-sided: the print bundle \(job ward-7-1\)\.", result)
        ((args, data),) = jobs(lp)
        assert args[2:4] == ["-t", "Patient handouts: print bundle"]
        with get(client, location + "/print-bundle.pdf") as bundle:
            assert data == bundle.get_data()
    finally:
        close_app(app)


def test_serve_refuses_a_printer_name_cups_cannot_have_and_simplex_without_a_printer():
    from click.testing import CliRunner

    runner = CliRunner()
    bad = runner.invoke(cli, ["serve", "--printer", "ward 7; rm"])
    assert bad.exit_code == 2
    assert "--printer 'ward 7; rm': a print queue's name is letters, digits" in bad.output
    alone = runner.invoke(cli, ["serve", "--simplex"], env={"HANDOUTS_PRINTER": ""})
    assert alone.exit_code == 2
    assert "--simplex says how the ward's printer prints: give --printer QUEUE" in alone.output
    from_environment = runner.invoke(cli, ["serve", "--simplex"], env={"HANDOUTS_PRINTER": "ward 7"})
    assert "--printer 'ward 7'" in from_environment.output  # HANDOUTS_PRINTER is read as --printer


@pytest.mark.slow  # ghostscript turns each job into a PDF: several seconds a job
def test_the_page_prints_to_a_real_cups_queue_and_says_why_when_it_cannot(monkeypatch):
    assert_installed()
    cups = CupsPdf()
    cups.start()
    try:
        monkeypatch.setenv("CUPS_SERVER", str(cups.socket))
        client = printing_client(cups.queue)
        location = make(client, documents=("discharge",))
        result = print_result(press(client, location, "discharge"))
        assert result.startswith(f"Sent to {cups.queue} at "), result
        job = re.search(r"\(job (\S+)\)", result).group(1)
        line = cups.page_log(job)
        made = get(client, location + "/discharge.pdf").data
        pages = len(page_texts(made))
        assert f"total {pages} " in line  # queue user job [date] total N - host TITLE - sides
        assert "Patient handouts: Discharge sheet" in line
        assert line.endswith("two-sided-long-edge")
        for private in PRIVATE:
            assert private not in line
        arrived = cups.printed(job)
        assert len(PdfReader(io.BytesIO(arrived)).pages) == pages
        assert unlike_pages(made, arrived) == []
        cups.admin("cupsdisable", "-r", "Paper jam in tray 2", cups.queue)
        result = print_result(press(client, location, "discharge"))
        assert result.startswith(f"Not printed Not sent to {cups.queue}: Discharge sheet. The printer is stopped")
        assert "(Paper jam in tray 2); nothing was sent" in result
        cups.admin("cupsenable", cups.queue)
        cups.admin("cupsreject", cups.queue)
        result = print_result(press(client, location, "discharge"))
        assert f'lp: Destination "{cups.queue}" is not accepting jobs' in result
        elsewhere = printing_client("no-such-printer")
        there = make(elsewhere, documents=("discharge",))
        result = print_result(press(elsewhere, there, "discharge"))
        assert "lp: Error - The printer or class does not exist" in result
    finally:
        cups.stop()
