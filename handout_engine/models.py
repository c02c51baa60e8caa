"""The typed models: handout content, patient record, brand, and the merged sheet.

`validate.py` is the only code that builds Handout, Patient and Brand from raw
data; `merge.py` is the only code that builds a Sheet. Everything after them
trusts these objects. This module imports nothing else from the project.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from pathlib import Path


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


@dataclass(frozen=True)
class Patient:
    """One patient record, validated; field names match the CSV header."""

    patient_id: str
    name: str
    date_of_birth: dt.date
    handout: str
    language: str = "en"
    nhs_number: str | None = None  # ten digits, no spaces
    procedure_date: dt.date | None = None
    levels: tuple[str, ...] = ()
    clinician: str | None = None
    ward: str | None = None
    discharge_date: dt.date | None = None
    follow_up_date: dt.date | None = None
    follow_up_with: str | None = None
    medications: tuple[str, ...] = ()
    notes: str | None = None
    documents: tuple[str, ...] = ()  # what to make for this patient, in the run's order
    requested_language: str | None = None  # set when that language was not available and English was used
    brand: str | None = None  # the clinic's brand for this patient; None: the run's
    large_print: bool | None = None  # None: as the run says
    # Where the record came from, for messages.
    source: str = ""
    row: int | None = None
    row_label: str = "row"


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


# ---------------------------------------------------------------- paper


PAPER_SIZES = ("a4", "letter")


@dataclass(frozen=True)
class PageSetup:
    """How a document is printed: paper size and print size (large print: 16 pt body)."""

    paper: str = "a4"  # one of PAPER_SIZES
    large_print: bool = False


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
    medications: tuple[str, ...]
    notes: str | None
    content_version: str
    last_reviewed: str
    next_review: str
    review_overdue: bool = False  # printed past its review date (--allow-overdue): every page says so
