"""Placeholders in content: {procedure_date}, {clinician}, {follow_up_date} and other record fields.

Content may say "We will see you on {follow_up_date}." The names are checked
when the content is loaded (an unknown one is a content error naming the
field path), and filled from the record when the sheet is made. A value the
record does not have prints as a line to fill in by hand, never "None".

Only text printed on the consent form or discharge sheet alone may hold one:
the leaflet is the same for every patient (laid out once per process and
replayed), so a placeholder in the leaflet, the glossary, or the consent
form's risks, alternatives or procedure name (which the leaflet prints too)
is refused: it would put one patient's details on every leaflet.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Mapping

from .models import DOCUMENT_KINDS, PLACEHOLDER_FIELDS, Handout

PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
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


# Where a placeholder may stand: text printed only on the consent form or the discharge sheet.
FILLED = tuple(part for kind in DOCUMENT_KINDS for part in kind.placeholder_parts)


def _every_text(handout: Handout) -> Iterator[tuple[str, str]]:
    for part in ("meta", "glossary", "leaflet", "consent", "discharge"):
        yield from _texts(getattr(handout, part), "metadata" if part == "meta" else part)


def placeholder_problems(handout: Handout) -> list[tuple[str, str]]:
    """(field path, message) for each placeholder that cannot be filled, or must not be."""
    problems = []
    for path, text in _every_text(handout):
        for name in PLACEHOLDER.findall(text):
            if not path.startswith(FILLED):
                problems.append(
                    (
                        path,
                        f"{{{name}}}: this text is the same for every patient (the leaflet prints it); "
                        "placeholders may stand only in text printed on the consent form or discharge sheet alone",
                    )
                )
            elif name not in PLACEHOLDER_FIELDS:
                problems.append(
                    (path, f"unknown placeholder {{{name}}}; expected one of {', '.join(PLACEHOLDER_FIELDS)}")
                )
    return problems


def placeholders_in(handout: Handout) -> set[str]:
    """Every placeholder the content uses (to compare a translation with its English)."""
    return {name for _path, text in _every_text(handout) for name in PLACEHOLDER.findall(text)}


def has_placeholders(handout: Handout) -> bool:
    """Whether the consent or discharge content names a record field; worked out once per content (a batch asks
    for every record)."""
    known = _has_placeholders.get(id(handout))
    if known is None or known[0] is not handout:
        if len(_has_placeholders) >= 64:
            _has_placeholders.clear()
        found = any(PLACEHOLDER.search(text) for path, text in _every_text(handout) if path.startswith(FILLED))
        known = _has_placeholders[id(handout)] = (handout, found)
    return known[1]


_has_placeholders: dict[int, tuple[Handout, bool]] = {}


def fill(handout: Handout, values: Mapping[str, str | None]) -> Handout:
    """The handout with every placeholder replaced by the record's value, in the parts where one may stand.

    The parts are the document kinds' `placeholder_parts` (FILLED), the same
    paths the content check allows placeholders in, so the two cannot drift.
    """

    def filled(value, path: str):
        if isinstance(value, str):
            if not path.startswith(FILLED):
                return value
            return PLACEHOLDER.sub(lambda m: values.get(m.group(1)) or BLANK, value)
        if isinstance(value, tuple):
            return tuple(filled(item, f"{path}[{index}]") for index, item in enumerate(value, start=1))
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            changes = {
                f.name: filled(getattr(value, f.name), f"{path}.{f.name}")
                for f in dataclasses.fields(value)
                if f.name != "kind"
            }
            return dataclasses.replace(value, **changes)
        return value

    return dataclasses.replace(
        handout, consent=filled(handout.consent, "consent"), discharge=filled(handout.discharge, "discharge")
    )
