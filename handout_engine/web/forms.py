"""The "Make one" form: what a nurse typed -> a raw record for the same validation the command line uses.

The form's fields, their labels, hints, kinds and order come from the
Patient model's record-field metadata (models.RECORD_FIELDS), so a field
added to the model appears here, in the README's table and in placeholders
at once. The field names are the record's field names, so a mistake found
by the engine comes back with the same message, beside the same field.
Nothing here checks anything the engine does not: one set of rules.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import handout_engine as engine

SOURCE = "the form"
DATE_ORDER = "dmy"  # a ward types 03/03/1950 for 3 March (year-month-day is read too)
MAX_MEDICINE_FIELDS = engine.MAX_MEDICATIONS  # the engine refuses more, with its own message
MOST_READ = 200  # medicines read from a post, so more than the most allowed reach the engine's check
BLANK_MEDICINE_FIELDS = 2  # empty boxes offered below those filled in
# The page's sections, in the order a nurse reads them off the ward list; each holds the model's fields of
# that group, in the model's order. The run's choices (procedure, language, clinic...) come last.
SECTIONS = (
    ("patient", "Patient"),
    ("procedure", "Procedure and discharge"),
    ("medicines", "Medicines to take home"),
    ("notes", "Notes"),
    ("run", "Handout and printing"),
)
PAPER_FIELD = "paper"  # how to print, not part of the record


@dataclass(frozen=True)
class FormField:
    name: str  # the record's field name
    label: str
    kind: str = "text"  # text, date, textarea, list, yes_no
    hint: str = ""
    required: bool = False
    group: str = ""


def _form_field(model_field: dataclasses.Field) -> FormField:
    meta = model_field.metadata
    required = model_field.default is dataclasses.MISSING and model_field.default_factory is dataclasses.MISSING
    return FormField(model_field.name, meta["label"], meta["kind"], meta["hint"], required, meta["group"])


FIELDS = tuple(_form_field(f) for f in engine.RECORD_FIELDS)
BY_NAME = {f.name: f for f in FIELDS}
GROUPS = {group: tuple(f for f in FIELDS if f.group == group) for group, _legend in SECTIONS}
TEXT_KINDS = ("text", "date", "textarea")
# Typed into a box (everything but the run's choices, the medicines' list and yes/no boxes).
TEXT_FIELDS = tuple(f for f in FIELDS if f.group != "run" and f.kind in TEXT_KINDS)
RUN_CHOICES = tuple(f.name for f in GROUPS["run"] if f.kind in TEXT_KINDS)  # select boxes: handout, language, brand
# Where each field's problem is listed in the error summary: the order the page shows them in.
ORDER = [f.name for group, _legend in SECTIONS if group != "run" for f in GROUPS[group]]
ORDER += [*RUN_CHOICES, PAPER_FIELD, *(f.name for f in GROUPS["run"] if f.kind == "yes_no"), "documents"]
LABELS = {f.name: f.label for f in FIELDS}


@dataclass
class FormState:
    """What was typed, kept to show the form again, and the problems found in it, by field."""

    values: dict[str, str] = field(default_factory=dict)
    medicines: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)  # form field id -> message
    general: list[str] = field(default_factory=list)  # problems that belong to no one field
    blank_boxes: int = BLANK_MEDICINE_FIELDS
    focus: str = ""  # the id of the box to put the keyboard in when the page loads (a new medicine box)
    notice: str = ""  # why the form is shown filled in (made again from a preview, or after it had expired)

    def medicine_boxes(self) -> list[str]:
        """The medicines typed, then empty boxes for more."""
        boxes = [m for m in self.medicines if m.strip()]
        return boxes + [""] * max(0, min(self.blank_boxes, MAX_MEDICINE_FIELDS - len(boxes)))


def read_form(form, documents: Sequence[str]) -> FormState:
    """The posted form as typed (a werkzeug MultiDict)."""
    state = FormState()
    for name in [f.name for f in TEXT_FIELDS] + [*RUN_CHOICES, PAPER_FIELD]:
        state.values[name] = form.get(name, "")
    for yes_no in (f.name for f in FIELDS if f.kind == "yes_no"):
        state.values[yes_no] = "yes" if form.get(yes_no) else ""
    state.medicines = list(form.getlist("medications"))[:MOST_READ]
    state.documents = [d for d in form.getlist("documents") if d in documents]
    return state


def hidden_fields(state: FormState) -> list[tuple[str, str]]:
    """The form as typed, as (name, value) pairs for hidden inputs: posted back, they fill the form in again."""
    pairs = [(name, value) for name, value in state.values.items() if value]
    pairs += [("medications", medicine) for medicine in state.medicines if medicine.strip()]
    return pairs + [("documents", document) for document in state.documents]


def raw_record(state: FormState) -> engine.RawRecord:
    """The form as a patient record: the same shape a CSV row gives the engine."""
    values = state.values
    data: dict[str, object] = {name: values.get(name, "") for name in BY_NAME if name in values}
    data["levels"] = values.get("levels", "")  # "T12, L1", "T12 L1", "T11-L1": validation reads them all
    data["medications"] = [m for m in state.medicines if m.strip()]
    data["documents"] = list(state.documents)
    data = {key: value for key, value in data.items() if value not in ("", [], None)}
    return engine.RawRecord(data, SOURCE, 1, "form", date_order=DATE_ORDER)


def place_problems(state: FormState, problems: Sequence[engine.Problem]) -> None:
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
        elif (item := re.fullmatch(r"(\w+)\[(\d+)\](?:\.(\w+))?", problem.field)) and item.group(1) in ORDER:
            # One line of a box that holds a list (a patient's risks): the box, with the line's number.
            name, number, part = item.groups()
            where = f"line {number}" + (f" ({part})" if part else "")
            found.append((ORDER.index(name), int(number), name, f"{where}: {problem.message}"))
        else:
            state.general.append(f"{problem.field}: {problem.message}" if problem.field else problem.message)
    for _order, _number, field_id, message in sorted(found):
        state.errors.setdefault(field_id, message)


def field_label(field_id: str) -> str:
    """What the summary calls a field: its label ("Medicine 2" for a medicine box)."""
    if field_id.startswith("medications-"):
        return f"Medicine {field_id.removeprefix('medications-')}"
    return LABELS.get(field_id, "Paper" if field_id == PAPER_FIELD else field_id)


def link_target(field_id: str) -> str:
    """Where the summary's link takes the keyboard: the field's box, or for a group of tick boxes its first box
    (a fieldset cannot take focus)."""
    if field_id == "documents":
        return f"documents-{engine.DOCUMENT_NAMES[0]}"
    return field_id


def first_values(defaults: Mapping[str, str]) -> FormState:
    return FormState(values=dict(defaults))
