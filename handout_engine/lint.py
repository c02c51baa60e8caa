"""`generate.py lint`: is the content readable, complete and safe to fill in?

For each section of a handout: a reading measure that fits its language
(readability.reading_measure: Flesch-Kincaid grade for English, against
metadata.reading_grade_target, default 8; average sentence length in words,
at most 20, for other spaced languages, and in characters, at most 25, for
Chinese and Japanese), its longest sentences, and (English) the long words it
uses that the glossary does not define. Sections above the target are
listed, and the exit status is 1. A translation must have every section, list item and risk the
English has, and its language a table of printed labels. Placeholders naming
unknown record fields are refused when the content is loaded (placeholders.py).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .catalog import handout_languages, read_handout_file
from .errors import EXIT_MADE, EXIT_REFUSED, EXIT_SOME_FAILED, HandoutError, InputError, Problem
from .locale import LABELS
from .models import Handout
from .paths import HANDOUTS
from .placeholders import placeholders_in
from .readability import long_words, reading_measure, words


@dataclass
class SectionReading:
    name: str
    grade: float | None  # the language's reading measure: a grade, or words or characters a sentence
    longest: list[str]
    unexplained: list[str]  # words of more than three syllables that the glossary does not define


@dataclass
class LintReport:
    source: str
    language: str
    target: float
    unit: str = "grade"  # readability.ReadingMeasure.unit
    sections: list[SectionReading] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)

    @property
    def over_target(self) -> list[SectionReading]:
        return [s for s in self.sections if s.grade is not None and s.grade > self.target]

    @property
    def passed(self) -> bool:
        return not self.errors and not self.over_target


def sections_of(handout: Handout) -> list[tuple[str, list[str]]]:
    """Every part a reader reads, as (name, paragraphs and list items)."""
    leaflet, consent, discharge = handout.leaflet, handout.consent, handout.discharge
    found = [("leaflet: introduction", list(leaflet.intro))]
    for section in leaflet.sections:
        texts = []
        for block in section.body:
            texts += [block.text] if block.kind == "text" else list(block.items)
        found.append((f"leaflet: {section.heading}", texts))
    found.append(("leaflet: questions", list(leaflet.questions)))
    found.append(("consent: explanation", list(consent.explanation)))
    found.append(("consent: benefits", list(consent.benefits)))
    found.append(("consent: risks", [f"{r.risk}. {r.meaning}" for r in consent.risks]))
    found.append(("consent: other procedures", list(consent.extra_procedures)))
    found.append(("consent: alternatives", [f"{a.option}. {a.detail}" for a in consent.alternatives]))
    found.append(("consent: anaesthesia", list(consent.anaesthesia.explanation)))
    found.append(("discharge: introduction", list(discharge.intro)))
    found += [(f"discharge: {group.heading}", list(group.items)) for group in discharge.advice]
    found.append(("discharge: when to ring the clinic", list(discharge.call_clinic)))
    found.append(("discharge: when to call an ambulance", list(discharge.call_emergency)))
    found.append(("discharge: follow-up", list(discharge.follow_up)))
    if handout.glossary:
        found.append(("glossary", [entry.meaning for entry in handout.glossary]))
    return found


def lint_handout(handout: Handout, english: Handout | None = None) -> LintReport:
    """Readability of every section; for a translation, what it lacks next to `english`."""
    meta = handout.meta
    scale = reading_measure(meta.language)
    target = meta.reading_grade_target if scale.target is None else scale.target
    report = LintReport(handout.source, meta.language, target, scale.unit)
    defined = {word.lower() for entry in handout.glossary for word in words(entry.term)}
    in_english = scale.target is None
    for name, texts in sections_of(handout):
        # Syllables are counted the English way: long words are listed for English only.
        listed = in_english and name != "glossary"
        unexplained = [w for w in long_words(texts) if w not in defined] if listed else []
        score = round(scale.score(texts), 1)
        report.sections.append(SectionReading(name, score, scale.longest(texts), unexplained))
    if meta.language not in LABELS:
        report.errors.append(
            Problem(
                handout.source,
                "metadata.language",
                f"no printed labels for '{meta.language}' (handout_engine/locale.py)",
            )
        )
    if english is not None and english is not handout:
        report.errors += [Problem(handout.source, path, message) for path, message in missing_parts(handout, english)]
    return report


def missing_parts(translation: Handout, english: Handout) -> list[tuple[str, str]]:
    """Where a translation has fewer sections, items or risks than the English it translates."""
    problems = []

    def compare(path: str, ours, theirs) -> None:
        if len(ours) < len(theirs):
            problems.append((path, f"has {len(ours)} of the English's {len(theirs)}: a part is missing"))
        elif len(ours) > len(theirs):
            problems.append((path, f"has {len(ours)} where the English has {len(theirs)}"))

    ours, theirs = translation, english
    compare("leaflet.intro", ours.leaflet.intro, theirs.leaflet.intro)
    compare("leaflet.sections", ours.leaflet.sections, theirs.leaflet.sections)
    for n, (a, b) in enumerate(zip(ours.leaflet.sections, theirs.leaflet.sections, strict=False), start=1):
        compare(f"leaflet.sections[{n}].body", a.body, b.body)
        for m, (x, y) in enumerate(zip(a.body, b.body, strict=False), start=1):
            if x.kind != y.kind:
                problems.append((f"leaflet.sections[{n}].body[{m}]", f"is {x.kind} where the English has {y.kind}"))
            else:
                compare(f"leaflet.sections[{n}].body[{m}]", x.items, y.items)
    compare("leaflet.questions", ours.leaflet.questions, theirs.leaflet.questions)
    for part in ("explanation", "benefits", "risks", "extra_procedures", "alternatives"):
        compare(f"consent.{part}", getattr(ours.consent, part), getattr(theirs.consent, part))
    compare("consent.anaesthesia.options", ours.consent.anaesthesia.options, theirs.consent.anaesthesia.options)
    for n, (a, b) in enumerate(zip(ours.consent.risks, theirs.consent.risks, strict=False), start=1):
        if _figures(a.numbers) != _figures(b.numbers):  # a risk's figures must survive translation exactly
            message = f"has {', '.join(_figures(a.numbers))} where the English has {', '.join(_figures(b.numbers))}"
            problems.append((f"consent.risks[{n}].numbers", message))
        if a.frequency != b.frequency:
            message = f"is '{a.frequency.value}'; the English says '{b.frequency.value}'"
            problems.append((f"consent.risks[{n}].frequency", message))
    compare("discharge.advice", ours.discharge.advice, theirs.discharge.advice)
    for n, (a, b) in enumerate(zip(ours.discharge.advice, theirs.discharge.advice, strict=False), start=1):
        compare(f"discharge.advice[{n}].items", a.items, b.items)
    for part in ("intro", "call_clinic", "call_emergency", "follow_up"):
        compare(f"discharge.{part}", getattr(ours.discharge, part), getattr(theirs.discharge, part))
    if placeholders_in(translation) != placeholders_in(english):
        ours_names, theirs_names = sorted(placeholders_in(translation)), sorted(placeholders_in(english))
        problems.append(("", f"uses placeholders {ours_names}; the English uses {theirs_names}"))
    return problems


def _figures(text: str) -> list[str]:
    """The numbers in a text, thousands separators dropped: '1 de cada 1.000' and '1 in 1,000' both give 1, 1000.

    Urdu says a risk as "1,000 میں سے 1" ("of 1,000, 1"): its two figures are read in the English order (1, 1000),
    so a figure swapped or dropped in translation is still found.
    """
    text = _URDU_RATIO.sub(r"\2 in \1", text)
    return [re.sub(r"[.,](?=\d{3}\b)", "", figure) for figure in re.findall(r"\d[\d.,]*\d|\d", text)]


_URDU_RATIO = re.compile(r"(\d[\d.,]*) میں سے (\d[\d.,]*)")


def describe_lint(report: LintReport) -> list[str]:
    """The report as lines for a terminal."""
    scale = reading_measure(report.language)
    target = f"target grade {report.target:g}" if report.unit == "grade" else f"at most {report.target:g} {report.unit}"
    lines = [f"{report.source} ({report.language}, {target})"]
    for section in report.sections:
        grade = f"{section.grade:4.1f}" if section.grade is not None else "   -"
        flag = "  <- above the target" if section.grade is not None and section.grade > report.target else ""
        lines.append(f"  {grade}  {section.name}{flag}")
    longest = sorted((s for section in report.sections for s in section.longest), key=lambda s: -scale.length(s))[:3]
    unit = "characters" if report.unit == "characters a sentence" else "words"
    if longest:
        lines.append("  Longest sentences:")
        lines += [f"    ({scale.length(s)} {unit}) {s}" for s in longest]
    unexplained = sorted({w for section in report.sections for w in section.unexplained})
    if unexplained:
        lines.append(f"  Long words the glossary does not define: {', '.join(unexplained)}")
    lines += [f"  Error: {problem}" for problem in report.errors]
    if report.passed:
        lines.append("  OK")
    else:
        over = len(report.over_target)
        above = f"grade {report.target:g}" if report.unit == "grade" else f"{report.target:g} {report.unit}"
        lines.append(f"  {over} section(s) above {above}; {len(report.errors)} error(s)")
    return lines


@dataclass
class LintRun:
    """`lint` over several files: a report for each file that could be read, the problems of those that could not."""

    reports: list[LintReport] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def exit_status(self) -> int:
        """A file that cannot be read is refused, as `validate` refuses it; text above its target fails."""
        if self.problems:
            return EXIT_REFUSED
        return EXIT_MADE if all(report.passed for report in self.reports) else EXIT_SOME_FAILED


def lint_files(names: Sequence[str]) -> LintRun:
    """Lint handouts by id (every language of it) or content files by path; with no names, every shipped handout.

    Raises InputError for a name that is neither a handout nor a content file.
    """
    languages = handout_languages()
    files: list[Path] = []
    for name in names or sorted(languages):
        if name.endswith((".yaml", ".yml")):
            files.append(Path(name))
        elif name in languages:
            files += [HANDOUTS / name / f"{language}.yaml" for language in languages[name]]
        else:
            known = ", ".join(sorted(languages))
            raise InputError([Problem(name, "", f"no handout '{name}'; we have: {known}")])
    run = LintRun()
    for file in files:
        try:
            handout = read_handout_file(file)
            english_file = file.parent / "en.yaml"
            english = read_handout_file(english_file) if file.name != "en.yaml" and english_file.exists() else None
        except HandoutError as error:
            run.problems += error.problems
            continue
        run.reports.append(lint_handout(handout, english))
    return run
