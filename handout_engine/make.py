"""The per-record work of a batch: one raw record in, its PDFs as bytes out.

`make_record` validates the record, merges it with its content and brand, and
lays out each document it asks for. It touches no files and holds no state
beyond the per-process caches (fonts, styles, parsed content, logos), so the
pool in `pool.py` can run it in any worker process, or a cluster could.
Writing, the manifest and the bundle happen in the parent (`batch.py`), in
input order.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from .bundle import Fragment, fragment_of
from .catalog import brand_names, load_brand, load_handout
from .errors import Problem, RecordError
from .load import RawRecord
from .merge import brand_fallbacks, merge_sheet, patient_label
from .models import DEFAULT_LANGUAGE, Brand, PageSetup, Patient, PatientLabel, document_kind
from .render import Rendered, render_document, render_filler
from .review import is_overdue, overdue_problem
from .text.fonts import register_fonts
from .validate.patient import requested_documents
from .validate.patient_id import plain_patient_id, safe_name
from .validate.records import validated_record


@dataclass(frozen=True)
class Settings:
    """What is the same for every record of a run."""

    documents: tuple[str, ...]  # made for a record that does not choose its own
    known_documents: tuple[str, ...]
    brand_id: str
    handouts: tuple[tuple[str, tuple[str, ...]], ...]  # handout id -> languages, as pairs (hashable)
    bundle: bool = False  # also copy each PDF out for the print bundle
    duplex: bool = True  # the bundle prints two-sided: odd-paged documents get a filler page
    paper: str = "a4"
    large_print: bool = False  # for a record that does not say
    brands: tuple[str, ...] | None = None  # brands a record may name; None: any in assets/brands
    allow_overdue: bool = False  # print content past its review date, marked so on every page
    fillable: bool = False  # the consent form gets form fields (layouts/fields.py)
    archive: bool = False  # PDF/A-2b, to file in the patient's electronic record

    def setup_for(self, patient: Patient) -> PageSetup:
        large = self.large_print if patient.large_print is None else patient.large_print
        return PageSetup(self.paper, large, self.fillable, self.archive)


@dataclass(frozen=True)
class Document:
    """One document of one record: made (pdf set) or failed (error set)."""

    document: str
    pdf: bytes | None = None
    pages: int = 0
    sha256: str = ""
    fragment: Fragment | None = None
    filler: Fragment | None = None  # its "intentionally left blank" back page in a two-sided bundle
    error: str | None = None
    patient_risks: tuple[str, ...] = ()  # the record's own risks printed in it, for its manifest row


@dataclass(frozen=True)
class RecordResult:
    """Everything the parent needs to write, list and report one record."""

    row: int
    row_label: str
    source: str
    patient_id: str | None
    handout: str
    language: str
    content_version: str
    documents: tuple[Document, ...]
    problems: tuple[Problem, ...] = ()  # why the record could not be made at all
    next_review: str = ""  # the content's next review date, ISO
    warnings: tuple[Problem, ...] = ()  # made, but someone should know
    label: PatientLabel | None = None  # the identifiers as printed, for a page that shows what was made

    @property
    def folder(self) -> str | None:
        return safe_name(self.patient_id) if self.patient_id and not self.problems else None


def warm_up(settings: Settings) -> None:
    """Once per worker: the text face, the brand and each handout in the default language.

    Content in other languages is loaded (and cached) when a record first asks for it: reading and checking it
    loads the faces of its script (text/fonts.py), and a batch of English records would pay 0.3 s of CPU in every
    worker for Chinese, Bengali and Arabic faces it never draws.
    """
    register_fonts()
    load_brand(settings.brand_id)
    for handout, languages in settings.handouts:
        if DEFAULT_LANGUAGE in languages:
            load_handout(handout, DEFAULT_LANGUAGE)


def render_patient(
    patient: Patient, documents: Sequence[str], brand_id: str, setup: PageSetup | None = None
) -> list[Rendered]:
    """One patient's documents as PDF bytes, from a validated record (its own brand, if it names one).

    Content past its review date is printed only when the caller allowed it (see review.py), and then
    marked on every page.
    """
    handout = load_handout(patient.handout, patient.language)
    sheet = merge_sheet(handout, patient, load_brand(patient.brand or brand_id), is_overdue(handout))
    return [render_document(sheet, document, setup) for document in documents]


def make_record(job: tuple[RawRecord, Settings]) -> RecordResult:
    """Validate one record and lay out its documents. Pure: nothing is written."""
    raw, settings = job
    handouts = dict(settings.handouts)
    brands = settings.brands if settings.brands is not None else tuple(brand_names())
    try:
        patient = validated_record(raw, handouts, settings.documents, settings.known_documents, brands)
    except RecordError as error:
        documents = requested_documents(raw, settings.documents, settings.known_documents)
        return RecordResult(
            raw.row,
            raw.row_label,
            raw.source,
            plain_patient_id(raw),
            _plain(raw.data.get("handout")),
            _plain(raw.data.get("language")) or DEFAULT_LANGUAGE,
            "",
            tuple(Document(document, error="invalid record") for document in documents),
            error.problems,
        )
    handout = load_handout(patient.handout, patient.language)

    def result(documents: tuple[Document, ...], problems: tuple[Problem, ...] = ()) -> RecordResult:
        return RecordResult(
            patient.row or raw.row,
            raw.row_label,
            raw.source,
            patient.patient_id,
            patient.handout,
            patient.language,
            handout.meta.content_version,
            documents,
            problems,
            next_review=handout.meta.next_review.isoformat(),
            warnings=_warnings(patient, load_brand(patient.brand or settings.brand_id)),
            label=patient_label(patient, patient.language),
        )

    overdue = None if settings.allow_overdue else overdue_problem(handout)
    if overdue is not None:  # a safety net: runs refuse overdue content before they start
        return result(tuple(Document(d, error="content past its review date") for d in patient.documents), (overdue,))
    made = []
    filler = None  # made once per patient, when a document first needs one
    for document in patient.documents:
        try:
            (rendered,) = render_patient(patient, [document], settings.brand_id, settings.setup_for(patient))
            fragment = fragment_of(rendered.pdf) if settings.bundle else None
            if fragment is not None and settings.duplex and rendered.pages % 2 and filler is None:
                filler = fragment_of(render_filler(patient.patient_id, patient.language, settings.setup_for(patient)))
        except Exception as exc:  # one document's layout failure must not stop the others
            made.append(Document(document, error=f"could not be made ({type(exc).__name__}: {exc})"))
            continue
        digest = hashlib.sha256(rendered.pdf).hexdigest()
        risks = tuple(r.risk for r in patient.risks) if document_kind(document).prints_patient_risks else ()
        back = filler if fragment is not None and settings.duplex and rendered.pages % 2 else None
        made.append(Document(document, rendered.pdf, rendered.pages, digest, fragment, back, patient_risks=risks))
    return result(tuple(made))


def lost_record(job: tuple[RawRecord, Settings], reason: str) -> RecordResult:
    """The result for a record that could not be made because its worker died (on a cluster, every time)."""
    raw, settings = job
    patient_id = plain_patient_id(raw)
    documents = requested_documents(raw, settings.documents, settings.known_documents)
    return RecordResult(
        raw.row,
        raw.row_label,
        raw.source,
        patient_id,
        _plain(raw.data.get("handout")),
        _plain(raw.data.get("language")) or "en",
        "",
        tuple(Document(document, error="not made: its worker stopped") for document in documents),
        (Problem(raw.source, "", reason, raw.row, patient_id, raw.row_label),),
    )


BRAND_TEXT_NAMES = {
    "department": "department",
    "footer": "footer",
    "clinic_hours": "clinic hours",
    "ward_hours": "ward hours",
    "out_of_hours_hours": "out-of-hours hours",
}


def _warnings(patient: Patient, brand: Brand) -> tuple[Problem, ...]:
    """Made, but someone should know: the content, or the brand's own words, not in the language asked for."""
    found = []

    def warn(field: str, message: str) -> None:
        found.append(Problem(patient.source, field, message, patient.row, patient.patient_id, patient.row_label, True))

    if patient.requested_language:
        asked, used = patient.requested_language, patient.language
        warn("language", f"no '{asked}' version of {patient.handout}; printed in '{used}' instead")
    missing = brand_fallbacks(brand, patient.language)
    if missing:
        words = ", ".join(BRAND_TEXT_NAMES[field] for field in missing)
        warn("brand", f"brand {brand.id} has no '{patient.language}' {words}; printed in '{brand.language}' instead")
    return tuple(found)


def _plain(value: object) -> str:
    return value.strip() if isinstance(value, str) and len(value) <= 40 else ""
