"""Every word the layouts print themselves (as opposed to handout content).

Kept in one table so that a translation of the labels is one more table, not
an edit of every layout.
"""

from __future__ import annotations

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
    "not_reviewed": "Translation not yet clinically reviewed",
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
    "no_medicines": "No new medicines. Keep taking your usual medicines unless we told you otherwise.",
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

LABELS = {"en": EN}


def labels_for(language: str) -> dict:
    """The label table for a language; English until a translation is added."""
    return LABELS.get(language, EN)
