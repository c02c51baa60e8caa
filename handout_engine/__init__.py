"""The handout engine: patient records + handout content + brand -> PDF documents.

The steps, in order: load (files -> data), validate (data -> models),
merge (models -> Sheet), render (Sheet -> PDF bytes), write (bytes -> file).
`batch.run_batch` walks a whole patient file through them, in worker
processes via the one seam in `pool.py`.

This module is the surface the command line and the nurses' page use; they
import nothing else from the engine. Names are loaded when first used (PEP
562), so importing a leaf module (`handout_engine.models`, the text-setting
package the layouts build on) does not pull in the whole walk, ReportLab's
layouts included.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# name -> the module that defines it
_SURFACE = {
    # errors, and the exit status each means
    "BatchStoppedError": "errors",
    "BrandError": "errors",
    "PrintError": "errors",
    "bundle_jobs": "printing",
    "document_job": "printing",
    "queue_name_problem": "printing",
    "PRINTER_ENVIRONMENT": "printing",
    "send_to_printer": "printing",
    "ContentError": "errors",
    "HandoutError": "errors",
    "InputError": "errors",
    "PatientFileError": "errors",
    "Problem": "errors",
    "RecordError": "errors",
    "WorkerLostError": "pool",
    "EXIT_MADE": "errors",
    "EXIT_SOME_FAILED": "errors",
    "EXIT_REFUSED": "errors",
    "EXIT_INTERRUPTED": "errors",
    # what there is
    "DOCUMENT_KINDS": "models",
    "DOCUMENT_NAMES": "models",
    "PAPER_SIZES": "models",
    "PATIENT_FIELDS": "models",
    "RECORD_FIELDS": "models",
    "PatientLabel": "models",
    "MAX_MEDICATIONS": "validate.patient",
    "RawRecord": "load",
    "FORMATS": "records",
    "DATE_ORDERS": "columns",
    "ReadOptions": "columns",
    "read_options": "columns",
    "READING_OPTIONS": "columns",
    "EXTENSIONS": "records",
    "DEFAULT_BRAND": "paths",
    "SAMPLE_PATIENTS": "paths",
    "HANDOUTS": "paths",
    "brand_names": "catalog",
    "handout_languages": "catalog",
    "load_brand": "catalog",
    "load_handout": "catalog",
    "read_handout_file": "catalog",
    "language_name": "locale",
    # the work
    "MANIFEST": "batch",
    "BatchRequest": "batch",
    "Report": "batch",
    "run_batch": "batch",
    "default_workers": "pool",
    "workers_abandoned": "pool",
    "Settings": "make",
    "RecordResult": "make",
    "make_record": "make",
    "render_patient": "make",
    "read_patients": "validate.records",
    "validate_paths": "validate.files",
    "lint_files": "lint",
    "to_archive": "archive",
    "set_in_nastaliq": "text.fonts",
    "ArchiveError": "archive",
    "describe_lint": "lint",
    "start_server": "web.server",
    "TOKEN_ENVIRONMENT": "web.security",
    "write_schema": "schema",
    # digital consent: signing, checking, the audit log
    "SIGNER_ROLES": "models",
    "signer": "models",
    "load_signing_key": "signing",
    "sign_pdf": "signing",
    "verify_pdf": "signing",
    "trust_roots": "signing",
    "write_signed": "signing",
    "checked_ink": "signing",
    "signature_fields": "signing",
    "AuditLog": "audit",
    "audit_from_environment": "audit",
    "make_demo_keys": "demo_keys",
    "tick_boxes": "consent_form",
    "tick": "consent_form",
}

__all__ = sorted(_SURFACE)

if TYPE_CHECKING:  # for editors and type checkers: the same names, eagerly
    from .batch import MANIFEST, BatchRequest, Report, run_batch  # noqa: F401
    from .catalog import brand_names, handout_languages, load_brand, load_handout, read_handout_file  # noqa: F401
    from .errors import (  # noqa: F401
        BatchStoppedError,
        BrandError,
        ContentError,
        HandoutError,
        InputError,
        PatientFileError,
        Problem,
        RecordError,
    )
    from .make import RecordResult, Settings, make_record, render_patient  # noqa: F401
    from .pool import WorkerLostError, default_workers, workers_abandoned  # noqa: F401


def __getattr__(name: str) -> Any:
    module = _SURFACE.get(name)
    if module is None:
        raise AttributeError(f"module 'handout_engine' has no attribute '{name}'")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # once: later look-ups are plain attribute reads
    return value


def __dir__() -> list[str]:
    return __all__
