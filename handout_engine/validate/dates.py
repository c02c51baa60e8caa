"""Dates as exports write them, read one way only, or refused.

Year-month-day (1950-03-03) is always read, and so is a date-time whose time
is zero (`1950-03-03 00:00:00`, `1950-03-03T00:00`: how Excel and many
exports write a date). A date with its month as a word (`3 Mar 1950`,
`03-Mar-1950`, `March 3, 1950`) can be read only one way, so it is read too.
A date of numbers with `/`, `.` or `-` (03/04/1950) is read only when the
file says which comes first, the day (`dmy`, as in the UK) or the month
(`mdy`, as in the US): read the wrong way, a date of birth is another
patient's. Two-digit years are refused: 03/03/50 could be 1950 or 2050.
"""

from __future__ import annotations

import datetime as dt
import re

from ..locale import MONTHS

ORDERS = ("dmy", "mdy")
EARLIEST_YEAR = 1880  # before this, a date is a typing slip ("0950" for "1950"), not a birth date
EXAMPLE = "1950-03-03 (year-month-day)"
_ZERO_TIME = r"(?:[ T]00:00(?::00(?:\.0+)?)?(?:Z|[+-]00:?00)?)?"
_ISO = re.compile(rf"^(\d{{4}})-(\d{{2}})-(\d{{2}}){_ZERO_TIME}$")
_NUMERIC = re.compile(rf"^(\d{{1,2}})([/.\-])(\d{{1,2}})\2(\d{{2,4}}){_ZERO_TIME}$")
_MONTH_WORDS = {name.lower(): number for number, name in enumerate(MONTHS, start=1)}
_MONTH_WORDS.update({name[:3].lower(): number for number, name in enumerate(MONTHS, start=1)})
_MONTH_WORDS["sept"] = 9
_DAY_MONTH = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?[\s\-/.]+([A-Za-z]+)\.?,?[\s\-/.]+(\d{2,4})$")
_MONTH_DAY = re.compile(r"^([A-Za-z]+)\.?[\s\-/.]+(\d{1,2})(?:st|nd|rd|th)?,?[\s\-/.]+(\d{2,4})$")


def parse_date(text: str, order: str | None = None) -> tuple[dt.date | None, str | None]:
    """(date, None), or (None, why not) in words a clinic can act on."""
    text = text.strip()
    iso = _ISO.match(text)
    if iso:
        made = _made(int(iso[1]), int(iso[2]), int(iso[3]), text)
        return made if made[0] else (None, f"expected a date like {EXAMPLE}, got '{text[:40]}'")
    numeric = _NUMERIC.match(text)
    if numeric:
        first, _, second, year = numeric.groups()
        if order not in ORDERS:
            return None, (
                f"'{text}' can be read two ways (day or month first): pass --date-order dmy (day first, as in the UK) "
                f"or mdy (month first, as in the US), or write it as {EXAMPLE}"
            )
        day, month = (first, second) if order == "dmy" else (second, first)
        return _made(_year(year), int(month), int(day), text)
    worded = _DAY_MONTH.match(text) or _MONTH_DAY.match(text)
    if worded:
        if worded.re is _DAY_MONTH:
            day, word, year = worded.groups()
        else:
            word, day, year = worded.groups()
        month = _MONTH_WORDS.get(word.lower())
        if month:
            return _made(_year(year), month, int(day), text)
    return None, f"expected a date like {EXAMPLE}, got '{text[:40]}'"


def _year(text: str) -> int:
    return int(text) if len(text) == 4 else -1  # two digits: which century is a guess


def _made(year: int, month: int, day: int, text: str) -> tuple[dt.date | None, str | None]:
    if year == -1:
        return None, f"'{text[:40]}' has a two-digit year; write the year in full (1950, not 50)"
    try:
        made = dt.date(year, month, day)
    except ValueError:
        return None, f"'{text[:40]}' is not a date in the calendar (day {day} of month {month}, {year})"
    if made.year < EARLIEST_YEAR:
        return None, f"expected a date like {EXAMPLE}, got '{text[:40]}' (year {year} is too early)"
    return made, None
