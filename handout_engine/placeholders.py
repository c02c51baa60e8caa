"""Placeholders in content: {procedure_date}, {clinician}, {follow_up_date} and other record fields.

Content may say "We will see you on {follow_up_date}." The names are checked
when the content is loaded (an unknown one is a content error naming the
field path), and filled from the record when the sheet is made. A value the
record does not have prints as a line to fill in by hand, never "None".

Only the consent form and the discharge sheet are filled: the leaflet is the
same for every patient (it is laid out once per process and replayed), so a
placeholder there is refused.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Mapping

from .models import Handout

PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
# The record fields content may name, as the sheet prints them ("3 March 2026", "T12 and L1").
FIELDS = (
    "name",
    "procedure_date",
    "levels",
    "clinician",
    "ward",
    "discharge_date",
    "follow_up_date",
    "follow_up_with",
)
BLANK = "________________"  # a line to write on


def _texts(value, path: str) -> Iterator[tuple[str, str]]:
    """Every string inside a content object, with its field path."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, tuple):
        for index, item in enumerate(value, start=1):
            yield from _texts(item, f"{path}[{index}]")
    elif dataclasses.is_dataclass(value):
        for item in dataclasses.fields(value):
            if item.name != "kind":
                yield from _texts(getattr(value, item.name), f"{path}.{item.name}")


def placeholder_problems(handout: Handout) -> list[tuple[str, str]]:
    """(field path, message) for each placeholder that cannot be filled."""
    problems = []
    for part in ("leaflet", "consent", "discharge"):
        for path, text in _texts(getattr(handout, part), part):
            for name in PLACEHOLDER.findall(text):
                if part == "leaflet":
                    problems.append(
                        (
                            path,
                            f"{{{name}}}: the leaflet is the same for every patient; placeholders belong on the "
                            "consent form or the discharge sheet",
                        )
                    )
                elif name not in FIELDS:
                    problems.append((path, f"unknown placeholder {{{name}}}; expected one of {', '.join(FIELDS)}"))
    return problems


def has_placeholders(handout: Handout) -> bool:
    return any(
        PLACEHOLDER.search(text)
        for part in ("consent", "discharge")
        for _p, text in _texts(getattr(handout, part), part)
    )


def fill(handout: Handout, values: Mapping[str, str | None]) -> Handout:
    """The handout with every placeholder in the consent and discharge content replaced by the record's value."""

    def filled(value):
        if isinstance(value, str):
            return PLACEHOLDER.sub(lambda m: values.get(m.group(1)) or BLANK, value)
        if isinstance(value, tuple):
            return tuple(filled(item) for item in value)
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            changes = {f.name: filled(getattr(value, f.name)) for f in dataclasses.fields(value) if f.name != "kind"}
            return dataclasses.replace(value, **changes)
        return value

    return dataclasses.replace(handout, consent=filled(handout.consent), discharge=filled(handout.discharge))
