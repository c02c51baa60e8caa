"""The "Make one" form: what a nurse typed -> a raw record for the same validation the command line uses.

The form's field names are the record's field names, so a mistake found by
validate_patient comes back with the same message, beside the same field.
Nothing here checks anything the engine does not: one set of rules.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ..errors import Problem
from ..load import RawRecord

SOURCE = "the form"
# Dates are typed day/month/year, as a UK ward writes them, or year-month-day; a wrong date comes back
# as typed, with the command line's message (a browser's date box would send nothing).
DATE_ORDER = "dmy"
DATE_HINT = "Day/month/year or year-month-day: for example 01/12/2026 or 2026-12-01."
BIRTH_DATE_HINT = "Day/month/year or year-month-day: for example 03/03/1950 or 1950-03-03."
MAX_MEDICINE_FIELDS = 30  # the engine refuses more (MAX_MEDICATIONS), with its own message
MOST_READ = 200  # medicines read from a post, so more than 30 reach the engine's check
BLANK_MEDICINE_FIELDS = 2  # empty boxes offered below those filled in


@dataclass(frozen=True)
class FormField:
    name: str  # the record's field name
    label: str
    kind: str = "text"  # text, date, textarea
    hint: str = ""
    required: bool = False
    autocomplete: str = "off"


# In the order a nurse reads them off the ward list.
PATIENT_FIELDS = (
    FormField("name", "Full name", hint="As the patient writes it, in any script.", required=True),
    FormField("date_of_birth", "Date of birth", "date", hint=BIRTH_DATE_HINT, required=True),
    FormField("patient_id", "Hospital number (patient ID)", hint="For example NB-100231.", required=True),
    FormField("nhs_number", "NHS number", hint="10 digits, for example 943 476 5919. Leave empty if not known."),
)
PROCEDURE_FIELDS = (
    FormField(
        "procedure_date",
        "Procedure date",
        "date",
        hint=f"{DATE_HINT} Needed for the consent form and discharge sheet.",
    ),
    FormField("levels", "Spinal levels treated", hint="For example T12, L1."),
    FormField("clinician", "Responsible clinician"),
    FormField("ward", "Ward or clinic"),
    FormField("discharge_date", "Discharge date", "date", hint=DATE_HINT),
    FormField("follow_up_date", "Follow-up date", "date", hint=DATE_HINT),
    FormField("follow_up_with", "Follow-up with", hint="For example Spinal nurse clinic."),
)
NOTES_FIELD = FormField("notes", "Notes for the patient", "textarea", hint="Printed on the discharge sheet.")
TEXT_FIELDS = (*PATIENT_FIELDS, *PROCEDURE_FIELDS, NOTES_FIELD)


@dataclass
class FormState:
    """What was typed, kept to show the form again, and the problems found in it, by field."""

    values: dict[str, str] = field(default_factory=dict)
    medicines: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)  # form field id -> message
    general: list[str] = field(default_factory=list)  # problems that belong to no one field
    blank_boxes: int = BLANK_MEDICINE_FIELDS

    def medicine_boxes(self) -> list[str]:
        """The medicines typed, then empty boxes for more."""
        boxes = [m for m in self.medicines if m.strip()]
        return boxes + [""] * max(0, min(self.blank_boxes, MAX_MEDICINE_FIELDS - len(boxes)))


def read_form(form, documents: Sequence[str]) -> FormState:
    """The posted form as typed (a werkzeug MultiDict)."""
    state = FormState()
    for name in [f.name for f in TEXT_FIELDS] + ["handout", "language", "brand", "paper"]:
        state.values[name] = form.get(name, "")
    state.values["large_print"] = "yes" if form.get("large_print") else ""
    state.medicines = list(form.getlist("medications"))[:MOST_READ]
    state.documents = [d for d in form.getlist("documents") if d in documents]
    return state


def raw_record(state: FormState) -> RawRecord:
    """The form as a patient record: the same shape a CSV row gives the engine."""
    values = state.values
    data: dict[str, object] = {
        name: values.get(name, "") for name in [f.name for f in TEXT_FIELDS] + ["handout", "language", "brand"]
    }
    data["levels"] = values.get("levels", "")  # "T12, L1", "T12 L1", "T11-L1": validation reads them all
    data["medications"] = [m for m in state.medicines if m.strip()]
    data["documents"] = list(state.documents)
    data["large_print"] = values.get("large_print", "")
    data = {key: value for key, value in data.items() if value not in ("", [], None)}
    return RawRecord(data, SOURCE, 1, "form", date_order=DATE_ORDER)


LABELS = {
    **{f.name: f.label for f in TEXT_FIELDS},
    "handout": "Procedure",
    "language": "Language",
    "brand": "Clinic",
    "documents": "Documents to make",
}
ORDER = [*(f.name for f in PATIENT_FIELDS), *(f.name for f in PROCEDURE_FIELDS), "medications", "notes"]
ORDER += ["handout", "language", "brand", "documents"]


def place_problems(state: FormState, problems: Sequence[Problem]) -> None:
    """Put each problem beside its field (`medications[2]` beside the second medicine box), in form order.

    The summary at the top says which field each message is about: "NHS number: expected 10 digits...".
    """
    state.medicines = [m for m in state.medicines if m.strip()]
    found: list[tuple[int, int, str, str]] = []
    for problem in problems:
        match = re.fullmatch(r"medications\[(\d+)\]", problem.field)
        if match:
            number = int(match.group(1))
            found.append((ORDER.index("medications"), number, f"medications-{number}", problem.message))
        elif problem.field == "medications":
            found.append((ORDER.index("medications"), 0, "medications-1", problem.message))
        elif problem.field in ORDER:
            found.append((ORDER.index(problem.field), 0, problem.field, problem.message))
        else:
            state.general.append(f"{problem.field}: {problem.message}" if problem.field else problem.message)
    for _order, _number, field_id, message in sorted(found):
        state.errors.setdefault(field_id, message)


def field_label(field_id: str) -> str:
    """What the summary calls a field: its label ("Medicine 2" for a medicine box)."""
    if field_id.startswith("medications-"):
        return f"Medicine {field_id.removeprefix('medications-')}"
    return LABELS.get(field_id, field_id)


def first_values(defaults: Mapping[str, str]) -> FormState:
    state = FormState(values=dict(defaults))
    return state
