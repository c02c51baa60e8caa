"""Content past its review date: patient information is a controlled clinical document.

A handout whose `next_review` date has passed may be out of date clinically,
so runs refuse it unless told otherwise (the command line's `--allow-overdue`), and then every
page says "Review overdue". `today` is one function so tests can move the clock.
"""

from __future__ import annotations

import datetime as dt

from .errors import Problem
from .locale import format_date
from .models import Handout


def today() -> dt.date:
    return dt.date.today()


def is_overdue(handout: Handout) -> bool:
    return handout.meta.next_review < today()


def overdue_problem(handout: Handout) -> Problem | None:
    """Why this content may not be printed today, naming its file and field; None when it is in date."""
    if not is_overdue(handout):
        return None
    meta = handout.meta
    return Problem(
        handout.source,
        "metadata.next_review",
        f"{meta.title} ({meta.language}, version {meta.content_version}) was due for review on "
        f"{format_date(meta.next_review)}; ask {meta.owner} to review it",
        setting="allow_overdue",
    )
