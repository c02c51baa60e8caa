"""The nurses' page as a ward runs it, `generate.py serve` in its own process: stopped by SIGTERM or killed, it
leaves no patient's data on disk, and a long list's memory stays flat (issue 19). Subprocesses: marked slow."""

from __future__ import annotations

import csv
import http.cookiejar
import io
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from support import RECORD, ROOT

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Page:
    """A browser, as far as the page cares: cookies, the form token, multipart uploads."""

    def __init__(self, port: int):
        self.base = f"http://127.0.0.1:{port}"
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path: str) -> bytes:
        return self.opener.open(self.base + path, timeout=60).read()

    def upload(self, rows: list[dict], documents: tuple[str, ...] = ("discharge",)) -> str:
        token = re.search(rb'name="form_token" value="([^"]+)"', self.get("/clinic")).group(1).decode()
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(RECORD))
        writer.writeheader()
        writer.writerows(rows)
        boundary = "----handouts-test"
        parts = [("form_token", token)] + [("documents", d) for d in documents]
        body = b"".join(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
            for name, value in parts
        )
        body += (
            f'--{boundary}\r\nContent-Disposition: form-data; name="patients"; filename="clinic.csv"\r\n'
            f"Content-Type: text/csv\r\n\r\n{buffer.getvalue()}\r\n--{boundary}--\r\n"
        ).encode()
        request = urllib.request.Request(
            self.base + "/clinic", body, {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        )
        return self.opener.open(request, timeout=60).geturl().removeprefix(self.base)

    def status(self, location: str) -> dict:
        import json

        return json.loads(self.get(location + "/status"))


def start(tmp: Path, port: int) -> subprocess.Popen:
    environment = {**os.environ, "TMPDIR": str(tmp)}
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "generate.py"), "serve", "--port", str(port), "--workers", "2"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    for _ in range(200):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1)
            return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise AssertionError(process.stderr.read().decode())


def files_under(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()]


def rows(count: int) -> list[dict]:
    return [{**RECORD, "patient_id": f"C-{n}", "name": f"Ann Lee {n}"} for n in range(count)]


def wait_until(check, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise AssertionError("timed out")


def test_sigterm_mid_run_stops_the_page_and_leaves_nothing_on_disk(tmp_path):
    port = free_port()
    server = start(tmp_path, port)
    page = Page(port)
    location = page.upload(rows(400))
    wait_until(lambda: page.status(location)["done"] > 0)
    assert any(p.name == "patients.csv" for p in files_under(tmp_path))  # the list is on disk while it runs
    server.send_signal(signal.SIGTERM)
    _out, err = server.communicate(timeout=60)
    assert server.returncode == 0, err.decode()
    assert b"Traceback" not in err
    assert files_under(tmp_path) == [], "the uploaded list or its PDFs were left behind"
    assert b"Ann Lee" not in err


def test_a_killed_servers_files_are_swept_at_the_next_start(tmp_path):
    port = free_port()
    server = start(tmp_path, port)
    page = Page(port)
    page.upload(rows(200))
    wait_until(lambda: any(p.name == "patients.csv" for p in files_under(tmp_path)))
    server.kill()  # kill -9: no chance to tidy up
    server.communicate(timeout=60)  # its workers end with it (their pipes close)
    left = [p for p in files_under(tmp_path) if p.name == "patients.csv"]
    assert left, "nothing was left to sweep: the test proves nothing"
    again = start(tmp_path, port)
    try:
        assert not any(p.exists() for p in left), "a restart did not sweep what the killed server left"
    finally:
        again.send_signal(signal.SIGTERM)
        again.communicate(timeout=60)
    assert files_under(tmp_path) == []


def peak_memory_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024


def test_a_long_lists_memory_stays_flat_and_its_bundle_is_streamed(tmp_path):
    """The server's own peak memory after a 60-patient list, then after a 600-patient list and its download."""
    port = free_port()
    server = start(tmp_path, port)
    page = Page(port)
    try:
        peaks, sizes = [], []
        for count in (60, 600):
            location = page.upload(rows(count), documents=("leaflet",))
            wait_until(lambda location=location: page.status(location)["finished"], seconds=600)
            html = page.get(location).decode()
            assert f"for {count} of {count} record(s)" in html
            sizes.append(len(page.get(location + "/print-bundle.pdf")))
            peaks.append(peak_memory_mb(server.pid))
        assert sizes[1] > 8 * sizes[0]  # ten times the patients: a bundle that much larger was sent
        growth = peaks[1] - peaks[0]
        assert growth < max(25.0, sizes[1] / 2**20 / 2), (
            f"the server grew {growth:.0f} MB for a {sizes[1] >> 20} MB bundle"
        )
    finally:
        server.send_signal(signal.SIGTERM)
        server.communicate(timeout=60)
