"""The nurses' page under abuse, load and shutdown (issue 19): bounded work, nothing left behind, forms that cannot
be forged, and requests refused from their headers before their bodies are read."""

from __future__ import annotations

import re
import socket
import threading
import time
from pathlib import Path

import pytest
from test_web import BASE, GOOD, RECORD, form_token_of, get, post, upload, wait_for_run

import handout_engine as engine
from handout_engine.web import runs
from handout_engine.web.app import close_app, create_app
from handout_engine.web.server import make_server
from handout_engine.web.store import Run, Store


@pytest.fixture
def client(tmp_path):
    app = create_app("127.0.0.1", 8000, workers=1, folder_root=tmp_path)
    yield app.test_client()
    close_app(app)


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_run_still_in_progress_is_never_dropped_by_age_or_by_the_limit():
    clock, dropped = Clock(), []
    store = Store(keep_seconds=60, most=2, on_drop=dropped.append, clock=clock)
    running = Run("long.csv")
    key = store.add(running)
    for n in range(5):
        store.add(Run(f"done-{n}.csv", finished=True))
    clock.now += 3600
    store.purge()
    assert store.get(key) is running, "an unfinished run was dropped"
    running.finished = True
    clock.now += 61
    store.purge()
    assert store.get(key) is None
    assert running in dropped


def test_a_kept_item_is_extended_each_time_it_is_used_and_purged_without_a_request():
    clock, dropped = Clock(), []
    store = Store(keep_seconds=60, on_drop=dropped.append, clock=clock)
    key = store.add("made")
    for _ in range(5):
        clock.now += 50
        assert store.get(key) == "made"  # used within its time: kept 60 s more
        assert store.seconds_left(key) == 60
    clock.now += 61
    store.purge()  # the server's janitor, every few seconds: not waiting for the next make
    assert dropped == ["made"]
    assert len(store) == 0


def test_the_page_says_until_when_it_keeps_a_preview(client):
    location = post(client, "/make", GOOD).headers["Location"]
    html = get(client, location).get_data(as_text=True)
    assert re.search(r"kept until \d\d:\d\d", html)


def test_a_dropped_run_takes_its_files_with_it(tmp_path):
    folder = tmp_path / "run-1"
    folder.mkdir()
    (folder / "print-bundle.pdf").write_bytes(b"%PDF")
    runs.remove_folder(Run("list.csv", folder=folder, finished=True))
    assert not folder.exists()


def test_a_list_longer_than_the_row_cap_is_refused_with_a_clear_message(tmp_path):
    app = create_app("127.0.0.1", 8000, workers=1, most_records=2, folder_root=tmp_path)
    client = app.test_client()
    rows = [{**RECORD, "patient_id": f"C-{n}"} for n in range(3)]
    html = wait_for_run(client, upload(client, rows).headers["Location"])
    assert "The list could not be used" in html
    assert "clinic.csv: has 3 records; at most 2 are made in one run here: split the list" in html
    close_app(app)


def test_lists_wait_their_turn_in_one_queue(tmp_path, monkeypatch):
    release = threading.Event()
    started = []

    def slow(request, *_args):
        started.append(request)
        release.wait(10)
        raise engine.InputError([engine.Problem("clinic.csv", "", "stopped for the test")])

    monkeypatch.setattr(engine, "run_batch", slow)
    app = create_app("127.0.0.1", 8000, workers=1, folder_root=tmp_path)
    client = app.test_client()
    first = upload(client, [RECORD]).headers["Location"]
    second = upload(client, [RECORD]).headers["Location"]
    for _ in range(100):
        if started:
            break
        time.sleep(0.05)
    assert get(client, second + "/status").get_json()["waiting"] == 1
    assert "Waiting: 1 list ahead of this one." in get(client, second).get_data(as_text=True)
    assert len(started) == 1, "two lists ran at once"
    release.set()
    wait_for_run(client, first)
    wait_for_run(client, second)
    assert len(started) == 2
    close_app(app)


def test_a_full_queue_says_busy_rather_than_starting_more_work():
    queue = runs.RunQueue(at_once=1, most_waiting=0)
    queue.stopping.set()  # nothing runs: every job stays queued or is refused
    with pytest.raises(runs.BusyError):
        queue.submit(runs.Job(Run("a.csv"), Path("a.csv"), None, 1, 10))


def test_the_bundle_is_streamed_from_disk_not_held_in_memory(tmp_path):
    app = create_app("127.0.0.1", 8000, workers=1, folder_root=tmp_path)
    client = app.test_client()
    location = upload(client, [RECORD, {**RECORD, "patient_id": "C-2"}]).headers["Location"]
    wait_for_run(client, location)
    (run,) = app.extensions["handouts"].runs.items()
    assert isinstance(run.bundle, Path)  # paths, not bytes
    assert isinstance(run.manifest, Path)
    with get(client, location + "/print-bundle.pdf") as response:
        assert response.is_streamed  # a file wrapper, sent in blocks, never read whole
        assert response.get_data()[:5] == b"%PDF-"
    close_app(app)
    assert not run.bundle.exists()


# ------------------------------------------------------------ forms from another site


def test_a_post_without_this_sessions_form_token_is_refused(client):
    """Cross-site: no Origin header and a foreign Referer, as some browsers and proxies send."""
    forged = {**GOOD, "form_token": "0" * 64}
    for data in (GOOD, forged):
        response = client.post("/make", data=data, base_url=BASE, headers={"Referer": "https://evil.example/"})
        assert response.status_code == 400
        assert "This form has expired" in response.get_data(as_text=True)
    other = create_app("127.0.0.1", 8000, workers=1).test_client()
    stolen = form_token_of(other)  # a token from another browser's session does not do either
    assert client.post("/make", data={**GOOD, "form_token": stolen}, base_url=BASE).status_code == 400
    assert post(client, "/make", GOOD).status_code == 303  # the page's own form


# ------------------------------------------------------------ the access token


def test_a_token_that_is_not_plain_text_is_refused_not_an_error():
    app = create_app("192.0.2.10", 8000, token="Vq3-x9_LmP2rT8kZ", workers=1)
    client = app.test_client()
    for cookie in ("handouts_token=\udcff\udcfe", "handouts_token=caf\u00e9", 'handouts_token="\\377"'):
        client.set_cookie("handouts_token", "x")
        response = client.get("/", base_url="http://192.0.2.10:8000", headers={"Cookie": cookie})
        assert response.status_code == 401
    bad = client.get("/?token=%FF%FE", base_url="http://192.0.2.10:8000")
    assert bad.status_code == 401


def test_over_https_the_cookies_are_secure_and_host_only():
    token = "Vq3-x9_LmP2rT8kZ"
    client = create_app("192.0.2.10", 8000, token=token, workers=1).test_client()
    login = client.get(f"/?token={token}", base_url="https://192.0.2.10:8000")
    cookie = login.headers["Set-Cookie"]
    assert cookie.startswith("__Host-handouts_token=")
    assert "Secure" in cookie
    assert "Path=/" in cookie
    assert "Domain" not in cookie
    assert client.get("/", base_url="https://192.0.2.10:8000").status_code == 200


def test_behind_a_tls_proxy_the_public_name_is_served_and_posts_from_it_are_taken():
    token = "Vq3-x9_LmP2rT8kZ"
    app = create_app("127.0.0.1", 8000, token=token, workers=1, public_names=("Ward-Handouts.example",))
    client = app.test_client()
    base = "https://ward-handouts.example"
    assert client.get("/", base_url=base).status_code == 401  # the token is needed through the proxy
    assert client.get(f"/?token={token}", base_url=base).headers["Set-Cookie"].startswith("__Host-handouts_token=")
    html = client.get("/", base_url=base).get_data(as_text=True)
    form_token = re.search(r'name="form_token" value="([^"]+)"', html).group(1)
    headers = {"Origin": base}
    made = client.post("/make", data={**GOOD, "form_token": form_token}, base_url=base, headers=headers)
    assert made.status_code == 303
    plain = client.post("/make", data=GOOD, base_url=base, headers={"Origin": "http://ward-handouts.example"})
    assert plain.status_code == 403  # the page is https through the proxy: an http origin is another site
    close_app(app)


def test_a_public_name_needs_allow_network_and_a_token(monkeypatch):
    from handout_engine.web.server import start_server

    monkeypatch.setenv("HANDOUTS_TOKEN", "Vq3-x9_LmP2rT8kZ")
    refused = start_server("127.0.0.1", 8000, False, 1024, 1, print, public_name=("ward.example",))
    assert "--allow-network" in refused
    monkeypatch.delenv("HANDOUTS_TOKEN")
    assert "access token" in start_server("127.0.0.1", 8000, True, 1024, 1, print, public_name=("ward.example",))


# ------------------------------------------------------------ error pages


@pytest.mark.parametrize(
    ("path", "heading", "back"),
    [
        ("/preview/gone", "This page has expired", "/"),
        ("/clinic/gone", "This page has expired", "/clinic"),
        ("/no-such-page", "Page not found", "/"),
    ],
)
def test_error_pages_are_styled_and_lead_back(client, path, heading, back):
    response = get(client, path)
    html = response.get_data(as_text=True)
    assert response.status_code == 404
    assert f"<h1>{heading}</h1>" in html
    assert f'<a class="button" href="{back}">' in html
    assert 'class="site-header"' in html


def test_a_form_too_large_to_send_leads_back_to_the_form():
    small = create_app("127.0.0.1", 8000, upload_limit=2_000, workers=1).test_client()
    response = post(small, "/make", {**GOOD, "notes": "x" * 5_000})
    assert response.status_code == 413
    html = response.get_data(as_text=True)
    assert "<h1>That was too much to send</h1>" in html
    assert '<a class="button" href="/">' in html


# ------------------------------------------------------------ the server itself


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def served(tmp_path):
    """A real waitress server on loopback, in this process, with the page's own settings."""
    started = []

    def start(**options):
        port = free_port()
        app = create_app("127.0.0.1", port, workers=1, folder_root=tmp_path, **options)
        server = make_server(app, "127.0.0.1", port)
        threading.Thread(target=server.run, daemon=True).start()
        started.append((app, server))
        return port

    yield start
    for each, server in started:
        server.close()
        close_app(each)


def ask_with_headers_only(port: int, headers: str) -> tuple[str, float]:
    """Send a request's headers and no body; return the answer and how long it took."""
    began = time.perf_counter()
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(headers.encode("latin-1"))
        answer = b""
        while b"</html>" not in answer:
            chunk = sock.recv(65536)
            if not chunk:
                break
            answer += chunk
    return answer.decode("utf-8", "replace"), time.perf_counter() - began


def test_an_oversized_body_is_refused_before_it_is_read(served):
    port = served(upload_limit=1024 * 1024)
    answer, seconds = ask_with_headers_only(
        port,
        f"POST /clinic HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: multipart/form-data; boundary=x\r\n"
        "Content-Length: 300000000\r\n\r\n",
    )
    assert answer.startswith("HTTP/1.1 413"), answer[:200]
    assert "The file is too large" in answer  # the styled page, leading back
    assert 'href="/clinic"' in answer
    assert seconds < 5  # answered at once: 300 MB was never sent, let alone read


def test_without_the_token_a_body_is_refused_before_it_is_read(served):
    port = free_port()
    app = create_app("127.0.0.1", port, token="Vq3-x9_LmP2rT8kZ", workers=1)
    server = make_server(app, "127.0.0.1", port)
    threading.Thread(target=server.run, daemon=True).start()
    try:
        answer, _seconds = ask_with_headers_only(
            port, f"POST /make HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 5000000\r\n\r\n"
        )
        assert answer.startswith("HTTP/1.1 401"), answer[:200]
        answer, _seconds = ask_with_headers_only(
            port,
            f"POST /make HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: https://evil.example\r\n"
            "Authorization: Bearer Vq3-x9_LmP2rT8kZ\r\nContent-Length: 5000000\r\n\r\n",
        )
        assert answer.startswith("HTTP/1.1 403"), answer[:200]
    finally:
        server.close()
        close_app(app)


def test_the_real_server_makes_a_patients_handouts(served):
    """The header checks let the page's own requests through."""
    import http.cookiejar
    import urllib.parse
    import urllib.request

    port = served()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    html = opener.open(f"http://127.0.0.1:{port}/", timeout=10).read().decode()
    token = re.search(r'name="form_token" value="([^"]+)"', html).group(1)
    body = urllib.parse.urlencode({**GOOD, "form_token": token}, doseq=True).encode()
    made = opener.open(f"http://127.0.0.1:{port}/make", body, timeout=60)
    assert "/preview/" in made.geturl()
    assert "Check before printing" in made.read().decode()
