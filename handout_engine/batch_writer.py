"""A batch's parent, in input order: each record's PDFs written whole, its manifest rows, its bundle pages.

The workers only lay out; everything a batch writes is written here, one
record at a time as results come back, so the files, the manifest and the
print bundle follow the input's order whatever the number of workers.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from .audit import audit_from_environment
from .errors import BatchStoppedError, Problem
from .locale import labels_for
from .make import RecordResult
from .manifest import FAILED, MADE
from .reuse import FileList
from .validate.patient_id import PATIENT_ID, is_reserved_name, safe_name
from .validate.records import duplicate_problem
from .write import GroupedWrites

if TYPE_CHECKING:
    pass


class BatchWriter:
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
        self.pdfs = GroupedWrites(temp_folder)
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
        if self.pdfs.due:
            self.finish_pdfs()

    def finish_pdfs(self) -> None:
        """Put the PDFs written so far in place, made durable together (write.GroupedWrites)."""
        try:
            self.pdfs.commit()
        except OSError as exc:  # the disk's fault, not one record's: stop rather than list PDFs that are not there
            raise BatchStoppedError(
                f"the PDFs could not be stored under {self.out} ({exc.strerror or exc}); the PDFs already in place "
                "are whole: free space or check the disk, then run the same command again"
            ) from None

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
        self.pdfs.add(self.out / relative, document.pdf)
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
