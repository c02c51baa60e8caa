"""Step 5, last: send what was made to a printer through CUPS (`lp`), two-sided unless told otherwise.

Each file goes to `lp` on its standard input, so no file name (which holds
a patient id under `out/<patient id>/`) reaches the print queue, and each job
is titled by what it is ("Patient handouts: print bundle 1 of 3"), never by
who it is for: a print queue's list is seen by everyone who uses the printer.
The command line sends bundles from disk; the nurses' page sends the PDFs it
holds in memory, through the same `send_to_printer`.

A stopped printer (CUPS "disabled") is refused before anything is sent: its
jobs would wait in the queue and come out whenever someone restarts it,
hours later, at a printer nobody is watching for that patient.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import PrintError, Problem

LP = "lp"
TWO_SIDED = "sides=two-sided-long-edge"  # portrait pages turn on their long edge
ONE_SIDED = "sides=one-sided"
LP_SECONDS = 120  # handing a file to the local CUPS server; printing itself goes on after
LPSTAT = "lpstat"
LPSTAT_SECONDS = 20
QUEUE_NAME = r"[A-Za-z0-9_.@-]{1,127}"
PRINTER_ENVIRONMENT = "HANDOUTS_PRINTER"  # the ward's printer queue for the nurses' page (serve --printer)


@dataclass(frozen=True)
class PrintJob:
    path: Path | None  # a file on disk (a print bundle), or None when `data` holds the PDF
    title: str  # what the queue shows: never a patient's name or id
    data: bytes | None = None


def bundle_jobs(paths: Sequence[Path]) -> list[PrintJob]:
    """One job per print bundle, titled by its place in the series."""
    count = len(paths)
    if count == 1:
        return [PrintJob(paths[0], "Patient handouts: print bundle")]
    return [PrintJob(path, f"Patient handouts: print bundle {n} of {count}") for n, path in enumerate(paths, start=1)]


def document_job(title: str, pdf: bytes) -> PrintJob:
    """One document held in memory (the nurses' page), titled by the kind of document it is."""
    return PrintJob(None, f"Patient handouts: {title}", pdf)


def queue_name_problem(queue: str) -> str | None:
    """Why `queue` cannot be a CUPS queue's name, or None."""
    if re.fullmatch(QUEUE_NAME, queue):
        return None
    return "a print queue's name is letters, digits, '-', '_', '.' or '@' (at most 127)"


def stopped_reason(queue: str, lpstat: str = LPSTAT) -> str | None:
    """CUPS's reason when `queue` is stopped, or None (running, or its state cannot be read: `lp` then says)."""
    program = shutil.which(lpstat)
    if program is None:
        return None
    try:
        done = subprocess.run(
            [program, "-p", queue], capture_output=True, text=True, timeout=LPSTAT_SECONDS, env=_c_locale()
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    first, *rest = (done.stdout.strip() or "-").splitlines()
    if done.returncode != 0 or not first.startswith(f"printer {queue} disabled"):
        return None
    reason = " ".join(" ".join(rest).split())[:200]
    return reason if reason and reason != "reason unknown" else "no reason given"


def _c_locale() -> dict[str, str]:
    return {**os.environ, "LC_ALL": "C", "LANG": "C"}  # lpstat's words, not a translation of them


def send_to_printer(jobs: Sequence[PrintJob], queue: str, simplex: bool = False, lp: str = LP) -> list[str]:
    """Queue each job on `queue`; return CUPS's request ids. Raises PrintError naming what failed and why."""
    program = shutil.which(lp)
    if program is None:
        raise PrintError(
            [
                Problem(
                    queue, "print", f"'{lp}' was not found: install CUPS's client (Debian: apt-get install cups-client)"
                )
            ]
        )
    named = queue_name_problem(queue)
    if named:
        raise PrintError([Problem(queue[:60], "print", named)])
    stopped = stopped_reason(queue)
    if stopped:
        message = f"the printer is stopped ({stopped}); nothing was sent: start it again, or print elsewhere"
        raise PrintError([Problem(queue, "print", message)])
    ids = []
    for job in jobs:
        command = [program, "-d", queue, "-t", job.title, "-o", ONE_SIDED if simplex else TWO_SIDED, "-"]
        try:
            done = _run_lp(command, job)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PrintError([Problem(queue, "print", f"{job.title} could not be sent ({exc})")]) from None
        said = done.stdout.decode("utf-8", "replace")
        if done.returncode != 0:
            answer = done.stderr.decode("utf-8", "replace") or said
            reason = " ".join(answer.split())[:300] or f"lp exited with {done.returncode}"
            raise PrintError([Problem(queue, "print", f"{job.title} was refused: {reason}")])
        found = re.search(r"request id is (\S+)", said)
        ids.append(found.group(1) if found else "")
    return ids


def _run_lp(command: list[str], job: PrintJob) -> subprocess.CompletedProcess:
    """`lp` with the job on its standard input: a file streamed from disk, or the PDF held in memory."""
    if job.path is None:
        return subprocess.run(command, input=job.data, capture_output=True, timeout=LP_SECONDS)
    with job.path.open("rb") as data:
        return subprocess.run(command, stdin=data, capture_output=True, timeout=LP_SECONDS)
