"""Fixtures only (shared helpers are in support.py): every test runs from the repository root."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # generate.py lives at the top, beside the packages
sys.path.insert(0, str(Path(__file__).resolve().parent))

from support import DOCUMENTS, render_pdf  # noqa: E402


@pytest.fixture(autouse=True)
def _run_from_repo_root(monkeypatch):
    """Messages show paths relative to the working folder; tests run from the repository root."""
    monkeypatch.chdir(ROOT)


@pytest.fixture
def render():
    return render_pdf


@pytest.fixture(scope="session")
def sample_pdfs() -> dict[str, bytes]:
    """Each document once for the standard record, shared by the read-only tests."""
    return {document: render_pdf(document) for document in DOCUMENTS}
