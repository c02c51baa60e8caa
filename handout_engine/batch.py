"""A batch: a clinic's whole list, made in worker processes, written safely, in input order.

The walk: check what the whole run depends on (brand, the patient file's
shape, the content files its records name, the output folder) and refuse the
run if any of it is wrong (InputError, exit 2). Then each record goes to a
worker (`pool.map_in_order` running `make.make_record`) and comes back as PDF
bytes or as the reasons it failed; in input order, batch_writer.py writes the
PDFs atomically, adds the manifest rows and appends the pages to the print
bundle. The checks and the folder's lock are in batch_checks.py. A bad record
is reported and skipped; the others are made.

Safe to interrupt: temporary files live in DIR/.incomplete and are renamed
into place whole, the manifest and the bundle appear only when the batch
ends, and a lock keeps two batches out of one folder. Killed at any moment,
a batch leaves only whole PDFs; run again, it completes.
"""

from __future__ import annotations

import contextlib
import functools
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .batch_checks import check_inputs, lock_output_folder
from .batch_writer import BatchWriter
from .bundle import BundleSeries
from .catalog import brand_names, handout_languages
from .columns import ReadOptions
from .errors import InputError, Problem
from .load import display_name
from .make import Settings, lost_record, make_record, warm_up
from .manifest import Manifest
from .models import DOCUMENT_NAMES
from .pool import map_in_order
from .records import PatientFile
from .reuse import FileList, clear_earlier_batch
from .validate.records import check_every_record

if TYPE_CHECKING:
    from .cluster import Cluster

MANIFEST = "manifest.csv"


@dataclass
class Report:
    """What a batch made and what failed: the closing summary and the exit code."""

    records: int = 0
    records_made: int = 0
    records_failed: int = 0
    documents: int = 0
    documents_failed: int = 0
    pages: int = 0
    bundle_pages: int = 0
    bundle_paths: tuple[Path, ...] = ()  # the print bundle's files, in order (several with a bundle size)
    seconds: float = 0.0
    problems: list[Problem] = field(default_factory=list)
    language_fallbacks: int = 0  # records made in English because their language has no translation
    read_as: str = ""  # how a table was read ("semicolon-separated CSV"), for the summary

    @property
    def failed(self) -> bool:
        return bool(self.records_failed)

    def summary(self) -> str:
        read = f" (read as {self.read_as})" if self.read_as else ""
        if self.records and not self.documents:
            return f"No record was made: all {self.records} record(s) failed; see the errors above{read}."
        rate = self.pages / self.seconds if self.seconds else 0.0
        text = (
            f"Made {self.documents} document(s), {self.pages} page(s), for {self.records_made} of "
            f"{self.records} record(s){read} in {self.seconds:.1f} s ({rate:.0f} pages/s)."
        )
        if self.records_failed:
            text += f" {self.records_failed} record(s) failed ({self.documents_failed} document(s) not made)."
        if self.language_fallbacks:
            text += f" {self.language_fallbacks} record(s) made in English: their language is not available."
        return text


@dataclass(frozen=True)
class BatchRequest:
    patients: Path | str  # a file, or "-" for standard input
    out: Path
    documents: tuple[str, ...] = DOCUMENT_NAMES
    brand_id: str = "northbrook"
    bundle: Path | None = None
    workers: int = 1
    file_format: str | None = None  # csv, yaml, json or jsonl; by default from the file's extension
    strict: bool = False  # refuse the whole run if any record is invalid (nothing is written)
    paper: str = "a4"
    large_print: bool = False  # for every record that does not say otherwise
    allow_overdue: bool = False  # print content past its review date, marked "Review overdue" on every page
    fillable: bool = False  # the consent form with form fields (tick boxes, text, empty signatures)
    simplex: bool = False  # a single-sided printer: no "intentionally left blank" back pages in the bundle
    bundle_size: int | None = None  # patients per bundle file (bundle-001.pdf, bundle-002.pdf...); None: one file
    archive: bool = False  # PDF/A-2b for filing into the patient's electronic record
    start_method: str | None = None  # how worker processes start; "spawn" from a program with threads (the web app)
    most_records: int | None = None  # a longer list is refused before anything is made (the nurses' page's cap)
    read: ReadOptions = field(
        default_factory=ReadOptions
    )  # how to read a file not in our own shape: column map, date order, encoding
    cluster: str | None = None  # a Dask scheduler's address (tcp://host:8786): make the records there, not here


Progress = Callable[[int, int, Report], None]  # (records done, records in all, report so far)


def run_batch(
    request: BatchRequest,
    on_problem: Callable[[Problem], None] | None = None,
    on_progress: Progress | None = None,
) -> Report:
    """Make every record's documents; report each problem as it is found. Raises InputError to refuse the run."""
    started = time.perf_counter()
    patients = check_inputs(request)
    for notice in patients.notices:
        (on_problem or (lambda _p: None))(Problem(patients.name, "", notice, warning=True))
    settings = Settings(
        documents=request.documents,
        known_documents=DOCUMENT_NAMES,
        brand_id=request.brand_id,
        handouts=tuple(handout_languages().items()),
        bundle=request.bundle is not None,
        duplex=not request.simplex,
        paper=request.paper,
        large_print=request.large_print,
        brands=tuple(brand_names()),
        allow_overdue=request.allow_overdue,
        fillable=request.fillable,
        archive=request.archive,
    )
    if request.strict:
        # Strict runs: nothing is made unless every record is valid (the list itself is not kept).
        check_every_record(
            patients, dict(settings.handouts), settings.documents, settings.known_documents, settings.brands
        )
    unusual = patients.format == "csv" and patients.separator != ","  # a semicolon or tab file says how it was read
    report = Report(records=len(patients), read_as=patients.read_as if unusual else "")
    cluster = None
    if request.cluster:  # connected and checked before anything is written: a wrong worker refuses the run
        from .cluster import connect

        cluster = connect(request.cluster)
    try:
        _run(request, settings, patients, report, cluster, started, on_problem or (lambda _p: None), on_progress)
    finally:
        if cluster is not None:
            cluster.close()
    report.seconds = time.perf_counter() - started
    return report


def _run(
    request: BatchRequest,
    settings: Settings,
    patients: PatientFile,
    report: Report,
    cluster: Cluster | None,
    started: float,
    notify: Callable[[Problem], None],
    on_progress: Progress | None,
) -> None:
    """The batch proper, under the output folder's lock."""
    with lock_output_folder(request.out) as temp_folder:
        named = [Path(p) for p in (request.bundle, request.patients) if p and str(p) != "-"]
        removed = clear_earlier_batch(request.out, named)  # or refuse a folder holding files no batch made
        if removed:
            message = f"removed the {removed} file(s) an earlier batch made here first, so none of them passes for new"
            notify(Problem(display_name(request.out), "", message, warning=True))
        files = FileList(request.out)
        old = request.out / MANIFEST
        try:
            old.unlink(missing_ok=True)  # it describes files this run replaces; a new one comes at the end
        except OSError as exc:
            raise InputError(
                [
                    Problem(
                        display_name(old), "output folder", f"cannot be replaced ({exc.strerror or exc})", setting="out"
                    )
                ]
            ) from None
        manifest = Manifest(request.out / MANIFEST, temp_folder)
        bundle = BundleSeries(request.bundle, request.bundle_size, not request.simplex) if request.bundle else None
        writer = BatchWriter(request.out, temp_folder, manifest, bundle, report, notify)
        writer.files = files
        jobs = ((raw, settings) for raw in patients)
        results = map_in_order(
            make_record,
            jobs,
            request.workers,
            functools.partial(warm_up, settings),
            request.start_method,
            cluster=cluster,
            on_lost=lost_record,
        )
        try:
            for done, result in enumerate(results, start=1):
                writer.take(result)
                report.seconds = time.perf_counter() - started
                if on_progress:
                    on_progress(done, report.records, report)
        except BaseException:
            # Stop the pool here, not whenever the traceback that holds the generator is freed (after the CLI
            # has decided how to leave, with some versions of click).
            results.close()
            files.close()
            manifest.abort()
            if bundle:
                bundle.abort()
            raise
        writer.finish_pdfs()  # before the manifest: it lists only PDFs that are in place
        manifest.close()
        if bundle:
            if report.documents:
                bundle.close()
                report.bundle_pages = bundle.pages
                report.bundle_paths = tuple(bundle.paths)
                for path in bundle.paths:
                    if path.resolve().parent == request.out.resolve():
                        files.add(path.name)
            else:
                bundle.abort()  # nothing was made: no empty bundle to print, and no stale one left behind
                with contextlib.suppress(OSError):
                    request.bundle.unlink(missing_ok=True)
        files.close()
