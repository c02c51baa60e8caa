"""Check that a change leaves the PDFs as they were: the demo batch at another commit and here, compared.

    python bench/same_output.py [REV]                    (default REV: main) byte for byte
    python bench/same_output.py REV --content            the same content, in other bytes
    python bench/same_output.py REV --content --batch CSV [--batch CSV2 ...]   and these patient lists too

A refactoring must not change a single byte of any patient's PDF. This makes
the bundled sample batch (all documents, print bundle), then again in large
print on Letter, with the code at REV (checked out into a temporary worktree)
and with the code in this tree, each in its own process, and compares every
file. Exit 0 when all are the same.

`--content` is for a change to how a PDF is written that must not change what
it is (how its pages' content is cut into streams, which filters compress
them): each pair of PDFs is read with pikepdf and must have the same pages,
each page's content streams, decompressed and concatenated, exactly the same
operators, and every other object the same value, followed from the trailer
(a stream by its decoded data and its dictionary but for how it is encoded;
object numbers, and whether two pages share an object, may differ). The
manifest is compared without its sha256 column (the bytes are meant to
differ); every other file byte for byte. `--batch` adds a `generate.py batch`
of that list, at each commit (a list from `bench/patients.py --scripts all`,
say).
"""

from __future__ import annotations

import argparse
import csv
import filecmp
import io
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENCODING = ("/Filter", "/DecodeParms", "/Length")  # how a stream is stored, not what it holds


def make_demo(tree: Path, out: Path, *extra: str) -> None:
    """The demo batch made by the code in `tree` (its own generate.py and packages come first on sys.path)."""
    command = [sys.executable, str(tree / "generate.py"), "demo", "--out", str(out), "--workers", "1", *extra]
    subprocess.run(command, cwd=tree, check=True, capture_output=True)


def make_batch(tree: Path, out: Path, patients: Path) -> None:
    """A batch of `patients` made by the code in `tree` (every document, one worker)."""
    command = [sys.executable, str(tree / "generate.py"), "batch", str(patients), "--out", str(out), "--workers", "1"]
    subprocess.run(command, cwd=tree, check=True, capture_output=True)


def compare(before: Path, after: Path, content: bool = False) -> list[str]:
    """Files that differ or exist on one side only, relative to the output folders."""
    mine = {p.relative_to(after) for p in after.rglob("*") if p.is_file()}
    theirs = {p.relative_to(before) for p in before.rglob("*") if p.is_file()}
    differences = [f"only at REV: {p}" for p in sorted(theirs - mine)]
    differences += [f"only here: {p}" for p in sorted(mine - theirs)]
    for path in sorted(mine & theirs):
        if not content or path.suffix not in (".pdf", ".csv"):
            if not filecmp.cmp(before / path, after / path, False):
                differences.append(f"differs: {path}")
        elif path.suffix == ".csv":
            if _without_hashes(before / path) != _without_hashes(after / path):
                differences.append(f"differs (but for its sha256 column): {path}")
        else:
            differences += [
                f"{path}: {line}" for line in pdf_differences((before / path).read_bytes(), (after / path).read_bytes())
            ]
    return differences


def _without_hashes(path: Path) -> list[dict]:
    with path.open(newline="", encoding="utf-8") as file:
        return [{k: v for k, v in row.items() if k != "sha256"} for row in csv.DictReader(file)]


def page_content(page) -> bytes:
    """A page's content streams, decompressed and concatenated: what a reader draws the page from."""
    import pikepdf

    contents = page.obj.get("/Contents")
    if contents is None:
        return b""
    streams = list(contents) if isinstance(contents, pikepdf.Array) else [contents]
    return b"".join(stream.read_bytes() for stream in streams)


def pdf_differences(before: bytes, after: bytes) -> list[str]:
    """Where two PDFs differ in what they hold (not how it is stored); empty when they are the same document."""
    import pikepdf

    with pikepdf.open(io.BytesIO(before)) as old, pikepdf.open(io.BytesIO(after)) as new:
        if len(old.pages) != len(new.pages):
            return [f"{len(old.pages)} pages at REV, {len(new.pages)} here"]
        differences = []
        for number, (page_before, page_after) in enumerate(zip(old.pages, new.pages, strict=True), start=1):
            if page_content(page_before) != page_content(page_after):
                differences.append(f"page {number}: its content's operators differ")
        walk = _Walk()
        for key in ("/Root", "/Info"):
            walk.compare(old.trailer.get(key), new.trailer.get(key), f"trailer {key}")
        return differences + walk.differences[:20]


class _Walk:
    """Two object graphs compared by value from the trailer; each pair of indirect objects compared once."""

    def __init__(self):
        self.seen: set[tuple] = set()
        self.differences: list[str] = []

    def compare(self, a, b, where: str) -> None:
        import pikepdf

        if isinstance(a, pikepdf.Object) and isinstance(b, pikepdf.Object) and a.is_indirect and b.is_indirect:
            pair = (a.objgen, b.objgen)
            if pair in self.seen:
                return
            self.seen.add(pair)
        if isinstance(a, pikepdf.Stream) or isinstance(b, pikepdf.Stream):
            if not (isinstance(a, pikepdf.Stream) and isinstance(b, pikepdf.Stream)):
                self.differences.append(f"{where}: a stream on one side only")
            elif a.read_bytes() != b.read_bytes():
                self.differences.append(f"{where}: the stream's data differs")
            else:
                self._mapping(a.stream_dict, b.stream_dict, where, skip=ENCODING)
            return
        if isinstance(a, pikepdf.Dictionary) and isinstance(b, pikepdf.Dictionary):
            self._mapping(a, b, where, skip=("/Contents",) if a.get("/Type") == "/Page" else ())
            return
        if isinstance(a, pikepdf.Array) and isinstance(b, pikepdf.Array):
            if len(a) != len(b):
                self.differences.append(f"{where}: {len(a)} items at REV, {len(b)} here")
                return
            for index, (x, y) in enumerate(zip(a, b, strict=True)):
                self.compare(x, y, f"{where}[{index}]")
            return
        if _plain(a) != _plain(b):
            self.differences.append(f"{where}: {_plain(a)!r} at REV, {_plain(b)!r} here")

    def _mapping(self, a, b, where: str, skip=()) -> None:
        keys_a, keys_b = set(a.keys()) - set(skip), set(b.keys()) - set(skip)
        if keys_a != keys_b:
            self.differences.append(f"{where}: keys {sorted(keys_a ^ keys_b)} on one side only")
        for key in sorted(keys_a & keys_b):
            self.compare(a[key], b[key], f"{where} {key}")


def _plain(value):
    """A direct value as Python compares it (names, strings, numbers, booleans, null)."""
    import pikepdf

    if isinstance(value, pikepdf.String):
        return bytes(value)
    if isinstance(value, pikepdf.Object):
        return (type(value).__name__, str(value))
    return value


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rev", nargs="?", default="main")
    parser.add_argument("--content", action="store_true", help="compare what the PDFs hold, not their bytes")
    parser.add_argument("--batch", action="append", default=[], type=Path, help="a patient list to batch as well")
    args = parser.parse_args()
    rev = args.rev
    runs = [("default", ()), ("--large-print --paper letter", ("--large-print", "--paper", "letter"))]
    runs += [(f"batch {patients}", patients.resolve()) for patients in args.batch]
    with tempfile.TemporaryDirectory(prefix="same-output-") as temp:
        temp_path = Path(temp)
        tree = temp_path / "tree"
        subprocess.run(["git", "worktree", "add", "--detach", "-q", str(tree), rev], cwd=ROOT, check=True)
        try:
            for index, (name, extra) in enumerate(runs):
                before, after = temp_path / f"before-{index}", temp_path / f"after-{index}"
                for code, out in ((tree, before), (ROOT, after)):
                    if isinstance(extra, Path):
                        make_batch(code, out, extra)
                    else:
                        make_demo(code, out, *extra)
                differences = compare(before, after, args.content)
                count = sum(1 for _ in after.rglob("*.pdf"))
                kind = "content" if args.content else "byte"
                print(f"{name}: {count} PDFs, {len(differences)} {kind} difference(s) against {rev}")  # noqa: T201
                for line in differences:
                    print(f"  {line}")  # noqa: T201
                if differences:
                    return 1
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, check=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
