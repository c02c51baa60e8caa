"""A batch: a clinic's whole list, made in worker processes, written safely, in input order.

The walk: check what the whole run depends on (brand, the patient file's
shape, the content files its records name, the output folder) and refuse the
run if any of it is wrong (InputError, exit 2). Then each record goes to a
worker (`pool.map_in_order` running `make.make_record`) and comes back as PDF
bytes or as the reasons it failed; here, in input order, the PDFs are written
atomically, the manifest row is added and the pages are appended to the
print bundle. A bad record is reported and skipped; the others are made.

Safe to interrupt: temporary files live in DIR/.incomplete and are renamed
into place whole, the manifest and the bundle appear only when the batch
ends, and a lock keeps two batches out of one folder. Killed at any moment,
a batch leaves only whole PDFs; run again, it completes.
"""

from __future__ import annotations

import contextlib
import functools
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .audit import audit_from_environment
from .bundle import BundleSeries
from .catalog import brand_names, handout_languages, load_brand, load_handout
from .columns import ReadOptions
from .errors import BatchStoppedError, InputError, PatientFileError, Problem
from .load import display_name
from .locale import labels_for
from .make import RecordResult, Settings, lost_record, make_record, warm_up
from .manifest import FAILED, MADE, Manifest
from .models import DEFAULT_LANGUAGE, DOCUMENT_NAMES, PATIENT_FIELDS
from .pool import map_in_order
from .records import PatientFile
from .reuse import FileList, clear_earlier_batch
from .review import overdue_problem
from .validate.patient_id import PATIENT_ID, is_reserved_name, safe_name
from .validate.records import check_every_record, duplicate_problem
from .validate.values import handout_id, language_code
from .write import check_output_folder, write_atomically

if TYPE_CHECKING:
    from .cluster import Cluster

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; two batches into one folder are then the user's risk
    fcntl = None

MANIFEST = "manifest.csv"
INCOMPLETE = ".incomplete"  # temporary files of a running batch, swept at the start of the next
LOCK = ".batch.lock"


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
    patients = _check_inputs(request)
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
    with _lock(request.out) as temp_folder:
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
        writer = _Writer(request.out, temp_folder, manifest, bundle, report, notify)
        writer.files = files
        try:
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
            for done, result in enumerate(results, start=1):
                writer.take(result)
                report.seconds = time.perf_counter() - started
                if on_progress:
                    on_progress(done, report.records, report)
        except BaseException:
            files.close()
            manifest.abort()
            if bundle:
                bundle.abort()
            raise
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


class _Writer:
    """The parent's share of the work, in input order: files, manifest rows, bundle pages, problems."""

    def __init__(self, out, temp_folder, manifest, bundle, report, on_problem):
        self.out = out
        self.temp_folder = temp_folder
        self.manifest = manifest
        self.bundle = bundle
        self.report = report
        self.on_problem = on_problem
        self.seen: dict[str, int] = {}
        self.files: FileList | None = None  # `.batch-files`: what this batch wrote, for the next one (reuse.py)
        self.audit = audit_from_environment()  # consent forms made, when the clinic keeps a log (audit.py)

    def take(self, result: RecordResult) -> None:
        problems = list(result.problems)
        duplicate = None
        if not problems and result.patient_id:
            duplicate = duplicate_problem(self.seen, result.patient_id, result.source, result.row, result.row_label)
            if duplicate:
                problems.append(duplicate)
        if problems:
            if not duplicate:
                self._remove_stale(result, [document.document for document in result.documents])
            self._fail_record(result, problems)
            return
        for warning in result.warnings:
            self._problem(warning)
        if result.warnings:
            self.report.language_fallbacks += 1
        record_failed = False
        for document in result.documents:
            error = document.error
            if error is None:
                try:
                    self._write(result, document)
                    continue
                except OSError as exc:  # a full disk or a lost share fails this document, loudly
                    error = f"could not be written ({exc.strerror or exc})"
            record_failed = True
            self._remove_stale(result, [document.document])
            self.report.documents_failed += 1
            self._problem(
                Problem(result.source, document.document, error, result.row, result.patient_id, result.row_label)
            )
            self._row(result, document.document, status=FAILED, error=error)
        if record_failed:
            self.report.records_failed += 1
        else:
            self.report.records_made += 1

    def _remove_stale(self, result: RecordResult, documents: list[str]) -> None:
        """A record that failed must not leave an earlier run's PDF under its name, as if it had been made."""
        pid = result.patient_id
        if not pid or not PATIENT_ID.match(pid) or is_reserved_name(pid):
            return  # not a usable id: it names no folder of ours
        for document in documents:
            with contextlib.suppress(OSError):
                (self.out / safe_name(pid) / f"{document}.pdf").unlink(missing_ok=True)

    def _write(self, result: RecordResult, document) -> None:
        relative = f"{safe_name(result.patient_id)}/{document.document}.pdf"
        if self.files:
            self.files.add(relative)  # listed first: a batch killed now still knows the file is its own
        write_atomically(self.out / relative, document.pdf, self.temp_folder)
        if document.document == "consent":
            pid, version = result.patient_id, result.content_version
            self.audit.record("made", document.pdf, document="consent", patient_id=pid, content_version=version)
        self.report.documents += 1
        self.report.pages += document.pages
        self._row(
            result,
            document.document,
            file=relative,
            pages=document.pages,
            sha256=document.sha256,
            status=MADE,
            patient_risks="; ".join(document.patient_risks),
        )
        if self.bundle and document.fragment:
            title = labels_for(result.language)[document.document]
            try:
                self.bundle.add(document.fragment, f"Patient {result.patient_id}", title, document.filler)
            except OSError as exc:  # the bundle cannot go on: stop, rather than print a bundle with gaps
                raise BatchStoppedError(
                    f"the print bundle {self.bundle.path} could not be written ({exc.strerror or exc}); the PDFs "
                    "already made are whole: free space or choose another place for the print bundle, "
                    "then run the same command again"
                ) from None

    def _fail_record(self, result: RecordResult, problems: list[Problem]) -> None:
        self.report.records_failed += 1
        self.report.documents_failed += len(result.documents)
        for problem in problems:
            self._problem(problem)
        reason = "; ".join(f"{p.field}: {p.message}" if p.field else p.message for p in problems)
        for document in result.documents:
            self._row(result, document.document, status=FAILED, error=reason)

    def _row(self, result: RecordResult, document: str, **values) -> None:
        self.manifest.add(
            patient_id=result.patient_id,
            row=result.row,
            document=document,
            handout=result.handout,
            language=result.language,
            content_version=result.content_version,
            next_review=result.next_review,
            note="; ".join(f"{w.field}: {w.message}" for w in result.warnings),
            **values,
        )

    def _problem(self, problem: Problem) -> None:
        self.report.problems.append(problem)
        self.on_problem(problem)


def _check_inputs(request: BatchRequest) -> PatientFile:
    """Everything the whole run depends on; any fault refuses the run before a file is written."""
    load_brand(request.brand_id)
    patients = PatientFile(request.patients, PATIENT_FIELDS, request.file_format, request.read)
    if request.most_records is not None and len(patients) > request.most_records:
        message = (
            f"has {len(patients):,} records; at most {request.most_records:,} are made in one run here: "
            "split the list into smaller files"
        )
        raise PatientFileError([Problem(patients.name, "", message)])
    problems = []
    folders = {request.out: ("output folder", "out")}
    if request.bundle:
        folders.setdefault(request.bundle.parent, ("print bundle", "bundle"))
    for path, (role, setting) in folders.items():
        problem = check_output_folder(path)
        if problem:
            problems.append(Problem(display_name(path), role, problem, setting=setting))
    if request.bundle:
        reason = _bundle_problem(request.bundle, request.out, request.patients)
        if reason:
            problems.append(Problem(display_name(request.bundle), "print bundle", reason, setting="bundle"))
    if problems:
        raise InputError(problems)
    # The content files the records name: a broken one is the clinic's content to fix, not a patient's record.
    known = handout_languages()
    overdue = []
    for handout, language in sorted(_content_named(patients, known)):
        content = load_handout(handout, language)
        problem = None if request.allow_overdue else overdue_problem(content)
        if problem:
            overdue.append(problem)
    if overdue:
        raise InputError(overdue)
    return patients


def _bundle_problem(bundle: Path, out: Path, patients: Path | str) -> str | None:
    """Why the bundle may not be written at `bundle`: it must never replace a patient's PDF, the manifest or input."""
    if bundle.suffix.lower() != ".pdf":
        return "give a file name ending .pdf"
    if bundle.is_dir():
        return "is a folder; give a file name ending .pdf"
    target = bundle.resolve()
    folder = out.resolve()
    if target.parent != folder and folder in target.parents:
        return (
            f"is inside a patient's folder under {display_name(out)}; put it in {display_name(out)} itself or elsewhere"
        )
    if str(patients) != "-" and Path(patients).resolve() == target:
        return "is the patient file itself"
    if bundle.exists():
        try:
            with bundle.open("rb") as handle:
                is_pdf = handle.read(5) == b"%PDF-"
        except OSError as exc:
            return f"cannot be read to check it is an old bundle ({exc.strerror or exc})"
        if not is_pdf:
            return "exists and is not a PDF; it will not be overwritten"
    return None


def _content_named(patients: PatientFile, known: dict[str, tuple[str, ...]]) -> Iterator[tuple[str, str]]:
    seen = set()
    for handout, language in patients.named_content():
        language = language or DEFAULT_LANGUAGE
        if isinstance(handout, str) and isinstance(language, str):
            pair = (handout_id(handout.strip(), known), language_code(language.strip()))
            if pair not in seen and pair[1] in known.get(pair[0], ()):
                seen.add(pair)
                yield pair


@contextlib.contextmanager
def _lock(out: Path) -> Iterator[Path]:
    """Hold DIR's lock for the batch and give it a clean folder for temporary files.

    The lock is released by the system when the process ends, however it
    ends, so a killed batch never blocks the next one.
    """
    try:
        out.mkdir(parents=True, exist_ok=True)
        handle = open(out / LOCK, "a+b")  # noqa: SIM115 - held for the whole batch
    except OSError as exc:
        raise InputError(
            [
                Problem(
                    display_name(out / LOCK), "output folder", f"cannot be used ({exc.strerror or exc})", setting="out"
                )
            ]
        ) from None
    try:
        if fcntl:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise InputError(
                    [
                        Problem(
                            display_name(out),
                            "output folder",
                            "another batch is writing to this folder; wait for it to end",
                            setting="out",
                        )
                    ]
                ) from None
        temp_folder = out / INCOMPLETE
        shutil.rmtree(temp_folder, ignore_errors=True)  # what a killed batch left half-written
        try:
            if temp_folder.is_file() or temp_folder.is_symlink():
                temp_folder.unlink()
            temp_folder.mkdir()
        except OSError as exc:
            raise InputError(
                [
                    Problem(
                        display_name(temp_folder),
                        "output folder",
                        f"cannot be made ({exc.strerror or exc})",
                        setting="out",
                    )
                ]
            ) from None
        try:
            yield temp_folder
        finally:
            shutil.rmtree(temp_folder, ignore_errors=True)
    finally:
        handle.close()
