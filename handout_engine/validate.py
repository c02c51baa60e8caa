"""Step 2: plain data -> typed models, with every problem in a file or record collected.

This is the only module that turns text into dates, splits `T12;L1`, checks
NHS numbers and refuses unknown keys. Every problem names its field, so a row
or a content file can be fixed in one pass.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from .errors import BrandError, ContentError, Problem, RecordError
from .fonts import describe_missing, missing_characters
from .load import RawRecord
from .models import (
    AdviceGroup,
    Alternative,
    Anaesthesia,
    Block,
    Brand,
    Consent,
    Discharge,
    Frequency,
    Handout,
    HandoutMeta,
    Leaflet,
    Patient,
    Phone,
    Risk,
    Section,
)

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
LEVEL = re.compile(r"^(C[1-7]|T(1[0-2]|[1-9])|L[1-5])$")
LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Z]{2})?$")
COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
RISK_NUMBERS = re.compile(r"\d[\d,]* in [\d,]*\d")
_SPINE_ORDER = {
    level: index
    for index, level in enumerate(
        [f"C{n}" for n in range(1, 8)] + [f"T{n}" for n in range(1, 13)] + [f"L{n}" for n in range(1, 6)]
    )
}

PATIENT_FIELDS = (
    "patient_id",
    "name",
    "date_of_birth",
    "nhs_number",
    "handout",
    "language",
    "procedure_date",
    "levels",
    "clinician",
    "ward",
    "discharge_date",
    "follow_up_date",
    "follow_up_with",
    "medications",
    "notes",
)
# Documents that print the procedure date, so a record for them must have one.
NEEDS_PROCEDURE_DATE = frozenset({"consent", "discharge"})
MAX_NAME_LENGTH = 100


class Fields:
    """Reads one mapping, turning each bad value into a Problem instead of an exception.

    `path` is the dotted field path of the mapping ("consent.risks[2]"), so
    messages point at the exact key in a nested content file.
    """

    def __init__(self, data: Any, path: str, report: Callable[[str, str], None]):
        self.path = path
        self.report = report
        if not isinstance(data, dict):
            report(path, f"expected a mapping of keys to values, got {_kind(data)}")
            data = {}
        self.data = data

    def where(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def refuse_unknown(self, allowed: Iterable[str]) -> None:
        allowed = list(allowed)
        for key in self.data:
            if key not in allowed:
                hint = difflib.get_close_matches(str(key), allowed, n=1)
                extra = f" (did you mean '{hint[0]}'?)" if hint else f"; expected one of: {', '.join(allowed)}"
                self.report(self.where(str(key)), f"unknown field{extra}")

    def text(self, key: str, required: bool = True) -> str | None:
        value = self.data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.report(self.where(key), "required, but missing or empty")
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.report(self.where(key), f"expected text, got {_kind(value)} (put it in quotes)")
            return None
        text = unicodedata.normalize("NFC", str(value).strip())
        return self._printable(key, text)

    def _printable(self, key: str, text: str) -> str | None:
        controls = [c for c in text if unicodedata.category(c) == "Cc" and c not in "\n\t"]
        if controls:
            self.report(self.where(key), "contains control characters; remove them")
            return None
        missing = missing_characters(text)
        if missing:
            self.report(self.where(key), f"no font we ship can print {describe_missing(missing)}")
            return None
        return text

    def one_line(self, key: str, required: bool = True, max_length: int | None = None) -> str | None:
        """Text that must fit on one line of a label: no line breaks, bounded length."""
        text = self.text(key, required)
        if text is None:
            return None
        if "\n" in text or "\t" in text:
            self.report(self.where(key), "must be on one line (no line breaks or tabs)")
            return None
        if max_length and len(text) > max_length:
            self.report(self.where(key), f"is {len(text)} characters; at most {max_length} fit on the page")
            return None
        return " ".join(text.split())

    def texts(self, key: str, required: bool = True, split: str | None = None) -> tuple[str, ...]:
        """A list of non-empty strings; a plain string is split on `split` when given."""
        value = self.data.get(key)
        if value is None or value == [] or value == "":
            if required:
                self.report(self.where(key), "required: expected a list with at least one item")
            return ()
        if isinstance(value, str) and split:
            value = [part for part in value.split(split) if part.strip()]
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.report(self.where(key), f"expected a list, got {_kind(value)}")
            return ()
        items = []
        for index, item in enumerate(value, start=1):
            inner = Fields({"item": item}, "", lambda _f, m, i=index: self.report(f"{self.where(key)}[{i}]", m))
            text = inner.text("item")
            if text is not None:
                items.append(text)
        return tuple(items)

    def date(self, key: str, required: bool = True) -> dt.date | None:
        value = self.data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.report(self.where(key), "required, but missing or empty")
            return None
        if isinstance(value, dt.date):  # a caller that built the data in Python
            return value
        text = str(value).strip()
        if ISO_DATE.match(text):
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                pass
        self.report(self.where(key), f"expected a date like 1950-03-03 (year-month-day), got '{text}'")
        return None

    def mapping(self, key: str, required: bool = True) -> Fields | None:
        value = self.data.get(key)
        if value is None:
            if required:
                self.report(self.where(key), "required, but missing")
            return None
        return Fields(value, self.where(key), self.report)

    def mappings(self, key: str) -> list[Fields]:
        value = self.data.get(key)
        if not isinstance(value, list) or not value:
            self.report(self.where(key), "required: expected a list with at least one entry")
            return []
        return [Fields(item, f"{self.where(key)}[{i}]", self.report) for i, item in enumerate(value, start=1)]


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return f"yes/no value {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"'{value}'"


# ---------------------------------------------------------------- patients


def check_nhs_number(text: str) -> str | None:
    """Return the ten digits of a valid NHS number, or None.

    Modulus 11: weight digits 1-9 by 10..2, check = 11 - (sum mod 11);
    11 means 0 and 10 means the number cannot be valid.
    """
    digits = re.sub(r"\s", "", text)
    if not re.fullmatch(r"\d{10}", digits):
        return None
    total = sum(int(d) * (10 - i) for i, d in enumerate(digits[:9]))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return digits if check != 10 and check == int(digits[9]) else None


def validate_patient(
    raw: RawRecord,
    handouts: dict[str, tuple[str, ...]],
    documents: Iterable[str] = (),
) -> Patient:
    """Turn one raw record into a Patient, or raise RecordError listing every problem in it.

    `handouts` maps each known handout id to its languages; `documents` are the
    documents to be made, since some of them need a procedure date.
    """
    problems: list[Problem] = []
    data = raw.data
    patient_id = str(data.get("patient_id", "")).strip() or None

    def report(field: str, message: str) -> None:
        problems.append(Problem(raw.source, field, message, raw.row, patient_id, raw.row_label))

    f = Fields(data, "", report)
    f.refuse_unknown(PATIENT_FIELDS)
    pid = f.one_line("patient_id", max_length=40)
    name = f.one_line("name", max_length=MAX_NAME_LENGTH)
    born = f.date("date_of_birth")
    if born and born > dt.date.today():
        report("date_of_birth", f"is in the future ({born.isoformat()})")

    nhs = None
    nhs_text = f.one_line("nhs_number", required=False)
    if nhs_text is not None:
        nhs = check_nhs_number(nhs_text)
        if nhs is None:
            report("nhs_number", f"expected 10 digits with a valid check digit, like 943 476 5919, got '{nhs_text}'")

    handout = f.one_line("handout")
    language = f.one_line("language", required=False) or "en"
    if handout is not None:
        if handout not in handouts:
            known = ", ".join(sorted(handouts)) or "none"
            report("handout", f"unknown handout '{handout}'; we have: {known}")
        elif not LANGUAGE.match(language):
            report("language", f"expected a language code like 'en', got '{language}'")
        elif language not in handouts[handout]:
            report("language", f"no '{language}' version of {handout}; we have: {', '.join(handouts[handout])}")

    procedure_date = f.date("procedure_date", required=False)
    needing = sorted(set(documents) & NEEDS_PROCEDURE_DATE)
    given = str(data.get("procedure_date") or "").strip()
    if procedure_date is None and not given and needing:
        report("procedure_date", f"required for the {' and '.join(needing)} document(s)")

    levels: tuple[str, ...] = ()
    level_items = f.texts("levels", required=False, split=";")
    if level_items:
        cleaned = [item.strip().upper() for item in level_items]
        bad = [item for item in cleaned if not LEVEL.match(item)]
        if bad:
            report("levels", f"expected spinal levels like T12;L1, got '{';'.join(bad)}'")
        elif len(set(cleaned)) != len(cleaned):
            report("levels", "a level is listed twice")
        else:
            levels = tuple(sorted(cleaned, key=_SPINE_ORDER.__getitem__))

    discharge_date = f.date("discharge_date", required=False)
    follow_up_date = f.date("follow_up_date", required=False)
    if procedure_date:
        for key, value in (("discharge_date", discharge_date), ("follow_up_date", follow_up_date)):
            if value and value < procedure_date:
                report(key, f"{value.isoformat()} is before the procedure_date {procedure_date.isoformat()}")

    clinician = f.one_line("clinician", required=False, max_length=80)
    ward = f.one_line("ward", required=False, max_length=80)
    follow_up_with = f.one_line("follow_up_with", required=False, max_length=120)
    medications = f.texts("medications", required=False, split=";")
    notes = f.text("notes", required=False)
    if problems:
        raise RecordError(problems)
    return Patient(
        patient_id=pid,
        name=name,
        date_of_birth=born,
        handout=handout,
        language=language,
        nhs_number=nhs,
        procedure_date=procedure_date,
        levels=levels,
        clinician=clinician,
        ward=ward,
        discharge_date=discharge_date,
        follow_up_date=follow_up_date,
        follow_up_with=follow_up_with,
        medications=medications,
        notes=notes,
        source=raw.source,
        row=raw.row,
    )


# ---------------------------------------------------------------- content


def validate_handout(data: Any, source: str) -> Handout:
    """Turn a parsed content file into a Handout, or raise ContentError listing every problem."""
    problems: list[Problem] = []

    def report(field: str, message: str) -> None:
        problems.append(Problem(source, field, message))

    top = Fields(data, "", report)
    top.refuse_unknown(["metadata", "leaflet", "consent", "discharge"])
    meta = _meta(top.mapping("metadata"), report)
    leaflet = _leaflet(top.mapping("leaflet"))
    consent = _consent(top.mapping("consent"))
    discharge = _discharge(top.mapping("discharge"))
    if problems:
        raise ContentError(problems)
    return Handout(meta=meta, leaflet=leaflet, consent=consent, discharge=discharge, source=source)


def _meta(f: Fields | None, report: Callable[[str, str], None]) -> HandoutMeta | None:
    if f is None:
        return None
    keys = ["id", "title", "subtitle", "language", "content_version", "owner", "last_reviewed", "next_review"]
    f.refuse_unknown([*keys, "sources"])
    meta = HandoutMeta(
        id=f.one_line("id"),
        title=f.one_line("title"),
        subtitle=f.one_line("subtitle"),
        language=f.one_line("language"),
        content_version=f.one_line("content_version"),
        owner=f.one_line("owner"),
        last_reviewed=f.date("last_reviewed"),
        next_review=f.date("next_review"),
        sources=f.texts("sources"),
    )
    if meta.last_reviewed and meta.next_review and meta.next_review <= meta.last_reviewed:
        report(f.where("next_review"), "must be after last_reviewed")
    return meta


def _blocks(f: Fields, key: str) -> tuple[Block, ...]:
    """A section body: strings are paragraphs; {bullets: [...]} and {steps: [...]} are lists."""
    value = f.data.get(key)
    if not isinstance(value, list) or not value:
        f.report(f.where(key), "required: expected a list of paragraphs and lists")
        return ()
    blocks = []
    for index, item in enumerate(value, start=1):
        where = f"{f.where(key)}[{index}]"
        if isinstance(item, str):
            text = Fields({"text": item}, "", lambda _k, m, w=where: f.report(w, m)).text("text")
            if text:
                blocks.append(Block("text", text=" ".join(text.split())))
            continue
        inner = Fields(item, where, f.report)
        inner.refuse_unknown(["bullets", "steps"])
        kinds = [k for k in ("bullets", "steps") if k in inner.data]
        if len(kinds) != 1:
            f.report(where, "expected a paragraph of text, or one of 'bullets:' or 'steps:' with a list")
            continue
        blocks.append(Block(kinds[0], items=inner.texts(kinds[0])))
    return tuple(blocks)


def _leaflet(f: Fields | None) -> Leaflet | None:
    if f is None:
        return None
    f.refuse_unknown(["intro", "sections", "questions"])
    sections = []
    for s in f.mappings("sections"):
        s.refuse_unknown(["heading", "body"])
        sections.append(Section(heading=s.one_line("heading"), body=_blocks(s, "body")))
    return Leaflet(intro=f.texts("intro"), sections=tuple(sections), questions=f.texts("questions"))


def _consent(f: Fields | None) -> Consent | None:
    if f is None:
        return None
    f.refuse_unknown(
        ["procedure", "explanation", "benefits", "risks", "extra_procedures", "alternatives", "anaesthesia"]
    )
    risks = []
    for r in f.mappings("risks"):
        r.refuse_unknown(["risk", "frequency", "numbers", "meaning"])
        word = r.one_line("frequency")
        frequency = None
        if word is not None:
            try:
                frequency = Frequency(word.lower())
            except ValueError:
                choices = ", ".join(item.value for item in Frequency)
                r.report(r.where("frequency"), f"expected one of: {choices}; got '{word}'")
        numbers = r.one_line("numbers")
        if numbers and frequency is not Frequency.NOT_KNOWN and not RISK_NUMBERS.search(numbers):
            r.report(r.where("numbers"), f"expected a figure like 'up to 1 in 100', got '{numbers}'")
        risks.append(Risk(risk=r.one_line("risk"), frequency=frequency, numbers=numbers, meaning=r.text("meaning")))
    alternatives = []
    for a in f.mappings("alternatives"):
        a.refuse_unknown(["option", "detail"])
        alternatives.append(Alternative(option=a.one_line("option"), detail=a.text("detail")))
    anaesthesia = None
    a = f.mapping("anaesthesia")
    if a is not None:
        a.refuse_unknown(["options", "explanation"])
        anaesthesia = Anaesthesia(options=a.texts("options"), explanation=a.texts("explanation"))
    return Consent(
        procedure=f.one_line("procedure"),
        explanation=f.texts("explanation"),
        benefits=f.texts("benefits"),
        risks=tuple(risks),
        extra_procedures=f.texts("extra_procedures"),
        alternatives=tuple(alternatives),
        anaesthesia=anaesthesia,
    )


def _discharge(f: Fields | None) -> Discharge | None:
    if f is None:
        return None
    f.refuse_unknown(["title", "intro", "advice", "call_clinic", "call_emergency", "follow_up"])
    advice = []
    for g in f.mappings("advice"):
        g.refuse_unknown(["heading", "items"])
        advice.append(AdviceGroup(heading=g.one_line("heading"), items=g.texts("items")))
    return Discharge(
        title=f.one_line("title"),
        intro=f.texts("intro"),
        advice=tuple(advice),
        call_clinic=f.texts("call_clinic"),
        call_emergency=f.texts("call_emergency"),
        follow_up=f.texts("follow_up"),
    )


# ---------------------------------------------------------------- brands


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of '#RRGGBB'."""
    channels = []
    for i in (1, 3, 5):
        c = int(colour[i : i + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
    r, g, b = channels
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def validate_brand(data: Any, source: str, brand_id: str, folder: Path) -> Brand:
    """Turn a parsed brand file into a Brand, or raise BrandError listing every problem."""
    problems: list[Problem] = []

    def report(field: str, message: str) -> None:
        problems.append(Problem(source, field, message))

    f = Fields(data, "", report)
    f.refuse_unknown(
        ["clinic_name", "department", "address", "phones", "emergency_number", "colours", "logo", "footer"]
    )
    phones = f.mapping("phones")
    numbers: dict[str, Phone | None] = {}
    if phones is not None:
        phones.refuse_unknown(["clinic", "ward", "out_of_hours"])
        for key in ("clinic", "ward", "out_of_hours"):
            p = phones.mapping(key, required=key == "clinic")
            if p is not None:
                p.refuse_unknown(["number", "hours"])
                numbers[key] = Phone(number=p.one_line("number"), hours=p.one_line("hours"))
    colours = {}
    c = f.mapping("colours")
    if c is not None:
        c.refuse_unknown(["primary", "accent"])
        for key in ("primary", "accent"):
            value = c.one_line(key)
            if value is not None and not COLOUR.match(value):
                c.report(c.where(key), f"expected a colour like #1F4E79, got '{value}'")
            elif value is not None:
                # Headings and rules print in these colours on white paper.
                ratio = contrast_ratio(value, "#FFFFFF")
                if ratio < 4.5:
                    c.report(c.where(key), f"{value} on white has contrast {ratio:.1f}:1; at least 4.5:1 is needed")
                colours[key] = value.upper()
    logo = None
    logo_name = f.one_line("logo", required=False)
    if logo_name is not None:
        logo = (folder / logo_name).resolve()
        if not logo.is_file():
            report("logo", f"file not found: {logo_name} (looked in {folder})")
        elif logo.suffix.lower() not in {".png", ".jpg", ".jpeg"}:
            report("logo", f"expected a PNG or JPEG image, got '{logo_name}'")
    brand = Brand(
        id=brand_id,
        clinic_name=f.one_line("clinic_name", max_length=80),
        department=f.one_line("department", max_length=80),
        address=f.texts("address"),
        clinic_phone=numbers.get("clinic"),
        ward_phone=numbers.get("ward"),
        out_of_hours_phone=numbers.get("out_of_hours"),
        emergency_number=f.one_line("emergency_number"),
        primary_colour=colours.get("primary", "#000000"),
        accent_colour=colours.get("accent", "#000000"),
        logo=logo,
        footer=f.one_line("footer", required=False) or "",
        source=source,
    )
    if problems:
        raise BrandError(problems)
    return brand
