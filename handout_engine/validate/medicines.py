"""A record's medicines: plain lines, or parts a nurse can check (name, dose, when, what for, what changed).

In a CSV cell, medicines are separated by `;` and an entry's parts by `|`:

    Paracetamol | 1 g | up to 4 times a day | pain | new; Warfarin | | | | stopped

In a file whose columns are separated by `;` (where medicines are separated
by `|`), an entry's parts are separated by `^` instead.

In JSON or YAML, `medications` may be a list of such lines, or of mappings
with the keys `name`, `dose`, `when`, `for` and `change`. The word `none`
alone says the patient goes home with no new medicines (the sheet prints
that); an empty field says nobody filled it in (the sheet prints lines to
write them on), never that there are none.
"""

from __future__ import annotations

from collections.abc import Callable

from ..models import Medicine, MedicineChange
from .fields import Fields

MAX_MEDICATIONS = 30
MAX_MEDICATION_LENGTH = 200
NONE_WORDS = frozenset({"none"})
PARTS = ("name", "dose", "when", "for", "change")
CHANGE_WORDS = {change.value: change for change in MedicineChange}
FORMAT = "name | dose | when | what for | change"
PART_SEPARATORS = {";": "|", "|": "^"}  # by the separator between medicines


def read_medicines(
    data: dict, report: Callable[[str, str], None], separator: str = ";"
) -> tuple[tuple[Medicine, ...], bool]:
    """(medicines, no_new_medicines) from a record's `medications` value; problems go to `report`.

    `separator` is what separates medicines in one cell (the record's list separator).
    """
    parts = PART_SEPARATORS.get(separator, "|")
    value = data.get("medications")
    if isinstance(value, str) and value.strip().lower() in NONE_WORDS:
        return (), True
    if (
        isinstance(value, list)
        and len(value) == 1
        and isinstance(value[0], str)
        and value[0].strip().lower() in NONE_WORDS
    ):
        return (), True
    if isinstance(value, list) and len(value) > MAX_MEDICATIONS:
        report("medications", f"{len(value)} items; at most {MAX_MEDICATIONS} fit on a discharge sheet")
        return (), False
    if isinstance(value, list) and any(isinstance(item, dict) for item in value):
        return _from_mappings(value, report), False
    lines = Fields(data, "", report).texts("medications", required=False, split=separator)
    if len(lines) > MAX_MEDICATIONS:
        report("medications", f"{len(lines)} items; at most {MAX_MEDICATIONS} fit on a discharge sheet")
        return (), False
    medicines = []
    for number, line in enumerate(lines, start=1):
        where = f"medications[{number}]"
        if len(line) > MAX_MEDICATION_LENGTH:
            report(where, f"is {len(line)} characters; at most {MAX_MEDICATION_LENGTH} fit")
            continue
        if line.strip().lower() in NONE_WORDS:
            report(where, "'none' must be the only entry: it says there are no new medicines at all")
            continue
        medicine = _from_line(line, where, report, parts)
        if medicine is not None:
            medicines.append(medicine)
    return tuple(medicines), False


def _from_line(line: str, where: str, report: Callable[[str, str], None], separator: str = "|") -> Medicine | None:
    if separator not in line:
        return Medicine(line)
    parts = [part.strip() for part in line.split(separator)]
    if len(parts) > len(PARTS):
        shape = FORMAT.replace("|", separator)
        report(where, f"has {len(parts)} parts separated by '{separator}'; at most {len(PARTS)}: {shape}")
        return None
    parts += [""] * (len(PARTS) - len(parts))
    return _medicine(dict(zip(PARTS, parts, strict=True)), where, report)


def _from_mappings(items: list, report: Callable[[str, str], None]) -> tuple[Medicine, ...]:
    medicines = []
    for number, item in enumerate(items, start=1):
        where = f"medications[{number}]"
        if isinstance(item, str):
            medicine = _from_line(item.strip(), where, report) if item.strip() else None
        elif isinstance(item, dict):
            unknown = sorted(set(item) - set(PARTS))
            if unknown:
                report(where, f"unknown key {unknown[0]!r}; the keys are {', '.join(PARTS)}")
                continue
            fields = Fields(item, "", lambda _field, message, where=where: report(where, message))
            parts = {key: fields.one_line(key, required=False, max_length=MAX_MEDICATION_LENGTH) for key in PARTS}
            medicine = _medicine({key: value or "" for key, value in parts.items()}, where, report)
        else:
            report(where, f"expected text or a mapping with {', '.join(PARTS)}")
            continue
        if medicine is not None:
            medicines.append(medicine)
    return tuple(medicines)


def _medicine(parts: dict[str, str], where: str, report: Callable[[str, str], None]) -> Medicine | None:
    if not parts["name"]:
        report(where, f"the medicine's name (the first part, {FORMAT}) is empty")
        return None
    change = None
    if parts["change"]:
        change = CHANGE_WORDS.get(parts["change"].lower())
        if change is None:
            words = ", ".join(CHANGE_WORDS)
            report(where, f"change is '{parts['change'][:40]}'; expected one of: {words} (or leave it empty)")
            return None
    return Medicine(
        parts["name"],
        dose=parts["dose"] or None,
        when=parts["when"] or None,
        purpose=parts["for"] or None,
        change=change,
    )
