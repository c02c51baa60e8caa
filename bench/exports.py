"""Benchmark: reading clinic exports (step 1 only), against the bare parser of each format in the same run.

    .venv/bin/python bench/exports.py [--records 5000]

Writes, in bench/output/, the same fictional list as a CSV with a booking
system's header (synonyms, a forename and a surname, an extra column), as an
.xlsx workbook (openpyxl) and as NDJSON of FHIR Bundles assembled from HL7's
example resources (tests/fixtures/fhir). Then times reading every record:

  ours     PatientFile: open (the shape check) and iterate every RawRecord
  bare     csv.reader over the text / openpyxl read-only iter_rows / json.loads per line

and prints records per second and the ratio. Making the PDFs (bench/run.py) is
50-100 times slower per record than any of these; the figures show how much
of a batch's parent process reading takes.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from openpyxl import Workbook, load_workbook  # noqa: E402

from handout_engine.columns import read_options  # noqa: E402
from handout_engine.models import PATIENT_FIELDS  # noqa: E402
from handout_engine.records import PatientFile  # noqa: E402

OUTPUT = ROOT / "bench" / "output"
FIXTURES = ROOT / "tests" / "fixtures" / "fhir"
HEADER = ["Patient ID", "Forename", "Surname", "DOB", "NHS No.", "Handout", "Procedure Date", "Appointment time"]


def write_inputs(count: int) -> dict[str, Path]:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    rows = [
        [f"NB-{n}", "Ann", "Lee", "1950-03-03", "943 476 5919", "kyphoplasty", "2026-12-01", "09:30"]
        for n in range(count)
    ]
    paths = {"csv": OUTPUT / "exports.csv", "xlsx": OUTPUT / "exports.xlsx", "fhir": OUTPUT / "exports.ndjson"}
    with paths["csv"].open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([HEADER, *rows])
    book = Workbook()
    book.active.append(HEADER)
    for row in rows:
        book.active.append([*row[:3], dt.date(1950, 3, 3), *row[4:]])
    book.save(paths["xlsx"])

    def example(name: str) -> dict:
        return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))

    resources = [example(n) for n in ("Patient-example", "Procedure-example", "Practitioner-example")]
    resources += [example("Appointment-example"), example("MedicationRequest-medrx0302")]
    with paths["fhir"].open("w", encoding="utf-8") as handle:
        for n in range(count):
            resources[0]["identifier"][0]["value"] = f"NB-{n}"
            handle.write(json.dumps({"resourceType": "Bundle", "entry": [{"resource": r} for r in resources]}) + "\n")
    (OUTPUT / "exports-map.yaml").write_text("procedures:\n  Appendectomy: kyphoplasty\n", encoding="utf-8")
    return paths


def bare(kind: str, path: Path) -> int:
    if kind == "csv":
        with path.open(encoding="utf-8", newline="") as handle:
            return sum(1 for _ in csv.reader(handle)) - 1
    if kind == "xlsx":
        book = load_workbook(path, read_only=True, data_only=True)
        count = sum(1 for _ in book.worksheets[0].iter_rows(values_only=True)) - 1
        book.close()
        return count
    with path.open(encoding="utf-8") as handle:
        return sum(1 for line in handle if json.loads(line))


def ours(kind: str, path: Path) -> int:
    options = read_options(columns=OUTPUT / "exports-map.yaml") if kind == "fhir" else None
    return sum(1 for _ in PatientFile(path, PATIENT_FIELDS, options=options))


def timed(run, kind: str, path: Path) -> tuple[int, float]:
    started = time.perf_counter()
    count = run(kind, path)
    return count, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=5000)
    args = parser.parse_args()
    paths = write_inputs(args.records)
    ours("fhir", paths["fhir"])  # imports (openpyxl, fhir.resources) once, outside the timings
    lines = ["| format | records | ours s | ours records/s | bare s | bare records/s | ours / bare |"]
    lines.append("|---|---:|---:|---:|---:|---:|---:|")
    for kind, path in paths.items():
        count, seconds = timed(ours, kind, path)
        bare_count, bare_seconds = timed(bare, kind, path)
        assert count == bare_count == args.records, (kind, count, bare_count)
        lines.append(
            f"| {kind} | {count} | {seconds:.2f} | {count / seconds:.0f} | {bare_seconds:.2f} | "
            f"{bare_count / bare_seconds:.0f} | {seconds / bare_seconds:.1f}x |"
        )
        sys.stdout.write(lines[-1] + "\n" if len(lines) > 3 else "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
