"""The right-to-left handouts' test cases: each language's patient, their documents made once per test process,
and the readings every right-to-left handout is checked by (test_rtl_handouts.py and each language's own file)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from reportlab.lib.units import mm

from handout_engine.models import PageSetup
from pdftools import structure
from support import render_pdf

MARGIN = 18 * mm  # styles.margin
ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff]")  # Arabic and Urdu letters


@dataclass(frozen=True)
class Case:
    """One right-to-left language's test patient."""

    language: str
    name: str  # in the language's own script
    latin_name: str  # a Latin name on the same paper
    medicines: str
    notes: str
    words_a_sentence: int  # lint's measure for the language


CASES = {
    "ar": Case(
        "ar",
        "ليلى حداد",
        "Ann Lee-Smith",
        "باراسيتامول (Paracetamol) | 1 g | 4 مرات في اليوم | للألم | new;Codeine 30 mg",
        "اتصل بنا على 01632 960 418 إذا شعرت بألم جديد.",
        16,
    ),
    "ur": Case(
        "ur",
        "عائشہ خان",
        "Maximilian Alexander Fitzgerald-Worthington",
        "پیراسیٹامول (Paracetamol) | 1 g | دن میں 4 بار | درد کے لیے | new;Codeine 30 mg",
        "اگر نیا درد ہو تو ہمیں 01632 960 418 پر فون کریں۔",
        20,
    ),
}
_renders: dict[tuple, bytes] = {}


def made(language: str, document: str, paper: str = "a4", large: bool = False, name: str | None = None, **fields):
    """`document` for the language's patient (its name unless `name`), with medicines and notes; made once."""
    case = CASES[language]
    key = (language, document, paper, large, name, tuple(sorted(fields.items())))
    if key not in _renders:
        record = {"medications": case.medicines, "notes": case.notes, **fields}
        setup = PageSetup(paper, large)
        _renders[key] = render_pdf(document, setup=setup, name=name or case.name, language=language, **record)
    return _renders[key]


def nfc(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def actual_texts(pdf: bytes) -> set[str]:
    """What the tagged PDF says each element reads as (its ActualText, in reading order), read with pikepdf."""
    return {nfc(attrs["ActualText"]) for _d, _r, attrs in structure(pdf) if "ActualText" in attrs}


def leaflet_texts(handout) -> list[str]:
    """Every paragraph and list item of a handout's leaflet, as written."""
    texts = list(handout.leaflet.intro)
    for section in handout.leaflet.sections:
        for block in section.body:
            texts += [block.text] if block.kind == "text" else list(block.items)
    return texts + list(handout.leaflet.questions)
