"""Step 5, last: send what was made to a printer through CUPS (`lp`), two-sided unless told otherwise.

Each file goes to `lp` on its standard input, so no file name (which holds
a patient id under `out/<patient id>/`) reaches the print queue, and each job
is titled by what it is ("Patient handouts: print bundle 1 of 3"), never by
who it is for: a print queue's list is seen by everyone who uses the printer.
"""

from __future__ import annotations

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


@dataclass(frozen=True)
class PrintJob:
    path: Path
    title: str  # what the queue shows: never a patient's name or id


def bundle_jobs(paths: Sequence[Path]) -> list[PrintJob]:
    """One job per print bundle, titled by its place in the series."""
    count = len(paths)
    if count == 1:
        return [PrintJob(paths[0], "Patient handouts: print bundle")]
    return [PrintJob(path, f"Patient handouts: print bundle {n} of {count}") for n, path in enumerate(paths, start=1)]


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
    if not re.fullmatch(r"[A-Za-z0-9_.@-]{1,127}", queue):
        raise PrintError(
            [Problem(queue[:60], "print", "a print queue's name is letters, digits, '-', '_', '.' or '@'")]
        )
    ids = []
    for job in jobs:
        command = [program, "-d", queue, "-t", job.title, "-o", ONE_SIDED if simplex else TWO_SIDED, "-"]
        try:
            with job.path.open("rb") as data:
                done = subprocess.run(command, stdin=data, capture_output=True, text=True, timeout=LP_SECONDS)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PrintError([Problem(queue, "print", f"{job.title} could not be sent ({exc})")]) from None
        if done.returncode != 0:
            reason = " ".join((done.stderr or done.stdout).split())[:300] or f"lp exited with {done.returncode}"
            raise PrintError([Problem(queue, "print", f"{job.title} was refused: {reason}")])
        found = re.search(r"request id is (\S+)", done.stdout)
        ids.append(found.group(1) if found else "")
    return ids
