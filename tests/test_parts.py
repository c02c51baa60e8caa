"""The consent form and discharge sheet replayed around the patient's own parts (layouts/parts.py) must print exactly
what a full layout of the same record prints, name only their own patient, and not depend on who came before."""

from __future__ import annotations

import re

import pytest

import handout_engine.render
from handout_engine.models import PageSetup
from pdftools import page_texts
from support import TWELVE_MEDICINES, render_pdf

pdfium = pytest.importorskip("pypdfium2")

LONG_NOTES = "\n".join(
    f"Line {n} of a long note: keep the dressing dry and clean until it is checked." for n in range(12)
)
# Records of every shape the parts take: two of each shape, so the second is replayed from the first's recording.
PATIENTS = [
    {"patient_id": "S-1", "name": "Ann Fox"},
    {"patient_id": "S-2", "name": "Bob Day"},  # the same shape as S-1: replayed
    {"patient_id": "S-3", "name": "Zoë O'Brien-Łukasz", "nhs_number": None, "ward": None, "clinician": None},
    {"patient_id": "S-4", "name": "Þórsdóttir Ærøskøbing", "nhs_number": None, "ward": None, "clinician": None},
    {"patient_id": "S-5", "name": "ليلى حداد", "medications": "none", "notes": None},  # a shaped name
    {"patient_id": "S-6", "name": "王秀英 Ελένη", "medications": "none", "notes": None},
    {"patient_id": "S-7", "name": "Alexandrina Featherstonehaugh-Cholmondeley Wolfeschlegelsteinhausenbergerdorff"},
    {"patient_id": "S-8", "name": "Ann Fox", "medications": TWELVE_MEDICINES, "notes": LONG_NOTES},  # runs over pages
    {"patient_id": "S-9", "name": "Cy Fox", "medications": TWELVE_MEDICINES, "notes": LONG_NOTES},
    {"patient_id": "S-10", "name": "Di Fox", "medications": None, "notes": None, "follow_up_date": None},
    {"patient_id": "S-11", "name": "Ed Fox", "medications": None, "notes": None, "follow_up_date": None},
    {"patient_id": "S-12", "name": "Flo Fox", "risks": "Bleeding: you bruise easily"},
]
SETUPS = [PageSetup(), PageSetup("letter", large_print=True)]


def pixels(pdf: bytes) -> list[bytes]:
    document = pdfium.PdfDocument(pdf)
    return [document[i].render(scale=1).to_pil().tobytes() for i in range(len(document))]


def forget_recordings() -> None:
    handout_engine.render._shapes.clear()
    handout_engine.render._recordings.clear()


def laid_out_in_full(monkeypatch) -> None:
    """Every document built from the patient's sheet, as before the parts were recorded."""
    monkeypatch.setattr(handout_engine.render, "replays_parts", lambda *_args: False)


@pytest.mark.slow
@pytest.mark.parametrize("setup", SETUPS, ids=["a4", "letter-large"])
@pytest.mark.parametrize("document", ["consent", "discharge"])
def test_replayed_around_the_parts_looks_exactly_like_a_full_layout(monkeypatch, document, setup):
    """Word for word and pixel for pixel, for every shape of the parts: missing fields, long and shaped names,
    medicines and notes running over pages; each made twice, the second time replayed."""
    forget_recordings()
    replayed = [render_pdf(document, setup=setup, **patient) for patient in PATIENTS + PATIENTS]
    assert handout_engine.render._shapes  # the parts were recorded (and so replayed)
    laid_out_in_full(monkeypatch)
    full = [render_pdf(document, setup=setup, **patient) for patient in PATIENTS]
    for patient, first, again, plain in zip(PATIENTS, replayed, replayed[len(PATIENTS) :], full, strict=False):
        assert first == again, patient["patient_id"]  # made the same way whether recorded or replayed
        assert page_texts(first) == page_texts(plain), patient["patient_id"]
        assert pixels(first) == pixels(plain), patient["patient_id"]


@pytest.mark.parametrize("document", ["consent", "discharge"])
def test_a_document_is_the_same_whoever_came_before(document):
    """Byte for byte, whichever patient's copy recorded the shape a patient's copy is replayed from."""
    forget_recordings()
    forwards = {p["patient_id"]: render_pdf(document, **p) for p in PATIENTS}
    forget_recordings()
    backwards = {p["patient_id"]: render_pdf(document, **p) for p in reversed(PATIENTS)}
    assert forwards == backwards


@pytest.mark.parametrize("document", ["consent", "discharge"])
def test_a_replayed_document_names_only_its_own_patient(document):
    forget_recordings()
    for patient in PATIENTS + PATIENTS:
        text = "\n".join(page_texts(render_pdf(document, **patient)))
        assert set(re.findall(r"\bS-\d+\b", text)) == {patient["patient_id"]}
        long_lists = patient.get("medications") == TWELVE_MEDICINES
        assert ("Warfarin" in text) == (long_lists and document == "discharge")
        assert ("Line 11 of a long note" in text) == (long_lists and document == "discharge")


def test_parts_are_made_only_from_the_patients_sheet():
    """The recorded body outside the parts holds none of the patient's values: a recording made from one
    patient, replayed for another of the same shape, prints the other's details only."""
    forget_recordings()
    render_pdf("discharge", patient_id="S-1", name="Ann Fox", ward="Ward 7", clinician="Dr Priya Raman")
    text = "\n".join(page_texts(render_pdf("discharge", patient_id="S-2", name="Bob Day", ward="Ward 8")))
    assert sum(len(shapes) for shapes in handout_engine.render._shapes.values()) == 1  # S-2 was replayed
    for theirs in ("Bob Day", "Ward 8", "S-2"):
        assert theirs in text
    for others in ("Ann Fox", "Ward 7", "S-1"):
        assert others not in text


@pytest.mark.parametrize("document", ["leaflet", "consent", "discharge"])
def test_the_body_recorded_for_every_patient_keeps_no_patients_words_whole(monkeypatch, document):
    """The recording is replayed for every later patient, so it is made with no record's names kept whole
    (text/words.py): otherwise a Thai or Chinese body's line breaks would depend on who came first."""
    import handout_engine.text.words as words

    seen = []
    build = handout_engine.render.BUILDERS[document]

    def watching(sheet, *args):
        seen.append((sheet.label.name, words._kept.get()))
        return build(sheet, *args)

    monkeypatch.setitem(handout_engine.render.BUILDERS, document, watching)
    forget_recordings()
    render_pdf(document, patient_id="K-1", name="ศรีสุดา ทองดี")
    assert seen[0] == ("", ())  # the first build is the recording, from no patient and with no words kept


THAI_NAMES = ["สมชาย ใจดี", "สมหญิง แสงทอง", "ประเสริฐ ศรีสุข", "วิไล บุญเรือง", "สุนทร ทองคำ", "มาลี มั่นคง"]


def test_names_kept_whole_cannot_grow_the_recordings_without_bound(monkeypatch):
    """Each Thai (Lao, Khmer, Burmese) name is a key of its own, since it changes where the content's lines may
    break: without a bound on all the recordings together, memory grew with every such patient. Dropped ones
    are recorded again when met, and print the same."""
    monkeypatch.setattr(handout_engine.render, "MAX_SHAPES_KEPT", 3)
    forget_recordings()
    kept = []
    for n, name in enumerate(THAI_NAMES * 2):
        kept.append(render_pdf("discharge", patient_id=f"T-{n % len(THAI_NAMES)}", name=name))
        assert sum(len(shapes) for shapes in handout_engine.render._shapes.values()) <= 3
    assert len(handout_engine.render._shapes) <= 3
    assert kept[: len(THAI_NAMES)] == kept[len(THAI_NAMES) :]  # made again after being dropped: the same bytes
    forget_recordings()
    fresh = [render_pdf("discharge", patient_id=f"T-{n}", name=name) for n, name in enumerate(THAI_NAMES)]
    assert fresh == kept[: len(THAI_NAMES)]
