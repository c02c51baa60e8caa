"""Check that a change leaves the PDFs exactly as they were: the demo batch at another commit and here, byte for byte.

    python bench/same_output.py [REV]        (default REV: main)

A refactoring must not change a single byte of any patient's PDF. This makes
the bundled sample batch (all documents, print bundle) with the code at REV
(checked out into a temporary worktree) and with the code in this tree, each
in its own process, and compares every file. Exit 0 when all are identical.
"""

from __future__ import annotations

import filecmp
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def make_demo(tree: Path, out: Path, *extra: str) -> None:
    """The demo batch made by the code in `tree` (its own generate.py and packages come first on sys.path)."""
    command = [sys.executable, str(tree / "generate.py"), "demo", "--out", str(out), "--workers", "1", *extra]
    subprocess.run(command, cwd=tree, check=True, capture_output=True)


def compare(before: Path, after: Path) -> list[str]:
    """Files that differ or exist on one side only, relative to the output folders."""
    mine = {p.relative_to(after) for p in after.rglob("*") if p.is_file()}
    theirs = {p.relative_to(before) for p in before.rglob("*") if p.is_file()}
    differences = [f"only at REV: {p}" for p in sorted(theirs - mine)]
    differences += [f"only here: {p}" for p in sorted(mine - theirs)]
    differences += [f"differs: {p}" for p in sorted(mine & theirs) if not filecmp.cmp(before / p, after / p, False)]
    return differences


def main() -> int:
    rev = sys.argv[1] if len(sys.argv) > 1 else "main"
    with tempfile.TemporaryDirectory(prefix="same-output-") as temp:
        temp_path = Path(temp)
        tree = temp_path / "tree"
        subprocess.run(["git", "worktree", "add", "--detach", "-q", str(tree), rev], cwd=ROOT, check=True)
        try:
            for extra in ((), ("--large-print", "--paper", "letter")):
                name = " ".join(extra) or "default"
                make_demo(tree, temp_path / f"before-{name}", *extra)
                make_demo(ROOT, temp_path / f"after-{name}", *extra)
                differences = compare(temp_path / f"before-{name}", temp_path / f"after-{name}")
                count = sum(1 for _ in (temp_path / f"after-{name}").rglob("*.pdf"))
                print(f"{name}: {count} PDFs, {len(differences)} difference(s) against {rev}")  # noqa: T201
                for line in differences:
                    print(f"  {line}")  # noqa: T201
                if differences:
                    return 1
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, check=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
