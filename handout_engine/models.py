"""The typed models: handout content, patient record, brand, and the merged sheet.

`validate/` is the only code that builds Handout, Patient and Brand from raw
data; `merge.py` is the only code that builds a Sheet. Everything after them
trusts these objects. This module imports nothing else from the project but documents.py, the
document kinds, which it re-exports.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field, fields
from pathlib import Path

# The document kinds are models too, in their own module; re-exported here because the layouts read models only.
from .documents import (  # noqa: F401
    DOCUMENT_KINDS,
    DOCUMENT_NAMES,
    SIGNER_ROLES,
    SIGNERS,
    DocumentKind,
    Signer,
    document_kind,
    signer,
)


class Frequency(enum.Enum):
    """Risk words with fixed numeric bands (the European Commission convention).

    Readers overestimate a word on its own, so every risk also carries numbers.
    """

    VERY_COMMON = "very common"
    COMMON = "common"
    UNCOMMON = "uncommon"
    RARE = "rare"
    VERY_RARE = "very rare"
    NOT_KNOWN = "not known"


# ---------------------------------------------------------------- content


@dataclass(frozen=True)
class Block:
    """One piece of a section body: a paragraph, a bulleted list or numbered steps."""

    kind: str  # "text", "bullets" or "steps"
    text: str = ""
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class Section:
    heading: str
    body: tuple[Block, ...]


@dataclass(frozen=True)
class Risk:
    risk: str
    frequency: Frequency
    numbers: str  # e.g. "up to 1 in 100 people"
    meaning: str


@dataclass(frozen=True)
class Alternative:
    option: str
    detail: str


@dataclass(frozen=True)
class HandoutMeta:
    id: str
    title: str
    subtitle: str
    language: str
    content_version: str
    reference: str | None  # the clinic's document reference, printed beside the version
    owner: str
    last_reviewed: dt.date
    next_review: dt.date
    sources: tuple[str, ...]
    reading_grade_target: float = 8.0  # Flesch-Kincaid grade every section must stay at or under (lint)
    clinically_reviewed: bool = True  # False for a translation not yet checked by a clinician: footers say so
    translated_from: str | None = None  # the language this file was translated from


@dataclass(frozen=True)
class Leaflet:
    intro: tuple[str, ...]
    sections: tuple[Section, ...]
    questions: tuple[str, ...]


@dataclass(frozen=True)
class Anaesthesia:
    options: tuple[str, ...]
    explanation: tuple[str, ...]


@dataclass(frozen=True)
class Consent:
    procedure: str
    explanation: tuple[str, ...]
    benefits: tuple[str, ...]
    risks: tuple[Risk, ...]
    extra_procedures: tuple[str, ...]
    alternatives: tuple[Alternative, ...]
    anaesthesia: Anaesthesia


@dataclass(frozen=True)
class AdviceGroup:
    """A heading over numbered advice; numbering runs on across groups."""

    heading: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class Discharge:
    title: str
    intro: tuple[str, ...]
    advice: tuple[AdviceGroup, ...]
    call_clinic: tuple[str, ...]
    call_emergency: tuple[str, ...]
    follow_up: tuple[str, ...]


@dataclass(frozen=True)
class GlossaryEntry:
    """A medical term, defined once in plain words; the leaflet prints these as "Words we use"."""

    term: str
    meaning: str


@dataclass(frozen=True)
class Handout:
    """One procedure's content in one language, as validated from its YAML file."""

    meta: HandoutMeta
    leaflet: Leaflet
    consent: Consent
    discharge: Discharge
    source: str  # the file it came from, for messages
    glossary: tuple[GlossaryEntry, ...] = ()


# ---------------------------------------------------------------- patient


class MedicineChange(enum.Enum):
    """What happened to a medicine at discharge, as a nurse checks it against the chart."""

    NEW = "new"
    CHANGED = "changed"
    STOPPED = "stopped"
    CARRY_ON = "carry on"  # carry on as before


@dataclass(frozen=True)
class Medicine:
    """One medicine to take home: a plain line as written, or its parts for the discharge sheet's table."""

    name: str  # a plain entry's whole line
    dose: str | None = None
    when: str | None = None
    purpose: str | None = None  # what it is for
    change: MedicineChange | None = None

    @property
    def structured(self) -> bool:
        return any(part is not None for part in (self.dose, self.when, self.purpose, self.change))


# The language a record is made in when it names none, and the one every handout must have.
DEFAULT_LANGUAGE = "en"


@dataclass(frozen=True)
class PatientRisk:
    """A risk that matters to this patient in particular, with what it means for them (the consent form prints it).

    Material risks are judged for the particular patient (Montgomery): the
    clinician adds these to the content's general risks.
    """

    risk: str
    meaning: str


def _record(label: str, *, group: str, hint: str = "", kind: str = "text", placeholder: bool = False) -> dict:
    """What a record field is for the people who fill it in: the nurses' page, README's table, placeholders."""
    return {"record": True, "label": label, "group": group, "hint": hint, "kind": kind, "placeholder": placeholder}


_ANY_DATE = "Day/month/year or year-month-day."  # the nurses' page reads 03/03/1950 as 3 March
_DATE_HINT = "Day/month/year or year-month-day: for example 03/03/1950 or 1950-03-03."


@dataclass(frozen=True, kw_only=True)
class Patient:
    """One patient record, validated; field names match the CSV header.

    The fields marked as record fields (metadata) are the only keys a record may
    have, in this order: PATIENT_FIELDS, the nurses' form, placeholders and the
    README's table are read from here.
    """

    patient_id: str = field(
        metadata=_record("Hospital number (patient ID)", group="patient", hint="For example NB-100231.")
    )
    name: str = field(
        metadata=_record(
            "Full name", group="patient", hint="As the patient writes it, in any script.", placeholder=True
        )
    )
    date_of_birth: dt.date = field(metadata=_record("Date of birth", group="patient", hint=_DATE_HINT, kind="date"))
    nhs_number: str | None = field(  # ten digits, no spaces
        default=None,
        metadata=_record(
            "NHS number", group="patient", hint="10 digits, for example 943 476 5919. Leave empty if not known."
        ),
    )
    handout: str = field(metadata=_record("Procedure", group="run"))
    language: str = field(default=DEFAULT_LANGUAGE, metadata=_record("Language", group="run"))
    procedure_date: dt.date | None = field(
        default=None,
        metadata=_record(
            "Procedure date",
            group="procedure",
            kind="date",
            hint="Day/month/year or year-month-day. Needed for the consent form and discharge sheet.",
            placeholder=True,
        ),
    )
    levels: tuple[str, ...] = field(
        default=(),
        metadata=_record("Spinal levels treated", group="procedure", hint="For example T12, L1.", placeholder=True),
    )
    clinician: str | None = field(
        default=None, metadata=_record("Responsible clinician", group="procedure", placeholder=True)
    )
    ward: str | None = field(default=None, metadata=_record("Ward or clinic", group="procedure", placeholder=True))
    discharge_date: dt.date | None = field(
        default=None,
        metadata=_record("Discharge date", group="procedure", kind="date", hint=_ANY_DATE, placeholder=True),
    )
    follow_up_date: dt.date | None = field(
        default=None,
        metadata=_record("Follow-up date", group="procedure", kind="date", hint=_ANY_DATE, placeholder=True),
    )
    follow_up_with: str | None = field(
        default=None,
        metadata=_record(
            "Follow-up with", group="procedure", hint="For example Spinal nurse clinic.", placeholder=True
        ),
    )
    risks: tuple[PatientRisk, ...] = field(
        default=(),
        metadata=_record(
            "Risks that matter to this patient",
            group="procedure",
            kind="textarea",
            hint="One a line: the risk, a colon, then what it means for this patient. Printed on the consent form.",
        ),
    )
    # Empty: not filled in (the sheet prints lines to write them on); `none` in the record: no_new_medicines.
    medications: tuple[Medicine, ...] = field(default=(), metadata=_record("Medicines", group="medicines", kind="list"))
    no_new_medicines: bool = False  # the record says `none`: the sheet prints "No new medicines"
    notes: str | None = field(
        default=None,
        metadata=_record(
            "Notes for the patient", group="notes", kind="textarea", hint="Printed on the discharge sheet."
        ),
    )
    documents: tuple[str, ...] = field(  # what to make for this patient, in the run's order
        default=(), metadata=_record("Documents to make", group="run", kind="list")
    )
    brand: str | None = field(default=None, metadata=_record("Clinic", group="run"))  # None: the run's brand
    large_print: bool | None = field(
        default=None, metadata=_record("Large print", group="run", kind="yes_no")
    )  # None: as the run says
    requested_language: str | None = None  # set when that language was not available and English was used
    # Where the record came from, for messages.
    source: str = ""
    row: int | None = None
    row_label: str = "row"


RECORD_FIELDS = tuple(f for f in fields(Patient) if f.metadata.get("record"))
PATIENT_FIELDS = tuple(f.name for f in RECORD_FIELDS)  # the keys a record may have, in the order of the model
# The record fields content may name as {placeholders}, as the sheet prints them ("3 March 2026", "T12 and L1").
PLACEHOLDER_FIELDS = tuple(f.name for f in RECORD_FIELDS if f.metadata["placeholder"])


# ---------------------------------------------------------------- brand


@dataclass(frozen=True)
class Phone:
    number: str
    hours: str


@dataclass(frozen=True)
class Brand:
    """A clinic's identity on paper, from assets/brands/<id>.yaml."""

    id: str
    clinic_name: str
    department: str
    address: tuple[str, ...]
    clinic_phone: Phone
    ward_phone: Phone | None
    out_of_hours_phone: Phone | None
    emergency_number: str
    primary_colour: str  # "#RRGGBB"
    accent_colour: str
    band_colour: str | None  # patient band background; None: a light tint of the primary colour
    logo: Path | None  # PNG, JPEG or SVG
    footer: str
    source: str
    language: str = "en"  # the language of its plain text: what a language it has no text for prints
    # Its department, footer and phone hours in other languages: (field, language, text), field one of
    # BRAND_TEXTS ("department", "footer", "clinic_hours", "ward_hours", "out_of_hours_hours").
    translations: tuple[tuple[str, str, str], ...] = ()


# ---------------------------------------------------------------- paper


PAPER_SIZES = ("a4", "letter")


@dataclass(frozen=True)
class PageSetup:
    """How a document is printed: paper size and print size (large print: 16 pt body); fillable or paper only;
    and whether it is to be filed (`archive`: PDF/A-2b for a patient's electronic record, handout_engine/archive.py).
    """

    paper: str = "a4"  # one of PAPER_SIZES
    large_print: bool = False
    fillable: bool = False  # the consent form gets form fields: tick boxes, text on its lines, empty signatures
    archive: bool = False


# ---------------------------------------------------------------- merged


@dataclass(frozen=True)
class PatientLabel:
    """The identifiers printed on every page, already formatted."""

    name: str
    born: str  # "3 March 1950"
    patient_id: str
    nhs_number: str | None  # "943 476 5919"


@dataclass(frozen=True)
class Sheet:
    """Content + patient + brand, every string final and ready to print.

    Layouts read only this: they never see a raw record or a date object.
    """

    label: PatientLabel
    handout: Handout
    brand: Brand
    procedure: str  # "Balloon kyphoplasty"
    levels: str | None  # "T12 and L1"
    level_count: int
    procedure_date: str | None
    clinician: str | None
    ward: str | None
    discharge_date: str | None
    follow_up_date: str | None
    follow_up_with: str | None
    medications: tuple[Medicine, ...]
    notes: str | None
    content_version: str
    last_reviewed: str
    next_review: str
    review_overdue: bool = False  # printed past its review date (--allow-overdue): every page says so
    no_new_medicines: bool = False  # the record said `none`; no medicines and not this: lines to write them on
    patient_risks: tuple[PatientRisk, ...] = ()  # the record's own risks, for the consent form
    # The record's own language (BCP 47), asked for even when another translation printed: it picks
    # script forms for the patient's text (Urdu names in Nastaliq), text/scripts.py writing_language.
    writing_language: str | None = None
    # The content before the record's values filled its placeholders (None when it has none): a layout
    # that must hold no patient's details is built from it, placeholders left as lines (render.py).
    template: Handout | None = None
