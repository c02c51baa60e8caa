"""The benchmark still runs: bench/ is how speed is measured, so a change that breaks it (as a per-language brand
text once broke bare.py's phone table) must fail here, not at the next measurement. No timing is checked."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_the_benchmark_runs_both_tools_and_prints_the_ratio():
    run = subprocess.run(
        [sys.executable, "bench/run.py", "--patients", "3", "--no-bundle", "--no-cluster"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    # A row run while other processes were busy is marked " *" (its wall time is unreliable), never left out.
    assert re.search(r"^\| bare ReportLab( \*)? \| 1 \|", run.stdout, re.M), run.stdout
    assert re.search(r"^\| generator( \*)? \| 1 \|", run.stdout, re.M), run.stdout
    assert "Generator time per page ÷ bare ReportLab time per page" in run.stdout
