"""The generic reader under all validation: one mapping in, typed values out, problems collected.

`Fields` turns each bad value into a Problem naming its dotted field path
("consent.risks[2].frequency") instead of raising, so a whole file or record
is checked in one pass. Every text value is also checked against the shipped
fonts here, so no string that would print as an empty box gets past the edge.
"""

from __future__ import annotations

import datetime as dt
import difflib
import unicodedata
from collections.abc import Callable, Iterable
from typing import Any

from ..text.fonts import describe_missing, missing_characters
from .dates import EXAMPLE as DATE_EXAMPLE
from .dates import parse_date

# Invisible characters that carry no meaning in our Latin-script text but would
# print as empty boxes (ReportLab draws a box for any glyph the font lacks):
# zero-width space, word joiner, byte-order mark, soft hyphen.
_DROP = dict.fromkeys(map(ord, "\u200b\u2060\ufeff\u00ad"))


class Fields:
    """Reads one mapping, turning each bad value into a Problem instead of an exception.

    `path` is the dotted field path of the mapping ("consent.risks[2]"), so
    messages point at the exact key in a nested content file.
    """

    def __init__(self, data: Any, path: str, report: Callable[[str, str], None], date_order: str | None = None):
        self.path = path
        self.report = report
        self.date_order = date_order  # "dmy" or "mdy" when the source says how it writes 03/04/1950
        if not isinstance(data, dict):
            report(path, f"expected a mapping of keys to values, got {kind_of(data)}")
            data = {}
        self.data = data

    def where(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def refuse_unknown(self, allowed: Iterable[str]) -> None:
        allowed = list(allowed)
        for key in self.data:
            if key not in allowed:
                shown = str(key)[:MOST_QUOTED] if isinstance(key, str | int) else type(key).__name__
                hint = difflib.get_close_matches(shown, allowed, n=1)
                extra = f" (did you mean '{hint[0]}'?)" if hint else f"; expected one of: {', '.join(allowed)}"
                self.report(self.where(shown), f"unknown field{extra}")

    def text(self, key: str, required: bool = True) -> str | None:
        """Text exactly as typed (NFC-normalised, trimmed), or None with a problem reported.

        A whole number from JSON is taken as its digits; a decimal number is
        refused, since 1.10 would come back as 1.1.
        """
        value = self.data.get(key)
        if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() < 128:
            value = str(value)
        if value is not None and not isinstance(value, str):
            self.report(self.where(key), f"expected text, got {kind_of(value)} (put it in quotes)")
            return None
        text = unicodedata.normalize("NFC", value or "").translate(_DROP).strip()
        if not text:
            if required:
                self.report(self.where(key), "required, but missing or empty")
            return None
        return self._printable(key, text)

    def _printable(self, key: str, text: str) -> str | None:
        controls = [c for c in text if unicodedata.category(c) == "Cc" and c not in "\n\t"]
        if controls:
            self.report(self.where(key), "contains control characters; remove them")
            return None
        hidden = [c for c in text if unicodedata.category(c) == "Cf" and c not in _JOINERS]
        if hidden:
            # Direction overrides and other invisible formatting can make a name print
            # differently from how it reads back; we shape and order text ourselves.
            found = describe_missing(list(dict.fromkeys(hidden)))
            self.report(self.where(key), f"contains invisible formatting characters: {found}; remove them")
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
            self.report(self.where(key), f"expected a list, got {kind_of(value)}")
            return ()
        items = []
        for index, item in enumerate(value, start=1):
            inner = Fields({"item": item}, "", lambda _f, m, i=index: self.report(f"{self.where(key)}[{i}]", m))
            text = inner.text("item")
            if text is not None:
                items.append(text)
        return tuple(items)

    def yes_no(self, key: str) -> bool | None:
        """true/false, yes/no or 1/0 (a spreadsheet's TRUE too); None when absent or empty."""
        value = self.data.get(key)
        if value is None or isinstance(value, bool):
            return value
        if isinstance(value, int) and value in (0, 1):
            return bool(value)
        if not isinstance(value, str):  # never stringified: a list or mapping may stand for billions of values
            self.report(self.where(key), f"expected yes or no (true/false), got {kind_of(value)}")
            return None
        text = value.strip().lower()
        if text == "":
            return None
        if text in _YES or text in _NO:
            return text in _YES
        self.report(self.where(key), f"expected yes or no (true/false), got {quoted(text)}")
        return None

    def date(self, key: str, required: bool = True) -> dt.date | None:
        value = self.data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.report(self.where(key), "required, but missing or empty")
            return None
        if isinstance(value, dt.date):  # a caller that built the data in Python
            return value
        if not isinstance(value, str):
            self.report(self.where(key), f"expected a date like {DATE_EXAMPLE}, got {kind_of(value)}")
            return None
        day, problem = parse_date(value, self.date_order)
        if problem:
            self.report(self.where(key), problem)
        return day

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


_YES = {"true", "yes", "y", "1"}
_NO = {"false", "no", "n", "0"}

# Zero-width (non-)joiners are part of how Persian, Arabic and Indic names are spelled.
_JOINERS = {"\u200c", "\u200d"}


MOST_QUOTED = 60  # characters of a bad value a message repeats; the rest is "…"


def quoted(text: str, limit: int = MOST_QUOTED) -> str:
    """A value for a message, in quotes and cut short: a message never carries a whole file's worth of text."""
    return f"'{text[:limit]}…'" if len(text) > limit else f"'{text}'"


def kind_of(value: Any) -> str:
    """What a wrong value is, in a few words; only text is quoted, and bounded."""
    if isinstance(value, bool):
        return f"the yes/no value {'yes' if value else 'no'}"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, str):
        return quoted(value)
    return type(value).__name__
