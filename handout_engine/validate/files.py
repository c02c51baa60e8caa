"""The `validate` command's walk: decide what each file is, check it, collect every problem.

A file is content when it lies under handouts/ or has a `metadata:` key, a
brand when it lies under assets/brands/ or has a `clinic_name:` key, and a
patient file otherwise. Nothing is rendered or written.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..catalog import read_brand_file, read_handout_file
from ..columns import ReadOptions
from ..errors import HandoutError, Problem
from ..load import display_name, load_yaml
from ..paths import BRANDS, HANDOUTS, SAMPLE_PATIENTS
from ..records import EXTENSIONS
from .records import read_patients


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def _kind(path: Path) -> str:
    if _inside(path, HANDOUTS):
        return "content"
    if _inside(path, BRANDS):
        return "brand"
    if path.suffix.lower() in {".yaml", ".yml"}:
        try:
            data = load_yaml(path)
        except HandoutError:
            return "patients"  # the patient check reports the parse error
        if isinstance(data, dict) and "metadata" in data:
            return "content"
        if isinstance(data, dict) and "clinic_name" in data:
            return "brand"
    return "patients"


def _files(paths: Sequence[Path]) -> list[Path]:
    if not paths:
        return sorted(HANDOUTS.glob("*/*.yaml")) + sorted(BRANDS.glob("*.yaml")) + [SAMPLE_PATIENTS]
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = [p for p in sorted(path.rglob("*")) if p.is_file() and p.suffix.lower() in EXTENSIONS]
            files += found
        else:
            files.append(path)
    return files


def validate_paths(
    paths: Sequence[Path], documents: Sequence[str], read: ReadOptions | None = None
) -> tuple[int, list[Problem]]:
    """Check each file; return how many were checked and every problem found (patient files read as `read` says)."""
    problems: list[Problem] = []
    files = _files(paths)
    for path in files:
        if not path.exists():
            problems.append(Problem(display_name(path), "", "file not found"))
            continue
        try:
            kind = _kind(path)
            if kind == "content":
                read_handout_file(path)
            elif kind == "brand":
                read_brand_file(path)
            else:
                read_patients(path, documents, read)
        except HandoutError as error:
            problems.extend(error.problems)
    return len(files), problems
