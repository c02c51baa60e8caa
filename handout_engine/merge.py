"""Step 3: Handout + Patient + Brand -> Sheet, with every string final.

Dates become "3 March 2026" (never 03/03/26, which half the world reads the
other way round), NHS numbers are grouped 3 3 4, spinal levels read as a list.
Layouts print these strings as they are, so this step is testable without
ReportLab.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools

from .locale import format_date_in, format_list
from .models import PLACEHOLDER_FIELDS, Brand, Handout, Patient, PatientLabel, Phone, Sheet
from .placeholders import fill, has_placeholders


def format_nhs_number(digits: str | None) -> str | None:
    """NHS numbers print grouped 3 3 4, as on the patient's own NHS letters."""
    if digits is None:
        return None
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}"


def patient_label(patient: Patient, language: str) -> PatientLabel:
    """The identifiers every page prints, as they are printed (also the nurses' page's heading for the record)."""
    return PatientLabel(
        name=patient.name,
        born=format_date_in(patient.date_of_birth, language),
        patient_id=patient.patient_id,
        nhs_number=format_nhs_number(patient.nhs_number),
    )


# The brand's words that may be given per language (validate/brand_text.py), as Brand.translations names them.
BRAND_TEXTS = ("department", "footer", "clinic_hours", "ward_hours", "out_of_hours_hours")


@functools.lru_cache(maxsize=64)  # one object per brand and language: styles and layouts cache by brand
def brand_in(brand: Brand, language: str) -> Brand:
    """The brand with its department, footer and phone hours in `language` where it has them."""
    if language == brand.language or not brand.translations:
        return brand
    texts = {field: text for field, lang, text in brand.translations if lang == language}
    if not texts:
        return brand

    def phone(key: str, number: Phone | None) -> Phone | None:
        hours = texts.get(f"{key}_hours")
        return dataclasses.replace(number, hours=hours) if number is not None and hours else number

    return dataclasses.replace(
        brand,
        department=texts.get("department", brand.department),
        footer=texts.get("footer", brand.footer),
        clinic_phone=phone("clinic", brand.clinic_phone),
        ward_phone=phone("ward", brand.ward_phone),
        out_of_hours_phone=phone("out_of_hours", brand.out_of_hours_phone),
    )


def brand_fallbacks(brand: Brand, language: str) -> tuple[str, ...]:
    """The brand's words a document in `language` prints in the brand's own language, for want of a translation."""
    if language == brand.language:
        return ()
    given = {
        "department": brand.department,
        "footer": brand.footer,
        "clinic_hours": brand.clinic_phone.hours if brand.clinic_phone else "",
        "ward_hours": brand.ward_phone.hours if brand.ward_phone else "",
        "out_of_hours_hours": brand.out_of_hours_phone.hours if brand.out_of_hours_phone else "",
    }
    have = {field for field, lang, _text in brand.translations if lang == language}
    return tuple(field for field in BRAND_TEXTS if given[field] and field not in have)


def merge_sheet(handout: Handout, patient: Patient, brand: Brand, review_overdue: bool = False) -> Sheet:
    meta = handout.meta
    language = meta.language

    def format_date(day: dt.date | None) -> str | None:  # in the language the sheet is printed in
        return format_date_in(day, language)

    sheet = Sheet(
        label=patient_label(patient, language),
        handout=handout,
        brand=brand_in(brand, language),
        procedure=handout.consent.procedure,
        levels=format_list(patient.levels, language),
        level_count=len(patient.levels),
        procedure_date=format_date(patient.procedure_date),
        clinician=patient.clinician,
        ward=patient.ward,
        discharge_date=format_date(patient.discharge_date),
        follow_up_date=format_date(patient.follow_up_date),
        follow_up_with=patient.follow_up_with,
        medications=patient.medications,
        no_new_medicines=patient.no_new_medicines,
        notes=patient.notes,
        content_version=meta.content_version,
        last_reviewed=format_date(meta.last_reviewed),
        next_review=format_date(meta.next_review),
        review_overdue=review_overdue,
        patient_risks=patient.risks,
        writing_language=patient.requested_language or patient.language,
    )
    if not has_placeholders(handout):
        return sheet
    values = {name: getattr(sheet, name, None) for name in PLACEHOLDER_FIELDS if name != "name"}
    values["name"] = sheet.label.name
    return dataclasses.replace(sheet, handout=fill(handout, values), template=handout)
