"""Every fact about a language: the words the layouts print themselves, dates, lists and the language's name.

Handout content brings its own words; everything else a document prints in
a language is here, so a new language is one more table, not an edit of
every layout. The layouts receive their table from the render step.
"""

from __future__ import annotations

import datetime as dt

from .locale_ar import AR, DATE_PATTERN_AR, LIST_AND_AR, MONTHS_AR
from .locale_bn import BN, DATE_PATTERN_BN, LIST_AND_BN, MONTHS_BN
from .locale_es import ES
from .locale_ur import DATE_PATTERN_UR, LIST_AND_UR, LIST_COMMA_UR, MONTHS_UR, UR
from .locale_zh import DATE_PATTERN_ZH, LIST_AND_ZH, MONTHS_ZH, ZH

EN = {
    # page furniture
    "name": "Name",
    "date_of_birth": "Date of birth",
    "patient_id": "Patient ID",
    "nhs_number": "NHS number",
    "page": "Page {number} of {total}",
    "version": "Version {version}",
    "reviewed": "Last reviewed {date}",
    "next_review": "Next review {date}",
    "review_overdue": "REVIEW OVERDUE: this information was due for review on {date}",
    "not_reviewed": "Not yet clinically reviewed",
    "blank_page": "This page is intentionally left blank",
    # document names, as printed in titles and footers
    "leaflet": "Information for patients",
    "consent": "Consent form",
    "discharge": "Discharge information",
    # leaflet
    "questions": "Questions you may want to ask",
    "questions_hint": "Write your own questions here, and bring this leaflet to your appointment:",
    "leaflet_risks": "What are the risks?",
    "leaflet_risks_intro": "Like any treatment, this procedure has risks. This table shows how often each one happens. "
    "We will go through them with you before you sign the consent form.",
    "leaflet_choices": "What are the other choices?",
    "leaflet_choices_intro": "You do not have to have this procedure. Other choices are:",
    "contact_us": "Contact us",
    "words_we_use": "Words we use",
    # the European Commission's risk words (models.Frequency), as printed beside their numbers
    "frequency": {
        "very common": "Very common",
        "common": "Common",
        "uncommon": "Uncommon",
        "rare": "Rare",
        "very rare": "Very rare",
        "not known": "Not known",
    },
    "sources": "Where this information comes from",
    "leaflet_owner": "Written by {owner}.",
    # shared
    "phone_clinic": "Clinic",
    "phone_ward": "Ward",
    "phone_out_of_hours": "Out of hours",
    "emergency": "Emergency",
    "emergency_detail": "Call {number} for an ambulance",
    # consent
    "consent_title": "Consent form: agreement to a procedure",
    "patient_details": "Patient details",
    "responsible_professional": "Responsible health professional",
    "ward": "Ward or clinic",
    "special_requirements": "Special requirements (for example, another language or a way of communicating)",
    "procedure_heading": "1. The procedure",
    "procedure_name": "Name of the procedure",
    "levels": "Spinal levels to be treated",
    "planned_date": "Planned date",
    "what_it_involves": "What it involves, in plain words",
    "professional_heading": "2. Statement of the health professional",
    "professional_intro": "To be filled in by a health professional who knows the procedure well. "
    "I have explained the procedure to the patient. In particular, I have explained:",
    "benefits": "What we hope the procedure will do",
    "risks": "Serious or frequent risks",
    "risk": "Risk",
    "how_often": "How often",
    "what_it_means": "What it means for you",
    "what_it_means_for_patient": "What it means for this patient",
    "patient_concerns": "Any risks or concerns that matter to this patient in particular",
    "extra_procedures": "Other procedures that may become necessary",
    "alternatives": "Other choices, including no treatment",
    "leaflet_given": "The patient has been given this leaflet:",
    "leaflet_title": "{title}: {subtitle}, version {version}",
    "reference": "Ref. {reference}",
    "anaesthesia": "Anaesthesia: the procedure will involve",
    "contact_later": "If the patient wants to talk about their options later, they can ring {number}.",
    "signed": "Signature",
    "date": "Date",
    "printed_name": "Print name",
    "job_title": "Job title",
    "interpreter_heading": "3. Statement of interpreter (where one is used)",
    "interpreter_statement": "I have interpreted the information above to the patient as well as I can, "
    "in a way that I believe they understand.",
    "continued": "{heading} (continued)",
    "professional_core": "I have explained the procedure to the patient, with its benefits, risks and other "
    "choices, as written above.",
    "patient_core": "I agree to the procedure described on this form, and I have read the statements above.",
    "interpreter_language": "Language",
    "interpreter_id": "Interpreter's name or ID number",
    "interpreter_agency": "Agency",
    "interpreter_how": "The interpreter took part:",
    "interpreter_modes": ("face to face", "by telephone", "by video"),
    "interpreter_remote": "If the interpreter took part by telephone or video and cannot sign above, the health "
    "professional records it here. I confirm that the interpreter named above interpreted for the patient by "
    "telephone or video.",
    "patient_heading": "4. Statement of the patient",
    "patient_intro": "Please read this form and the leaflet carefully. If you have any questions, ask us: "
    "we are here to help. You have the right to change your mind at any time, even after you have signed.",
    "patient_statements": (
        "I have read this form and the leaflet, and I have been able to ask questions.",
        "I agree to the procedure described on this form.",
        "I understand that I can change my mind at any time, even after I have signed.",
        "I understand that no one can promise which person will do the procedure. "
        "It will be done by someone with the right training and experience.",
        "I understand that I will be able to talk about the anaesthetic with the team before the procedure.",
        "I understand that nothing else will be done to me unless it is needed to save my life "
        "or to prevent serious harm to my health.",
        "I have been told about other procedures that may become necessary during my treatment.",
    ),
    "patient_name": "Patient's name",
    "witness_heading": "A witness signs here if the patient cannot write but has shown that they agree.",
    "witness_statement": "I confirm that the patient has shown me that they agree to the procedure.",
    "copy_given": "A copy of this form has been given to the patient:",
    "yes": "Yes",
    "no": "No",
    "confirmation_heading": "5. Confirmation of consent on the day of the procedure",
    "confirmation_statement": "To be filled in by a health professional on the day when the patient signed "
    "the form in advance. On behalf of the team treating the patient, I have checked with the patient that "
    "they have no further questions and still want the procedure to go ahead.",
    "withdrawn": "The patient has withdrawn consent (ask the patient to sign and date here).",
    # discharge
    "your_details": "Your details",
    "procedure": "Procedure",
    "procedure_date": "Date of procedure",
    "levels_treated": "Spinal levels treated",
    "clinician": "Health professional",
    "discharge_date": "Date you went home",
    "medicines": "Your medicines",
    "no_medicines": "No new medicines.",
    "medicines_write_in": "Your nurse writes your medicines here before you go home:",
    "medicine": "Medicine",
    "dose": "Dose",
    "when": "When",
    "what_for": "What it is for",
    "medicine_change": "New or changed?",
    "medicine_status": {"new": "New", "changed": "Changed", "stopped": "Stopped", "carry on": "Carry on as before"},
    "medicines_stopped_note": "Stopped: do not take this medicine any more unless a doctor tells you to.",
    "aftercare": "Looking after yourself at home",
    "get_help_now": "Get help now if…",
    "call_emergency": "Call {number} for an ambulance straight away if you have:",
    "call_clinic": "Ring the clinic on {number} ({hours}) if you have:",
    "call_out_of_hours": "Out of hours, ring {number} ({hours}).",
    "follow_up": "Your follow-up appointment",
    "follow_up_date": "Date",
    "follow_up_with": "With",
    "notes": "Notes from your care team",
    "phone_numbers": "Phone numbers",
}

LABELS = {"en": EN, "es": ES, "zh": ZH, "bn": BN, "ar": AR, "ur": UR}


def labels_for(language: str) -> dict:
    """The label table for a language (lint checks every content language has one); English otherwise."""
    return LABELS.get(language, EN)


# The language's own name, as the nurses' page offers it.
LANGUAGE_NAMES = {
    "en": "English",
    "es": "Spanish (Español)",
    "zh": "Chinese (中文)",
    "bn": "Bengali (বাংলা)",
    "ar": "Arabic (العربية)",
    "ur": "Urdu (اردو)",
}


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)


MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


MONTHS_BY_LANGUAGE = {
    "en": MONTHS,
    "es": (
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ),
    "zh": MONTHS_ZH,
    "bn": MONTHS_BN,
    "ar": MONTHS_AR,
    "ur": MONTHS_UR,
}
DATE_PATTERNS = {
    "en": "{day} {month} {year}",
    "es": "{day} de {month} de {year}",
    "zh": DATE_PATTERN_ZH,
    "bn": DATE_PATTERN_BN,
    "ar": DATE_PATTERN_AR,
    "ur": DATE_PATTERN_UR,
}


def format_date_in(day: dt.date | None, language: str = "en") -> str | None:
    """3 March 2026 (3 de marzo de 2026): the month in words, so no reader can swap day and month."""
    if day is None:
        return None
    months = MONTHS_BY_LANGUAGE.get(language, MONTHS)
    pattern = DATE_PATTERNS.get(language, DATE_PATTERNS["en"])
    return pattern.format(day=day.day, month=months[day.month - 1], year=day.year)


def format_date(day: dt.date | None) -> str | None:
    """3 March 2026, in English (messages and the web page)."""
    return format_date_in(day, "en")


LIST_AND = {"en": "and", "es": "y", "zh": LIST_AND_ZH, "bn": LIST_AND_BN, "ar": LIST_AND_AR, "ur": LIST_AND_UR}
LIST_COMMA = {"ar": "، ", "ur": LIST_COMMA_UR}  # the Arabic comma, in Arabic and Urdu


def format_list(items: tuple[str, ...], language: str = "en") -> str | None:
    """T11, T12 and L1 (T11, T12 y L1)."""
    if not items:
        return None
    if len(items) == 1:
        return items[0]
    if language in _NO_SPACES:  # T11、T12和L1
        return f"{'、'.join(items[:-1])}{LIST_AND[language]}{items[-1]}"
    comma = LIST_COMMA.get(language, ", ")
    return f"{comma.join(items[:-1])} {LIST_AND.get(language, 'and')} {items[-1]}"


_NO_SPACES = {"zh"}  # languages written without spaces between words


# A language as a booking system may write it, by its English name or its own (lower case, accents as typed
# and without): "Spanish" and "Español" are both es. Codes are the ones handouts are filed under.
LANGUAGE_CODES_BY_NAME = {
    "english": "en",
    "spanish": "es",
    "español": "es",
    "espanol": "es",
    "castellano": "es",
    "french": "fr",
    "français": "fr",
    "francais": "fr",
    "german": "de",
    "deutsch": "de",
    "italian": "it",
    "italiano": "it",
    "portuguese": "pt",
    "português": "pt",
    "portugues": "pt",
    "polish": "pl",
    "polski": "pl",
    "romanian": "ro",
    "română": "ro",
    "romana": "ro",
    "welsh": "cy",
    "cymraeg": "cy",
    "dutch": "nl",
    "nederlands": "nl",
    "arabic": "ar",
    "العربية": "ar",
    "urdu": "ur",
    "اردو": "ur",
    "punjabi": "pa",
    "ਪੰਜਾਬੀ": "pa",
    "bengali": "bn",
    "বাংলা": "bn",
    "gujarati": "gu",
    "ગુજરાતી": "gu",
    "hindi": "hi",
    "हिन्दी": "hi",
    "chinese": "zh",
    "中文": "zh",
    "turkish": "tr",
    "türkçe": "tr",
    "turkce": "tr",
    "somali": "so",
    "soomaali": "so",
    "hebrew": "he",
    "עברית": "he",
    "farsi": "fa",
    "persian": "fa",
    "فارسی": "fa",
}
