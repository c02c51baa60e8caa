"""README.md says what the code is: its field table is the Patient model's, its tree is the package tree."""

from __future__ import annotations

import re

import pytest

from handout_engine.models import PATIENT_FIELDS
from support import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
MODULE = re.compile(r"\b(\w+\.py)\b")
FOLDER = re.compile(r"(?<![\w/.<])([a-z_]\w*)/")  # our folders are lower case (PDF/A is a standard)


def section(title: str) -> str:
    start = README.index(f"## {title}\n")
    following = README.find("\n## ", start + 1)
    return README[start : following if following != -1 else len(README)]


def tree_entries(package: str) -> dict[str, str]:
    """README's tree, the lines under `package/`: each entry (a module or folder at the first indent) -> its text."""
    block = section("How it is built").split("```")[1]
    entries: dict[str, str] = {}
    inside, current = False, None
    for line in block.splitlines():
        if not line.startswith(" "):
            inside = line.startswith(f"{package}/")
            continue
        if not inside:
            continue
        if line.startswith("  ") and not line.startswith("   "):
            current = line.split()[0].rstrip(",")
            entries[current] = line
        elif current:
            entries[current] += " " + line
    return entries


def test_the_field_table_lists_every_record_field_once_in_the_models_order():
    rows = [line for line in section("Patient records").splitlines() if line.startswith("| `")]
    fields = [name for row in rows for name in re.findall(r"`(\w+)`", row.split("|")[1])]
    assert fields == list(PATIENT_FIELDS)


@pytest.mark.parametrize("package", ["handout_engine", "layouts"])
def test_every_module_and_folder_of_a_package_is_in_the_tree_and_everything_there_exists(package):
    root = ROOT / package
    entries = tree_entries(package)
    text = " ".join(entries.values())
    named_modules = set(MODULE.findall(text))
    named_folders = set(FOLDER.findall(text))
    for path in sorted(root.iterdir()):
        if path.suffix == ".py":
            assert path.name in named_modules, f"{package}/{path.name} is missing from README's 'How it is built'"
        elif (path / "__init__.py").exists():
            assert path.name in named_folders, f"{package}/{path.name}/ is missing from README's 'How it is built'"
            folder_text = next((t for e, t in entries.items() if e == f"{path.name}/"), "")
            for inner in sorted(path.rglob("*.py")):
                if inner.name != "__init__.py":
                    assert inner.name in folder_text, f"{inner.relative_to(ROOT)} is missing from README's tree"
    for entry, entry_text in entries.items():
        # What an entry names lives where it says: a folder's modules inside that folder, the others beside it.
        where = root / entry if entry.endswith("/") else root
        for module in MODULE.findall(entry_text):
            found = list(where.rglob(module)) if entry.endswith("/") else [root / module]
            assert any(p.exists() for p in found), f"README: {package}/{entry} names {module}, which is not there"
        for folder in FOLDER.findall(entry_text):
            assert list(root.rglob(folder)), f"README: {package}/{entry} names {folder}/, which is not there"


def test_every_other_path_in_the_tree_exists():
    block = section("How it is built").split("```")[1]
    for line in block.splitlines():
        first = line.split()[0] if line.strip() else ""
        if line.startswith(" ") or not first or "<" in first:
            continue
        for path in line.split("  ")[0].split():
            assert (ROOT / path.rstrip("/")).exists(), f"README's tree names {path}, which is not there"
