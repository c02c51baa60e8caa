"""A recorded body's structure elements and the bookmarks are formatted once per process (layouts/templates.py,
layouts/outline.py). Every document must still come out byte for byte as when each element is made for it alone,
whichever patients came before it in the process, and the templates kept must hold none of a patient's words."""

from __future__ import annotations

import subprocess
import sys

import pytest
from reportlab.pdfbase.pdfdoc import PDFOutlines

import handout_engine.render
import layouts.paged_canvas
from handout_engine.models import PageSetup
from layouts import outline, structure, templates
from pdftools import structure as structure_of
from support import ROOT, TWELVE_MEDICINES, render_pdf

LONG_NOTES = "\n".join(f"Line {n}: keep the dressing dry and clean until the nurse checks it." for n in range(12))
# Parts of every shape: a box left to write in instead of a date (later MCIDs shift), lists and notes over pages,
# a shaped name (a Span with its own Lang and ActualText), a long name; the second of a shape is replayed.
PATIENTS = [
    {"patient_id": "T-1", "name": "Ann Fox"},
    {"patient_id": "T-2", "name": "Bob Day", "follow_up_date": None, "medications": None, "notes": None},
    {"patient_id": "T-3", "name": "Cy Fox", "medications": TWELVE_MEDICINES, "notes": LONG_NOTES},
    {"patient_id": "T-4", "name": "ليلى حداد", "nhs_number": None, "ward": None},
    {"patient_id": "T-5", "name": "Alexandrina Featherstonehaugh-Cholmondeley Wolfeschlegelsteinhausenbergerdorff"},
    {"patient_id": "T-6", "name": "Di Fox", "follow_up_date": None, "medications": None, "notes": None},
    {"patient_id": "T-7", "name": "Ed Fox", "medications": TWELVE_MEDICINES, "notes": LONG_NOTES},
]
# A right-to-left document and large print on Letter, made in the same process as the others.
OTHERS = [
    ({"patient_id": "T-8", "name": "ليلى حداد", "language": "ar"}, PageSetup()),
    ({"patient_id": "T-9", "name": "Ann Fox", "language": "ar"}, PageSetup("letter", large_print=True)),
    ({"patient_id": "T-10", "name": "王秀英", "language": "zh"}, PageSetup("letter", large_print=True)),
    ({"patient_id": "T-11", "name": "Bob Day"}, PageSetup("letter", large_print=True)),
]
CASES = [(document, patient, PageSetup()) for document in ("leaflet", "consent", "discharge") for patient in PATIENTS]
CASES += [(document, patient, setup) for document in ("leaflet", "consent", "discharge") for patient, setup in OTHERS]


def forget_everything() -> None:
    """As in a fresh process: no recorded bodies, no shapes of parts, no templates."""
    handout_engine.render._shapes.clear()
    handout_engine.render._recordings.clear()
    templates._templates.clear()
    outline._templates.clear()


def made(document: str, patient: dict, setup: PageSetup) -> bytes:
    return render_pdf(document, setup=setup, **patient)


@pytest.mark.slow
def test_templated_elements_are_the_bytes_each_document_made_alone_has(monkeypatch):
    """Each document made after all the others in one process (forwards, then backwards, so every one is made
    both from fresh templates and from kept ones), against the same document made alone with every element
    formatted for it: the same bytes."""
    forget_everything()
    together = [made(*case) for case in CASES]
    again = [made(*case) for case in reversed(CASES)][::-1]
    assert any(template.kept for template in templates._templates.values())
    monkeypatch.setattr(structure, "templated", lambda *_args: None)  # every element made for its document
    for case, first, second in zip(CASES, together, again, strict=True):
        forget_everything()
        alone = made(*case)
        name = f"{case[0]} {case[1]['patient_id']}"
        assert first == alone, name
        assert second == alone, name


def test_a_replayed_document_reuses_every_kept_template(monkeypatch):
    """The second copy of a shape makes no template of a recorded body again (only the patient's own parts)."""
    forget_everything()
    for document in ("leaflet", "consent", "discharge"):
        made(document, PATIENTS[2], PageSetup())
    kept_made = []
    real = templates._template

    def watched(*args):
        template = real(*args)
        kept_made.append(template.kept)
        return template

    monkeypatch.setattr(templates, "_template", watched)
    for document in ("leaflet", "consent", "discharge"):
        made(document, {**PATIENTS[2], "patient_id": "T-99", "date_of_birth": "1961-07-30"}, PageSetup())
    assert not any(kept_made)  # at most the band and the parts, made anew; nothing recorded


def test_the_templates_kept_hold_none_of_the_patients_words():
    """A shaped name is written into its element (/ActualText): the templates kept for the process never hold it."""
    forget_everything()
    name = "ليلى حداد"
    for document in ("leaflet", "consent", "discharge"):
        pdf = made(document, {"patient_id": "T-4", "name": name}, PageSetup())
        assert any(attrs.get("ActualText") == name for _depth, _role, attrs in structure_of(pdf)), document
    written = name.encode("utf-16-be")
    assert any(not template.kept for template in templates._templates.values())  # the parts' shapes are kept too
    for template in templates._templates.values():
        assert template.kept or template.paths == ()  # kept by its shape: no node of a patient's kept alive
        assert b"T-4" not in template.form
        assert written not in _unescaped(template.form)
    assert outline._templates  # the recorded bodies' bookmarks
    for kept in outline._templates.values():
        assert written not in _unescaped(kept.form)


def _unescaped(form: bytes) -> bytes:
    """A template's PDF strings with ReportLab's octal escapes undone, so UTF-16 text can be searched."""
    out, i = bytearray(), 0
    while i < len(form):
        if form[i : i + 1] == b"\\" and form[i + 1 : i + 4].isdigit():
            out.append(int(form[i + 1 : i + 4], 8))
            i += 4
        elif form[i : i + 1] == b"\\":
            out.append(form[i + 1])
            i += 2
        else:
            out.append(form[i])
            i += 1
    return bytes(out)


@pytest.mark.parametrize("language", ["en", "ar", "zh", "bn"])
def test_bookmarks_formatted_at_once_are_reportlabs_own_bytes(monkeypatch, language):
    """Nested headings (H1 > H2 > H3, with /Count), titles outside PDFDocEncoding (UTF-16): the same file as
    when ReportLab makes the outline itself (its destinations, tree and formatter)."""
    forget_everything()
    noted = []
    real = outline.outline_template
    monkeypatch.setattr(outline, "outline_template", lambda headings: noted.append(headings) or real(headings))
    fast = [made(document, {"language": language}, PageSetup()) for document in ("leaflet", "consent")]
    assert len(noted) == 2
    assert any(heading.level == 2 for heading in noted[0])  # an H3 under an H2 under the H1
    monkeypatch.setattr(layouts.paged_canvas, "FormattedOutlines", PDFOutlines)  # ReportLab's own outline
    forget_everything()
    assert [made(document, {"language": language}, PageSetup()) for document in ("leaflet", "consent")] == fast


@pytest.mark.slow
def test_a_document_made_after_others_is_the_one_a_fresh_process_makes():
    """The consent form and discharge sheet of a patient whose parts shift later MCIDs, made here after other
    patients, and in a new process as its first document: the same bytes."""
    forget_everything()
    for patient in PATIENTS[:3]:
        for document in ("consent", "discharge"):
            made(document, patient, PageSetup())
    here = b"".join(made(document, PATIENTS[5], PageSetup()) for document in ("consent", "discharge"))
    script = (
        "import sys; sys.path[:0] = ['tests', '.']\n"
        "from support import render_pdf\n"
        f"patient = {PATIENTS[5]!r}\n"
        "sys.stdout.buffer.write(b''.join(render_pdf(d, **patient) for d in ('consent', 'discharge')))\n"
    )
    fresh = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, check=True).stdout
    assert fresh == here
