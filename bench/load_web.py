"""Load on the nurses' page, bounded: loopback only, a fixed time per phase, and it stops the server itself.

    .venv/bin/python bench/load_web.py [--clients 6] [--seconds 10] [--patients 1500] [--slow 200]

Starts `generate.py serve` on a free port of 127.0.0.1 (with its temporary
folder under bench/output/), then, one phase at a time:

  baseline     make_record for one patient in this process, no HTTP (the engine alone)
  makes        --clients browsers posting the Make one form for --seconds: makes per second
  previews     the same browsers fetching preview pages (PNG) for --seconds: previews per second
  nurse        a clinic list of --patients records running, while one nurse makes and previews
               a patient every second: that nurse's latency, and the list's own progress
  slow         --slow connections opened and left idle (as a slowloris would); a nurse's request then;
               how many of the idle ones the server has closed after its channel timeout
  memory       the server's resident and peak memory (VmRSS, VmHWM) after each phase

Prints a Markdown table for README and saves it as bench/output/load_web.md.
Then SIGTERM; the script checks the server left no files in its folder.
"""

from __future__ import annotations

import argparse
import csv
import http.cookiejar
import io
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "bench" / "output"
sys.path.insert(0, str(ROOT))

RECORD = {
    "patient_id": "P-0042",
    "name": "Ann Lee",
    "date_of_birth": "1950-03-03",
    "nhs_number": "943 476 5919",
    "handout": "kyphoplasty",
    "language": "en",
    "procedure_date": "2026-12-01",
    "levels": "T12",
    "discharge_date": "2026-12-01",
}
FORM = {**RECORD, "brand": "northbrook", "paper": "a4", "documents": ["discharge"], "medications": ["Paracetamol"]}


class Browser:
    """Cookies and the form token, as a browser keeps them."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        page = self.get("/").decode()
        self.token = re.search(r'name="form_token" value="([^"]+)"', page).group(1)

    def get(self, path: str) -> bytes:
        with self.opener.open(self.base + path, timeout=120) as response:
            return response.read()

    def make(self) -> str:
        body = urllib.parse.urlencode({**FORM, "form_token": self.token}, doseq=True).encode()
        with self.opener.open(self.base + "/make", body, timeout=120) as response:
            response.read()
            return response.geturl().removeprefix(self.base)

    def upload(self, rows: int) -> str:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(RECORD))
        writer.writeheader()
        for n in range(rows):
            writer.writerow({**RECORD, "patient_id": f"C-{n}", "name": f"Patient {n}"})
        boundary = "----bench"
        fields = [("form_token", self.token), ("documents", "leaflet"), ("documents", "discharge")]
        body = b"".join(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode() for k, v in fields
        )
        body += (
            f'--{boundary}\r\nContent-Disposition: form-data; name="patients"; filename="clinic.csv"\r\n\r\n'
            f"{buffer.getvalue()}\r\n--{boundary}--\r\n"
        ).encode()
        headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        request = urllib.request.Request(self.base + "/clinic", body, headers)
        with self.opener.open(request, timeout=120) as response:
            return response.geturl().removeprefix(self.base)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def memory(pid: int) -> tuple[float, float]:
    status = Path(f"/proc/{pid}/status").read_text()
    rss, hwm = (int(re.search(rf"{key}:\s+(\d+) kB", status).group(1)) / 1024 for key in ("VmRSS", "VmHWM"))
    return rss, hwm


def for_seconds(seconds: float, clients: list[Browser], work) -> list[float]:
    """Each client repeats `work(client)` until the time is up; every call's latency."""
    latencies: list[float] = []
    deadline = time.monotonic() + seconds
    lock = threading.Lock()

    def loop(client: Browser) -> None:
        while time.monotonic() < deadline:
            began = time.perf_counter()
            work(client)
            with lock:
                latencies.append(time.perf_counter() - began)

    threads = [threading.Thread(target=loop, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies


def for_each(clients: list[Browser], work) -> list[float]:
    """`work(client)` once in each client at the same time; each call's latency."""
    latencies: list[float] = []

    def once(client: Browser) -> None:
        began = time.perf_counter()
        work(client)
        latencies.append(time.perf_counter() - began)

    threads = [threading.Thread(target=once, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies


def baseline(seconds: float) -> float:
    """make_record per second in this process: what the page can do at best, without HTTP."""
    import handout_engine as engine

    raw = engine.RawRecord({**RECORD, "medications": ["Paracetamol"]}, "bench", 1, "row")
    settings = engine.Settings(
        ("discharge",), engine.DOCUMENT_NAMES, "northbrook", tuple(engine.handout_languages().items())
    )
    engine.make_record((raw, settings))  # warm
    count, deadline = 0, time.monotonic() + seconds
    while time.monotonic() < deadline:
        engine.make_record((raw, settings))
        count += 1
    return count / seconds


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=6)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--patients", type=int, default=1500)
    parser.add_argument("--slow", type=int, default=200)
    options = parser.parse_args()
    folder = OUTPUT / "load-tmp"
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, str(ROOT / "generate.py"), "serve", "--port", str(port), "--max-rows", "5000"],
        cwd=ROOT,
        env={**os.environ, "TMPDIR": str(folder)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    rows: list[tuple[str, str]] = []
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/health", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        rows += run_phases(options, base, server.pid)
    finally:
        server.send_signal(signal.SIGTERM)
        _out, err = server.communicate(timeout=120)
    left = [p for p in folder.rglob("*") if p.is_file()]
    rows.append(("files left after SIGTERM", str(len(left))))
    if err.strip():
        rows.append(("server messages (stderr)", err.decode()[-200:].replace("\n", " ")))
    table = "| Measure | Result |\n|---|---|\n" + "\n".join(f"| {k} | {v} |" for k, v in rows)
    (OUTPUT / "load_web.md").write_text(table + "\n", encoding="utf-8")
    sys.stdout.write(table + "\n")


def run_phases(options, base: str, pid: int) -> list[tuple[str, str]]:
    rows = []
    best = baseline(min(options.seconds, 5))
    rows.append(("baseline: make_record in-process (discharge sheet)", f"{best:.1f} / s"))
    clients = [Browser(base) for _ in range(options.clients)]
    makes = for_seconds(options.seconds, clients, Browser.make)
    rate = len(makes) / options.seconds
    rows.append(
        (
            f"makes, {options.clients} browsers at once",
            f"{rate:.1f} / s ({rate / best:.0%} of baseline); median {statistics.median(makes):.2f} s, "
            f"95th {percentile(makes, 0.95):.2f} s",
        )
    )
    rows.append(("server memory after makes (RSS / peak)", "{:.0f} / {:.0f} MB".format(*memory(pid))))
    previews = [client.make() for client in clients]
    firsts = for_each(clients, lambda c: [c.get(f"{previews[clients.index(c)]}/discharge/{n}.png") for n in (1, 2, 3)])
    rows.append(
        (
            f"preview pages rendered (PNG, first view), {options.clients} browsers at once",
            f"median {statistics.median(firsts) / 3:.2f} s a page",
        )
    )
    pages = for_seconds(options.seconds, clients, lambda c: c.get(previews[clients.index(c)] + "/discharge/1.png"))
    rows.append(
        (
            "preview pages viewed again (from memory)",
            f"{len(pages) / options.seconds:.0f} / s; median {statistics.median(pages) * 1000:.0f} ms",
        )
    )
    rows.append(("server memory after previews", "{:.0f} / {:.0f} MB".format(*memory(pid))))
    rows += nurse_during_run(options, base, pid, clients[0])
    rows += slow_connections(options, base, pid)
    return rows


def nurse_during_run(options, base: str, pid: int, nurse: Browser) -> list[tuple[str, str]]:
    runner = Browser(base)
    began = time.perf_counter()
    location = runner.upload(options.patients)
    latencies = []
    while True:
        status = json.loads(runner.get(location + "/status"))
        if status["finished"]:
            break
        started = time.perf_counter()
        preview = nurse.make()
        nurse.get(preview)
        latencies.append(time.perf_counter() - started)
        time.sleep(1)
    seconds = time.perf_counter() - began
    bundle = len(runner.get(location + "/print-bundle.pdf"))
    summary = re.search(r'<p role="status">(.*?)</p>', runner.get(location).decode(), re.S)
    return [
        (
            f"clinic list, {options.patients} patients",
            f"{seconds:.0f} s (leaflet + discharge), bundle {bundle >> 20} MB",
        ),
        (
            "a nurse's make + preview during that run",
            f"median {statistics.median(latencies):.2f} s, worst {max(latencies):.2f} s ({len(latencies)} tries)",
        ),
        ("server memory after the run and its download", "{:.0f} / {:.0f} MB".format(*memory(pid))),
        ("run summary", summary.group(1).strip() if summary else "?"),
    ]


def slow_connections(options, base: str, pid: int) -> list[tuple[str, str]]:
    port = int(base.rsplit(":", 1)[1])
    idle = []
    for _ in range(options.slow):
        sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        sock.sendall(b"POST /make HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # headers never finished
        idle.append(sock)
    began = time.perf_counter()
    Browser(base).get("/")
    served = time.perf_counter() - began
    time.sleep(22)  # past the channel timeout (15 s) and a cleanup interval
    closed = 0
    for sock in idle:
        try:
            sock.settimeout(0.2)
            closed += sock.recv(1) == b""
        except (TimeoutError, OSError):
            pass
        sock.close()
    return [
        (f"{options.slow} idle half-open connections, then a nurse's page", f"served in {served:.2f} s"),
        ("idle connections the server closed within 22 s", f"{closed} of {options.slow}"),
        ("server memory at the end", "{:.0f} / {:.0f} MB".format(*memory(pid))),
    ]


if __name__ == "__main__":
    main()
