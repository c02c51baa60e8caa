"""Handout content: a parsed YAML file -> Handout, every problem named by its field path."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ..errors import ContentError, Problem
from ..models import (
    AdviceGroup,
    Alternative,
    Anaesthesia,
    Block,
    Consent,
    Discharge,
    Frequency,
    GlossaryEntry,
    Handout,
    HandoutMeta,
    Leaflet,
    Risk,
    Section,
)
from ..placeholders import placeholder_problems
from .fields import Fields, quoted

# "1 in 20"; Spanish "1 de cada 20"; Arabic "1 من كل 20"; Chinese "1/20" (written so its figures come in the English
# order); Urdu "20 میں سے 1" ("of 20, 1": Urdu's own order, which lint turns round before comparing with the English)
RISK_NUMBERS = re.compile(r"\d[\d,.]* (in|de cada|من كل) [\d,.]*\d|\d/[\d,.]*\d|\d[\d,.]* میں سے [\d,.]*\d")


def validate_handout(data: Any, source: str) -> Handout:
    """Turn a parsed content file into a Handout, or raise ContentError listing every problem."""
    problems: list[Problem] = []

    def report(field: str, message: str) -> None:
        problems.append(Problem(source, field, message))

    top = Fields(data, "", report)
    top.refuse_unknown(["$schema", "metadata", "glossary", "leaflet", "consent", "discharge"])
    meta = _meta(top.mapping("metadata"), report)
    glossary = []
    if "glossary" in top.data:
        for entry in top.mappings("glossary"):
            entry.refuse_unknown(["term", "meaning"])
            glossary.append(GlossaryEntry(term=entry.one_line("term"), meaning=entry.text("meaning")))
    leaflet = _leaflet(top.mapping("leaflet"))
    consent = _consent(top.mapping("consent"))
    discharge = _discharge(top.mapping("discharge"))
    if problems:
        raise ContentError(problems)
    handout = Handout(
        meta=meta, leaflet=leaflet, consent=consent, discharge=discharge, source=source, glossary=tuple(glossary)
    )
    for problem in placeholder_problems(handout):
        report(*problem)
    if problems:
        raise ContentError(problems)
    return handout


def _meta(f: Fields | None, report: Callable[[str, str], None]) -> HandoutMeta | None:
    if f is None:
        return None
    keys = ["id", "title", "subtitle", "language", "content_version", "owner", "last_reviewed", "next_review"]
    f.refuse_unknown([*keys, "reference", "sources", "reading_grade_target", "clinically_reviewed", "translated_from"])
    given = f.data.get("reading_grade_target", 8)
    try:
        target = float(given) if not isinstance(given, bool) else 0.0
    except (TypeError, ValueError):
        target = 0.0
    if not 1 <= target <= 16:
        report(f.where("reading_grade_target"), f"expected a school grade from 1 to 16, like 8, got {given!r}")
        target = 8.0
    reviewed = f.data.get("clinically_reviewed", True)
    if not isinstance(reviewed, bool):
        report(f.where("clinically_reviewed"), f"expected true or false, got {reviewed!r}")
        reviewed = True
    meta = HandoutMeta(
        id=f.one_line("id"),
        title=f.one_line("title"),
        subtitle=f.one_line("subtitle"),
        language=f.one_line("language"),
        content_version=f.one_line("content_version"),
        reference=f.one_line("reference", required=False, max_length=40),
        owner=f.one_line("owner"),
        last_reviewed=f.date("last_reviewed"),
        next_review=f.date("next_review"),
        sources=f.texts("sources"),
        reading_grade_target=target,
        clinically_reviewed=reviewed,
        translated_from=f.one_line("translated_from", required=False),
    )
    if meta.last_reviewed and meta.next_review and meta.next_review <= meta.last_reviewed:
        report(f.where("next_review"), "must be after last_reviewed")
    return meta


def _blocks(f: Fields, key: str) -> tuple[Block, ...]:
    """A section body: strings are paragraphs; {bullets: [...]} and {steps: [...]} are lists."""
    value = f.data.get(key)
    if not isinstance(value, list) or not value:
        f.report(f.where(key), "required: expected a list of paragraphs and lists")
        return ()
    blocks = []
    for index, item in enumerate(value, start=1):
        where = f"{f.where(key)}[{index}]"
        if isinstance(item, str):
            text = Fields({"text": item}, "", lambda _k, m, w=where: f.report(w, m)).text("text")
            if text:
                blocks.append(Block("text", text=" ".join(text.split())))
            continue
        inner = Fields(item, where, f.report)
        inner.refuse_unknown(["bullets", "steps"])
        kinds = [k for k in ("bullets", "steps") if k in inner.data]
        if len(kinds) != 1:
            f.report(where, "expected a paragraph of text, or one of 'bullets:' or 'steps:' with a list")
            continue
        blocks.append(Block(kinds[0], items=inner.texts(kinds[0])))
    return tuple(blocks)


def _leaflet(f: Fields | None) -> Leaflet | None:
    if f is None:
        return None
    f.refuse_unknown(["intro", "sections", "questions"])
    sections = []
    for s in f.mappings("sections"):
        s.refuse_unknown(["heading", "body"])
        sections.append(Section(heading=s.one_line("heading"), body=_blocks(s, "body")))
    return Leaflet(intro=f.texts("intro"), sections=tuple(sections), questions=f.texts("questions"))


def _consent(f: Fields | None) -> Consent | None:
    if f is None:
        return None
    f.refuse_unknown(
        ["procedure", "explanation", "benefits", "risks", "extra_procedures", "alternatives", "anaesthesia"]
    )
    risks = []
    for r in f.mappings("risks"):
        r.refuse_unknown(["risk", "frequency", "numbers", "meaning"])
        word = r.one_line("frequency")
        frequency = None
        if word is not None:
            try:
                frequency = Frequency(word.lower())
            except ValueError:
                choices = ", ".join(item.value for item in Frequency)
                r.report(r.where("frequency"), f"expected one of: {choices}; got {quoted(word)}")
        numbers = r.one_line("numbers")
        if numbers and frequency is not Frequency.NOT_KNOWN and not RISK_NUMBERS.search(numbers):
            r.report(r.where("numbers"), f"expected a figure like 'up to 1 in 100', got {quoted(numbers)}")
        risks.append(Risk(risk=r.one_line("risk"), frequency=frequency, numbers=numbers, meaning=r.text("meaning")))
    alternatives = []
    for a in f.mappings("alternatives"):
        a.refuse_unknown(["option", "detail"])
        alternatives.append(Alternative(option=a.one_line("option"), detail=a.text("detail")))
    anaesthesia = None
    a = f.mapping("anaesthesia")
    if a is not None:
        a.refuse_unknown(["options", "explanation"])
        anaesthesia = Anaesthesia(options=a.texts("options"), explanation=a.texts("explanation"))
    return Consent(
        procedure=f.one_line("procedure"),
        explanation=f.texts("explanation"),
        benefits=f.texts("benefits"),
        risks=tuple(risks),
        extra_procedures=f.texts("extra_procedures"),
        alternatives=tuple(alternatives),
        anaesthesia=anaesthesia,
    )


def _discharge(f: Fields | None) -> Discharge | None:
    if f is None:
        return None
    f.refuse_unknown(["title", "intro", "advice", "call_clinic", "call_emergency", "follow_up"])
    advice = []
    for g in f.mappings("advice"):
        g.refuse_unknown(["heading", "items"])
        advice.append(AdviceGroup(heading=g.one_line("heading"), items=g.texts("items")))
    return Discharge(
        title=f.one_line("title"),
        intro=f.texts("intro"),
        advice=tuple(advice),
        call_clinic=f.texts("call_clinic"),
        call_emergency=f.texts("call_emergency"),
        follow_up=f.texts("follow_up"),
    )
