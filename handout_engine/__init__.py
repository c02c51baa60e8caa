"""The handout engine: patient records + handout content + brand -> PDF documents.

The steps, in order: load (files -> data), validate (data -> models),
merge (models -> Sheet), render (Sheet -> PDF bytes), write (bytes -> file).
"""

from .catalog import brand_names, handout_languages, load_brand, load_handout
from .errors import BrandError, ContentError, HandoutError, InputError, PatientFileError, Problem, RecordError
from .make import Report, make_documents, read_patients, render_patient

__all__ = [
    "BrandError",
    "ContentError",
    "HandoutError",
    "InputError",
    "PatientFileError",
    "Problem",
    "RecordError",
    "Report",
    "brand_names",
    "handout_languages",
    "load_brand",
    "load_handout",
    "make_documents",
    "read_patients",
    "render_patient",
]
