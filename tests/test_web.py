"""The nurses' page, through Flask's test client: the form, its errors, the made PDFs, clinic lists, and who may ask."""

from __future__ import annotations

import csv
import html as html_module
import io
import json
import re
import tempfile
import threading
import time
from html.parser import HTMLParser

import pikepdf
import pytest
from click.testing import CliRunner

from generate import cli
from handout_engine.web import security
from handout_engine.web.app import close_app, create_app
from pdftools import page_texts
from support import RECORD

BASE = "http://127.0.0.1:8000"
GOOD = {
    "name": "Zoë O'Brien-Łukasz",
    "date_of_birth": "1950-03-03",
    "patient_id": "P-0042",
    "nhs_number": "943 476 5919",
    "procedure_date": "2026-12-01",
    "levels": "T12, L1",
    "clinician": "Dr Priya Raman",
    "ward": "Ward 7",
    "discharge_date": "2026-12-01",
    "follow_up_date": "2026-12-14",
    "follow_up_with": "Spinal nurse clinic",
    "notes": "Stayed one night.",
    "handout": "kyphoplasty",
    "language": "en",
    "brand": "northbrook",
    "paper": "a4",
    "documents": ["leaflet", "consent", "discharge"],
    "medications": ["Paracetamol 1 g up to four times a day", "Alendronic acid 70 mg weekly", ""],
}


@pytest.fixture
def app():
    return create_app("127.0.0.1", 8000, workers=1)


@pytest.fixture
def client(app):
    return app.test_client()


def get(client, path, **kwargs):
    return client.get(path, base_url=BASE, **kwargs)


def fetched(client, path):
    """A download, read whole and closed (a file streamed from disk)."""
    with get(client, path) as response:
        response.get_data()
    return response


def form_token_of(client, base: str = BASE, **kwargs) -> str:
    """The hidden form token this client's session was given, as a browser has it from the form."""
    html = client.get("/", base_url=base, **kwargs).get_data(as_text=True)
    return re.search(r'name="form_token" value="([^"]+)"', html).group(1)


def post(client, path, data, **kwargs):
    if "form_token" not in data:  # as the page's own form sends it
        data = {**data, "form_token": form_token_of(client)}
    return client.post(path, data=data, base_url=BASE, **kwargs)


class Page(HTMLParser):
    """The parts of a page a screen reader relies on: labels, inputs, errors, links, title."""

    def __init__(self, html: str):
        super().__init__()
        self.labels: set[str] = set()
        self.controls: dict[str, dict] = {}
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.images: list[dict] = []
        self._in_title = False
        self.title = ""
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "label" and "for" in a:
            self.labels.add(a["for"])
        if tag in ("input", "select", "textarea") and a.get("type") not in ("hidden", "submit"):
            self.controls[a.get("id", "")] = a
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        if tag == "img":
            self.images.append(a)
        if tag == "title":
            self._in_title = True

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def errors_by_field(html: str) -> dict[str, str]:
    """The error message shown beside each field, by the field's id."""
    found = {}
    for field_id, message in re.findall(r'<p class="error-message" id="([^"]+)-error">(.*?)</p>', html, re.S):
        found[field_id] = html_module.unescape(re.sub(r"<[^>]+>", "", message)).replace("Error:", "").strip()
    return found


def test_the_form_has_a_label_for_every_input_and_works_without_javascript(client):
    response = get(client, "/")
    assert response.status_code == 200
    page = Page(response.get_data(as_text=True))
    assert page.controls, "no inputs found"
    for control_id in page.controls:
        assert control_id in page.labels, f"input {control_id} has no label"
    for field in ("name", "date_of_birth", "patient_id", "nhs_number", "procedure_date", "levels", "clinician"):
        assert field in page.controls
    # Dates are typed as the hint says (day/month/year or year-month-day), and kept as typed when wrong.
    assert "placeholder" not in page.controls["date_of_birth"]  # the hint says how to type it; it stays in view
    assert "date_of_birth-hint" in page.controls["date_of_birth"]["aria-describedby"]
    assert "medications-1" in page.controls
    assert 'action="/make"' in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": ""}, "name", "required, but missing or empty"),
        ({"date_of_birth": "1950-13-03"}, "date_of_birth", "expected a date like 1950-03-03 (year-month-day)"),
        ({"nhs_number": "943 476 5918"}, "nhs_number", "expected 10 digits with a valid check digit"),
        ({"patient_id": "../etc"}, "patient_id", "expected letters, digits"),
        ({"levels": "T13"}, "levels", "expected spinal levels like T12;L1, got 'T13'"),
        ({"name": "Abebe ᠮᠣᠩᠭᠣᠯ"}, "name", "no font we ship can print 'ᠮ' (U+182E MONGOLIAN LETTER MA, Mongolian"),
        ({"discharge_date": "2026-11-01"}, "discharge_date", "is before the procedure_date"),
        ({"medications": ["Paracetamol 1 g", "x" * 201]}, "medications-2", "is 201 characters; at most 200 fit"),
        ({"procedure_date": ""}, "procedure_date", "required for the consent and discharge document(s)"),
        ({"documents": []}, "documents", "choose at least one document"),
    ],
)
def test_each_mistake_is_shown_beside_its_field_in_the_command_lines_words(client, changes, field, message):
    form = {**GOOD, **changes}
    response = post(client, "/make", form)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    errors = errors_by_field(html)
    assert field in errors, errors
    assert message in errors[field]
    page = Page(html)
    assert page.title.startswith("Error:")
    target = "documents-leaflet" if field == "documents" else field  # a fieldset cannot take focus: its first box
    assert f"#{target}" in page.links  # the summary links to the field, and says which field it is
    assert re.search(rf'href="#{target}">[^<:]+: ', html)
    assert target in page.controls, "the summary's link leads to something that cannot take focus"
    assert field in page.ids
    if field in page.controls:
        assert page.controls[field].get("aria-invalid") == "true"
        assert f"{field}-error" in page.controls[field]["aria-describedby"]
    # What was typed is kept.
    assert "Zoë O&#39;Brien-Łukasz" in html or changes.get("name") is not None
    assert 'value="Paracetamol 1 g up to four times a day"' in html or field.startswith("medications")


def test_the_same_words_as_the_command_line(client, tmp_path):
    """One set of rules: the form's message is the message `validate` prints for the same record."""
    patients = tmp_path / "p.json"
    patients.write_text(json.dumps([{**RECORD, "nhs_number": "943 476 5918"}]), encoding="utf-8")
    printed = CliRunner().invoke(cli, ["validate", str(patients)]).output
    shown = errors_by_field(post(client, "/make", {**GOOD, "nhs_number": "943 476 5918"}).get_data(as_text=True))
    assert shown["nhs_number"] in printed


@pytest.mark.parametrize("name", ["Zoë O'Brien-Łukasz", "ليلى حداد", "Ελένη Παπαδοπούλου", "王秀英"])
def test_a_made_pdf_holds_the_exact_name_and_the_preview_shows_every_page(client, name):
    response = post(client, "/make", {**GOOD, "name": name, "documents": ["consent", "discharge"]})
    assert response.status_code == 303
    preview = get(client, response.headers["Location"])
    html = preview.get_data(as_text=True)
    page = Page(html)
    line = re.search(r'<p class="patient-line">(.*?)</p>', html).group(1)
    assert f"<bdi>{name}</bdi>" in html_module.unescape(line)  # a right-to-left name keeps its place
    assert "born <bdi>3 March 1950</bdi>" in line
    assert "P-0042" in line
    for identifier in (name, "1950", "P-0042"):  # nothing about the patient in a shared computer's history
        assert identifier not in page.title
        assert identifier not in response.headers["Location"]
    pdf_links = [link for link in page.links if link.endswith(".pdf")]
    pdfs = {}
    for link in pdf_links:
        download = get(client, link)
        assert download.status_code == 200
        assert download.mimetype == "application/pdf"
        assert download.headers["Content-Disposition"].startswith("attachment;")
        pdfs[link.rsplit("/", 1)[-1]] = download.data
    assert set(pdfs) == {"consent.pdf", "discharge.pdf"}
    for pdf in pdfs.values():
        for text in page_texts(pdf):
            assert name in text
    pages = sum(len(page_texts(pdf)) for pdf in pdfs.values())
    assert len(page.images) == pages
    # Each page's text alternative says what a nurse checks on it, read from the page itself.
    for image in page.images:
        alt = image["alt"]
        assert re.match(r"(Consent form|Discharge sheet), page \d+ of \d+\. Printed on it: name ", alt), alt
        assert f"name {name}" in alt
        assert "date of birth 3 March 1950" in alt
        assert "hospital number P-0042" in alt
        assert "NHS number 943 476 5919" in alt
        assert re.search(r"footer 'Page (\d+) of (\d+)'", alt), alt
        assert "Not on this page" not in alt
    first = get(client, page.images[0]["src"])
    assert first.mimetype == "image/png"
    assert first.data[:8] == b"\x89PNG\r\n\x1a\n"
    printable = get(client, pdf_links[0] + "?print=1")
    assert printable.headers["Content-Disposition"].startswith("inline;")


def test_a_wrong_date_comes_back_as_typed_with_the_command_lines_message(client):
    html = post(client, "/make", {**GOOD, "date_of_birth": "30/02/1950"}).get_data(as_text=True)
    assert 'value="30/02/1950"' in html
    assert "'30/02/1950' is not a date in the calendar" in errors_by_field(html)["date_of_birth"]


def test_the_summary_lists_mistakes_in_the_order_of_the_form_and_names_each_field(client):
    form = {**GOOD, "procedure_date": "", "patient_id": "", "name": "", "documents": []}
    html = post(client, "/make", form).get_data(as_text=True)
    summary = html[html.index('id="error-summary"') : html.index("</div>", html.index('id="error-summary"'))]
    links = re.findall(r'href="#([^"]+)">([^<]+)</a>', summary)
    assert [field for field, _text in links] == ["patient_id", "name", "procedure_date", "documents-leaflet"]
    assert links[1][1].startswith("Full name: required")


def test_more_than_30_medicines_is_an_error_not_a_silent_cut(client):
    html = post(client, "/make", {**GOOD, "medications": [f"Medicine {n}" for n in range(40)]}).get_data(as_text=True)
    assert "40 items; at most 30 fit on a discharge sheet" in html


def test_enter_in_a_text_box_makes_the_handouts_not_a_medicine_box(client):
    html = get(client, "/").get_data(as_text=True)
    form = html[html.index("<form") :]
    first_button = re.search(r"<button[^>]*>", form).group(0)
    assert "add_medicine" not in first_button
    assert 'tabindex="-1"' in first_button


def test_a_language_without_a_translation_is_made_in_english_and_the_preview_says_so(client):
    response = post(client, "/make", {**GOOD, "handout": "vertebroplasty", "language": "es"})
    assert response.status_code == 303
    html = get(client, response.headers["Location"]).get_data(as_text=True)
    assert "no &#39;es&#39; version of vertebroplasty; printed in &#39;en&#39; instead" in html


def test_add_another_medicine_works_without_javascript(client):
    form = {**GOOD, "medications": ["Paracetamol 1 g", "Codeine 30 mg"], "add_medicine": "1"}
    html = post(client, "/make", form).get_data(as_text=True)
    page = Page(html)
    assert {"medications-1", "medications-2", "medications-3", "medications-4", "medications-5"} <= set(page.controls)
    assert 'value="Codeine 30 mg"' in html
    # The keyboard is in the new box, not back at the top of the page.
    assert [control for control, attributes in page.controls.items() if "autofocus" in attributes] == ["medications-3"]


def test_an_expired_or_unknown_preview_is_a_plain_not_found(client):
    assert get(client, "/preview/nothing-here").status_code == 404


def wait_for_run(client, location: str) -> str:
    """Poll as the page's script does (the status), then fetch the finished page."""
    for _ in range(300):
        status = get(client, location + "/status").get_json()
        if status["finished"]:
            html = get(client, location).get_data(as_text=True)
            assert 'http-equiv="refresh"' not in html
            return html
        time.sleep(0.1)
    raise AssertionError("the clinic list never finished")


def test_a_running_list_offers_check_progress_instead_of_reloading_itself(client, monkeypatch):
    """WCAG F41: no page that refreshes itself; the script updates in place, a button asks without it."""
    import handout_engine as engine

    started, release = threading.Event(), threading.Event()

    def slow(*_args, **_kwargs):
        started.set()
        release.wait(10)
        raise RuntimeError("stopped for the test")

    monkeypatch.setattr(engine, "run_batch", slow)
    location = upload(client, [RECORD]).headers["Location"]
    started.wait(10)
    html = get(client, location).get_data(as_text=True)
    release.set()
    assert 'http-equiv="refresh"' not in html
    assert re.search(r'<form method="get" action="/clinic/[^"]+">\s*<button[^>]*>Check progress</button>', html)
    assert 'aria-live="polite"' in html
    status = get(client, location + "/status").get_json()
    assert status == {"done": 0, "total": 0, "finished": False, "waiting": 0}


def upload(client, rows: list[dict], name: str = "clinic.csv", **extra):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(RECORD))
    writer.writeheader()
    writer.writerows(rows)
    data = {"patients": (io.BytesIO(buffer.getvalue().encode()), name), "documents": ["discharge"], **extra}
    return post(client, "/clinic", data, content_type="multipart/form-data")


@pytest.mark.parametrize("workers", [1, 2])
def test_a_clinic_list_with_a_good_and_a_bad_record(monkeypatch, tmp_path, workers):
    temp_root = tmp_path / "tmp"
    temp_root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp_root))
    app = create_app("127.0.0.1", 8000, workers=workers)
    client = app.test_client()
    rows = [
        {**RECORD, "patient_id": "C-1", "name": "Ann Lee"},
        {**RECORD, "patient_id": "C-2", "nhs_number": "943 476 5918"},
        {**RECORD, "patient_id": "C-3", "name": "ليلى حداد"},
    ]
    response = upload(client, rows)
    assert response.status_code == 303
    html = wait_for_run(client, response.headers["Location"])
    assert "Made 2 document(s)" in html
    table = html[html.index("<table") : html.index("</table>")]
    cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", table, re.S)]
    assert cells[:3] == ["3", "C-2", "nhs_number"]
    assert "expected 10 digits with a valid check digit" in cells[3]
    page = Page(html)
    bundle_link = next(link for link in page.links if link.endswith("print-bundle.pdf"))
    bundle = fetched(client, bundle_link).data
    texts = " ".join(page_texts(bundle))
    assert "Ann Lee" in texts
    assert "ليلى حداد" in texts
    manifest = fetched(client, next(link for link in page.links if link.endswith("manifest.csv"))).get_data(
        as_text=True
    )
    statuses = {row["patient_id"]: row["status"] for row in csv.DictReader(io.StringIO(manifest))}
    assert statuses == {"C-1": "made", "C-2": "failed", "C-3": "made"}
    # While the run is kept, only its bundle and manifest are on disk, in the app's own folder: never the list.
    kept = sorted(p.name for p in temp_root.rglob("*") if p.is_file())
    assert kept == ["manifest.csv", "print-bundle.pdf"], kept
    close_app(app)
    assert [p for p in temp_root.rglob("*") if p.is_file()] == [], "files were left on disk when the page stopped"


def test_a_list_that_cannot_be_read_is_refused_with_the_reason(client):
    data = {"patients": (io.BytesIO(b'name,"unclosed\n1,2\n'), "bad.csv"), "documents": ["leaflet"]}
    response = post(client, "/clinic", data, content_type="multipart/form-data")
    html = wait_for_run(client, response.headers["Location"])
    assert "The list could not be used" in html
    assert "bad.csv" in html
    wrong = {"patients": (io.BytesIO(b"%PDF-1.4"), "list.pdf")}
    refused = post(client, "/clinic", wrong, content_type="multipart/form-data")
    assert refused.status_code == 400
    assert "list.pdf is not a patient list this page can read" in refused.get_data(as_text=True)


def test_a_clinic_list_with_no_document_ticked_is_refused(client):
    data = {"patients": (io.BytesIO(b"patient_id\n"), "list.csv")}
    response = post(client, "/clinic", data, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Choose at least one document" in response.get_data(as_text=True)


def test_an_unexpected_failure_in_a_clinic_run_says_so(client, monkeypatch):
    import handout_engine as engine

    def broken(*_args, **_kwargs):
        raise RuntimeError("patient Ann Lee broke it")

    monkeypatch.setattr(engine, "run_batch", broken)
    response = upload(client, [RECORD])
    html = wait_for_run(client, response.headers["Location"])
    assert "Not made:" in Page(html).title
    assert "unexpected error (RuntimeError)" in html
    assert "Ann Lee" not in html


def test_an_upload_over_the_size_limit_gets_a_clear_error():
    small = create_app("127.0.0.1", 8000, upload_limit=2_000, workers=1).test_client()
    data = {"patients": (io.BytesIO(b"x" * 5_000), "big.csv")}
    response = post(small, "/clinic", data, content_type="multipart/form-data")
    assert response.status_code == 413
    assert "larger than" in response.get_data(as_text=True)
    assert "the most this page takes" in response.get_data(as_text=True)


def test_making_one_writes_nothing_to_disk(client, monkeypatch, tmp_path):
    temp_root = tmp_path / "tmp"
    temp_root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp_root))
    assert post(client, "/make", GOOD).status_code == 303
    assert list(temp_root.iterdir()) == []


def test_no_patient_data_in_the_server_log(client, caplog):
    caplog.set_level("DEBUG")
    post(client, "/make", {**GOOD, "name": "Quentin Zylberstein"})
    post(client, "/make", {**GOOD, "name": "Quentin Zylberstein", "nhs_number": "1"})
    assert "Zylberstein" not in caplog.text
    assert "943 476 5919" not in caplog.text


def test_a_request_for_another_host_name_is_refused(client):
    """DNS rebinding: a page elsewhere that points its own name at 127.0.0.1 must get nothing."""
    assert get(client, "/", headers={"Host": "evil.example:8000"}).status_code == 400
    assert get(client, "/", headers={"Host": "localhost:8000"}).status_code == 200
    assert get(client, "/", headers={"Host": "127.0.0.1:8001"}).status_code == 400


def test_a_form_posted_from_another_site_is_refused(client):
    response = post(client, "/make", GOOD, headers={"Origin": "https://evil.example"})
    assert response.status_code == 403
    assert post(client, "/make", GOOD, headers={"Origin": "null"}).status_code == 403  # a sandboxed frame
    assert post(client, "/make", GOOD, headers={"Origin": "evil://127.0.0.1:8000"}).status_code == 403
    assert post(client, "/make", GOOD, headers={"Origin": "http://127.0.0.1:8000"}).status_code == 303


def test_on_a_network_every_request_needs_the_token():
    token = "a-long-enough-token-1234"
    app = create_app("192.0.2.10", 8000, token=token, workers=1)
    client = app.test_client()
    base = "http://192.0.2.10:8000"
    assert client.get("/", base_url=base).status_code == 401
    assert client.get("/", base_url=base, headers={"Authorization": "Bearer wrong-token-xxxxxxxx"}).status_code == 401
    assert client.get("/", base_url=base, headers={"Authorization": f"Bearer {token}"}).status_code == 200
    form_token = form_token_of(client, base, headers={"Authorization": f"Bearer {token}"})
    posted = client.post(f"/make?token={token}", data={**GOOD, "form_token": form_token}, base_url=base)
    assert posted.status_code == 303  # a token in the address of a form post is taken, not redirected away
    assert "/preview/" in posted.headers["Location"]
    login = client.get(f"/?token={token}", base_url=base)
    assert login.status_code == 303
    assert "token" not in login.headers["Location"]
    assert "SameSite=Strict" in login.headers["Set-Cookie"]
    assert "HttpOnly" in login.headers["Set-Cookie"]
    assert client.get("/", base_url=base).status_code == 200  # the cookie now


def test_serving_beyond_this_computer_needs_allow_network_and_a_token(monkeypatch):
    assert security.serve_problem("127.0.0.1", False, None) is None
    assert security.serve_problem("::1", False, None) is None
    assert "refused unless you also give --allow-network" in security.serve_problem("0.0.0.0", False, None)
    assert "needs an access token" in security.serve_problem("0.0.0.0", True, None)
    assert "needs an access token" in security.serve_problem("0.0.0.0", True, "short")
    for weak in ("x" * 20, " " * 16, "abababababababab", "a-long-token-with a space", "caf\u00e9-\udcff-token-12345"):
        assert security.serve_problem("0.0.0.0", True, weak) is not None, repr(weak)
    assert security.serve_problem("0.0.0.0", True, "Vq3-x9_LmP2rT8kZ") is None
    monkeypatch.delenv(security.TOKEN_ENVIRONMENT, raising=False)
    result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0", "--allow-network"])
    assert result.exit_code == 2
    assert "HANDOUTS_TOKEN" in result.output


def test_listening_on_every_address_accepts_this_computers_own_addresses():
    allowed = security.allowed_hosts("0.0.0.0", 8000)
    for address in security.local_addresses():
        shown = f"[{address}]" if ":" in address else address
        assert f"{shown}:8000".lower() in allowed
    assert "evil.example:8000" not in allowed


def test_pages_are_not_cached_and_carry_a_strict_content_policy(client):
    response = get(client, "/")
    assert response.headers["Cache-Control"] == "no-store"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in response.headers["Content-Security-Policy"]  # the Print button frames a PDF
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_the_web_app_uses_only_the_engines_public_surface():
    """The page is a thin front end: its modules import `handout_engine` itself, never an engine module."""
    import ast
    from pathlib import Path

    web = Path(__file__).resolve().parent.parent / "handout_engine" / "web"
    for module in web.rglob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level:
                depth = len(module.relative_to(web).parts) - 1  # how far below web/ the module is
                assert node.level <= depth + 1, f"{module.name} reaches into the engine: {ast.unparse(node)}"
            names = [a.name for a in node.names] if isinstance(node, ast.Import | ast.ImportFrom) else []
            if isinstance(node, ast.ImportFrom) and not node.level:
                names = [node.module or ""]
            for name in names:
                assert not name.startswith("handout_engine."), f"{module.name} imports {name}"
                assert not name.startswith("layouts"), f"{module.name} imports {name}"


def test_the_form_is_the_patient_models_record_fields_in_its_order_with_its_labels(client):
    from handout_engine.models import RECORD_FIELDS

    html = get(client, "/").get_data(as_text=True)
    typed = [f for f in RECORD_FIELDS if f.metadata["group"] in ("patient", "procedure", "notes")]
    positions = [html.index(f'id="{f.name}"') for f in typed]
    assert positions == sorted(positions), "the form's boxes are not in the model's order"
    for f in typed:
        label = re.search(rf'<label for="{f.name}">([^<]+)', html).group(1).strip()
        assert label == f.metadata["label"]
        if f.metadata["hint"]:
            assert html_module.escape(f.metadata["hint"], quote=True) in html or f.metadata["hint"] in html
    for f in RECORD_FIELDS:  # every record field has its place on the page
        assert f'id="{f.name}"' in html or f'id="{f.name}-1"' in html or f'id="{f.name}-' in html, f.name


def test_a_leaflet_or_discharge_sheet_downloads_as_pdf_a_for_the_record(client):
    """issue 17: --archive's PDF/A-2b on the nurses' Download too; the fillable consent is filed sealed instead."""
    import pikepdf

    from handout_engine.archive import pdf_a_findings

    response = post(client, "/make", GOOD)
    key = response.headers["Location"].rsplit("/", 1)[-1]
    html = get(client, f"/preview/{key}").get_data(as_text=True)
    assert f"/preview/{key}/discharge.pdf?archive=1" in html
    assert f"/preview/{key}/consent.pdf?archive=1" not in html
    archived = get(client, f"/preview/{key}/discharge.pdf?archive=1")
    assert archived.status_code == 200
    assert archived.headers["Content-Disposition"] == 'attachment; filename="P-0042-discharge-pdfa.pdf"'
    assert pdf_a_findings(archived.data) == []  # pikepdf's validator (the PDF/UA id's extension schema aside)
    with pikepdf.open(io.BytesIO(archived.data)) as pdf:
        assert pdf.open_metadata().pdfa_status == "2B"
    assert get(client, f"/preview/{key}/consent.pdf?archive=1").status_code == 404


def test_an_arabic_handout_is_made_right_to_left_and_the_preview_keeps_each_value_in_its_place(client):
    """The nurses' page offers Arabic; its text boxes take right-to-left input (dir="auto"); the preview shows
    the Arabic date of birth as one isolated value in the English sentence."""
    form = get(client, "/").get_data(as_text=True)
    assert '<option value="ar">Arabic (العربية)</option>' in form
    assert re.search(r'<input id="name" [^>]*dir="auto"', form)
    assert re.search(r'<textarea id="notes" [^>]*dir="auto"', form)
    name, note = "ليلى حداد", "اتصل بنا إذا شعرت بألم جديد."
    response = post(client, "/make", {**GOOD, "name": name, "language": "ar", "notes": note, "documents": ["leaflet"]})
    assert response.status_code == 303
    html = get(client, response.headers["Location"]).get_data(as_text=True)
    line = html_module.unescape(re.search(r'<p class="patient-line">(.*?)</p>', html).group(1))
    assert f"<bdi>{name}</bdi>, born <bdi>3 مارس 1950</bdi>, ID <bdi>P-0042</bdi>" in line
    (link,) = [link for link in Page(html).links if link.endswith("leaflet.pdf")]
    with pikepdf.open(io.BytesIO(get(client, link).data)) as pdf:
        assert str(pdf.Root.ViewerPreferences.Direction) == "/R2L"
        assert str(pdf.Root.Lang) == "ar"


def test_the_nurses_page_offers_urdu_and_makes_the_urdu_discharge_sheet(client):
    form = get(client, "/").get_data(as_text=True)
    assert '<option value="ur">Urdu (اردو)</option>' in form
    response = post(client, "/make", {**GOOD, "name": "عائشہ خان", "language": "ur", "documents": ["discharge"]})
    assert response.status_code == 303
    page = Page(get(client, response.headers["Location"]).get_data(as_text=True))
    assert page.images
    for image in page.images:
        assert "hospital number P-0042" in image["alt"], image["alt"]
        assert "NHS number 943 476 5919" in image["alt"], image["alt"]
    (link,) = [link for link in page.links if link.endswith("discharge.pdf")]
    with pikepdf.open(io.BytesIO(get(client, link).data)) as pdf:
        assert str(pdf.Root.ViewerPreferences.Direction) == "/R2L"
        assert str(pdf.Root.Lang) == "ur"


def preview_alts(client, name: str, language: str) -> list[str]:
    """The text alternative of each page of a discharge sheet's preview, made for `name` in `language`."""
    response = post(client, "/make", {**GOOD, "name": name, "language": language, "documents": ["discharge"]})
    page = Page(get(client, response.headers["Location"]).get_data(as_text=True))
    assert page.images
    return [image["alt"] for image in page.images]


def test_an_urdu_documents_page_descriptions_never_call_its_nastaliq_name_missing(client):
    """Neither pdfium nor pypdf reads a Nastaliq word back from the page (pdfium shows codes for the glyphs a cluster
    adds, pypdf breaks the word at each risen glyph): the description says so, and never "not on this page"."""
    for alt in preview_alts(client, "عائشہ خان", "ur"):
        assert "hospital number P-0042" in alt, alt
        assert "Not on this page" not in alt, alt
        assert "Set in Nastaliq, which cannot be read back from the file: name, date of birth; check" in alt, alt


def test_a_name_not_printed_is_still_called_missing_in_an_urdu_record():
    """The Nastaliq allowance covers only what is set in Nastaliq: a Latin id that is not there is still missing."""
    from reportlab.pdfgen.canvas import Canvas

    from handout_engine.models import PatientLabel
    from handout_engine.web.pages.make import page_alts

    buffer = io.BytesIO()
    blank = Canvas(buffer)
    blank.drawString(72, 720, "Page 1 of 1")
    blank.save()
    label = PatientLabel("عائشہ خان", "3 مارچ 1950", "P-0042", None)
    (alt,) = page_alts(buffer.getvalue(), "Discharge sheet", label, "ur")
    assert "Not on this page: hospital number." in alt, alt
    assert "cannot be read back from the file: name, date of birth;" in alt, alt
    (english,) = page_alts(buffer.getvalue(), "Discharge sheet", label, "en")
    assert "Not on this page: name, date of birth, hospital number." in english, english


def test_an_arabic_documents_page_descriptions_name_every_identifier_printed_on_it(client):
    for alt in preview_alts(client, "ليلى حداد", "ar"):
        assert "name ليلى حداد" in alt, alt
        assert "date of birth 3 مارس 1950" in alt, alt
        assert "hospital number P-0042" in alt, alt
        assert "NHS number 943 476 5919" in alt, alt
        assert "Not on this page" not in alt, alt
