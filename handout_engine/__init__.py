"""The handout engine: patient records + handout content + brand -> PDF documents.

The steps, in order: load (files -> data), validate (data -> models),
merge (models -> Sheet), render (Sheet -> PDF bytes), write (bytes -> file).
`batch.run_batch` walks a whole patient file through them, in worker
processes via the one seam in `pool.py`.
"""

from .batch import MANIFEST, BatchRequest, Report, run_batch
from .catalog import brand_names, handout_languages, load_brand, load_handout, read_handout_file
from .errors import (
    BatchStoppedError,
    BrandError,
    ContentError,
    HandoutError,
    InputError,
    PatientFileError,
    Problem,
    RecordError,
)
from .make import make_record, read_patients, render_patient
from .pool import WorkerLostError, default_workers
from .records import FORMATS

__all__ = [
    "FORMATS",
    "MANIFEST",
    "BatchRequest",
    "BatchStoppedError",
    "BrandError",
    "ContentError",
    "HandoutError",
    "InputError",
    "PatientFileError",
    "Problem",
    "RecordError",
    "Report",
    "WorkerLostError",
    "brand_names",
    "default_workers",
    "handout_languages",
    "load_brand",
    "load_handout",
    "make_record",
    "read_handout_file",
    "read_patients",
    "render_patient",
    "run_batch",
]
