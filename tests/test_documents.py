"""The PDFs, read back as a person would read the paper: who it is for, on every page, and what it says."""

from __future__ import annotations

import io
import re

import pdfplumber
import pytest

from handout_engine.catalog import load_handout
from pdftools import fonts, joined, metadata, page_count, page_texts
from support import DOCUMENTS, NAME, make_patient

HANDOUT = load_handout("kyphoplasty", "en")


@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_page_identifies_the_patient(sample_pdfs, document):
    """A page that falls out of the pile still names its patient, and shows which page of how many it is."""
    pages = page_texts(sample_pdfs[document])
    assert len(pages) == page_count(sample_pdfs[document]) >= 2
    for number, text in enumerate(pages, start=1):
        assert NAME in text, f"page {number}"
        assert "Date of birth: 3 March 1950" in text, f"page {number}"
        assert "Patient ID: P-0042" in text, f"page {number}"
        assert "NHS number: 999 000 0042" in text, f"page {number}"
        assert f"Page {number} of {len(pages)}" in text, f"page {number}"
        assert len(re.findall(r"Page \d+ of \d+", text)) == 1, f"page {number}"


@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_page_shows_content_version_and_review_dates(sample_pdfs, document):
    for number, text in enumerate(page_texts(sample_pdfs[document]), start=1):
        assert "Version 1.0" in text, f"page {number}"
        assert "Last reviewed 1 November 2026" in text, f"page {number}"
        assert "Next review 1 November 2029" in text, f"page {number}"


def test_nhs_number_is_left_out_when_not_given(render):
    """A record without an NHS number still prints, with its other identifiers on every page."""
    pages = page_texts(render("discharge", nhs_number=None))
    assert all("NHS number:" not in text and "Patient ID: P-0042" in text for text in pages)


def test_leaflet_has_every_heading_and_the_questions(sample_pdfs):
    text = " ".join(page_texts(sample_pdfs["leaflet"]))
    assert text.startswith("Northbrook General Hospital Spinal Interventions Unit")
    assert "Balloon kyphoplasty information for patients" in text
    for section in HANDOUT.leaflet.sections:
        assert section.heading in text
    assert "Questions you may want to ask" in text
    for question in HANDOUT.leaflet.questions:
        assert question in text
    assert "01632 960 418" in text


def test_leaflet_says_how_long_and_what_it_treats(sample_pdfs):
    """Spot-check facts a patient asks about, in the words the content uses."""
    text = " ".join(page_texts(sample_pdfs["leaflet"]))
    assert "about one hour for each bone" in text
    assert "osteoporosis" in text
    assert "three months" in text


def test_consent_has_procedure_levels_risks_and_signatures(sample_pdfs):
    pages = page_texts(sample_pdfs["consent"])
    text = " ".join(pages)
    assert "Consent form: agreement to a procedure" in text
    assert "Spinal levels to be treated T12 and L1" in text  # sorted top to bottom of the spine
    assert "Planned date 1 December 2026" in text
    for risk in HANDOUT.consent.risks:
        assert risk.risk in text
        word = risk.frequency.value.capitalize()
        assert f"{word}: {risk.numbers}" in text
    for alternative in HANDOUT.consent.alternatives:
        assert alternative.option in text
    assert "No treatment" in text
    assert "Balloon kyphoplasty: information for patients, version 1.0" in text
    for heading in (
        "2. Statement of the health professional",
        "3. Statement of interpreter",
        "4. Statement of the patient",
        "5. Confirmation of consent on the day of the procedure",
        "A witness signs here",
        "A copy of this form has been given to the patient",
    ):
        assert heading in text
    assert text.count("Signature") >= 5
    assert text.count("Job title") >= 2
    assert f"Patient's name {NAME}" in text


def test_discharge_has_red_flags_medicines_and_follow_up(sample_pdfs):
    text = " ".join(page_texts(sample_pdfs["discharge"]))
    first_page = page_texts(sample_pdfs["discharge"])[0]
    assert "Get help now if…" in first_page  # the part that matters most is on page one
    assert "Call 999 for an ambulance straight away if you have:" in first_page
    for flag in HANDOUT.discharge.call_emergency + HANDOUT.discharge.call_clinic:
        assert flag in text
    assert "Paracetamol 1 g up to four times a day" in text
    assert "Alendronic acid 70 mg weekly" in text
    assert "Date you went home 1 December 2026" in text
    assert "Date 14 December 2026" in text
    assert "Spinal nurse clinic" in text
    number = 0
    for group in HANDOUT.discharge.advice:
        for item in group.items:
            number += 1
            assert f"{number}. {item}" in text
    assert "Stayed one night." in text


def test_missing_follow_up_leaves_a_line_to_fill_not_none(render):
    text = " ".join(page_texts(render("discharge", follow_up_date=None, follow_up_with=None, medications=None)))
    assert "None" not in text
    # Nobody filled the medicines in: lines to write them on, never "no new medicines" (issue 15).
    assert "No new medicines" not in text
    assert "Your nurse writes your medicines here before you go home:" in text
    assert "No new medicines." in " ".join(page_texts(render("discharge", medications="none")))


@pytest.mark.parametrize("document", DOCUMENTS)
def test_markup_in_a_name_prints_literally(render, document):
    """Paragraph text is markup: a name holding < > & and quotes must print exactly as written."""
    name = 'Ann <b>& "Jo" O\'Neil</b>'
    pages = page_texts(render(document, name=name, notes='Allergic to <plaster> & "latex"'))
    assert all(name in text for text in pages)
    if document == "discharge":
        assert 'Allergic to <plaster> & "latex"' in " ".join(pages)


@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_font_is_embedded_and_no_standard_font_slips_in(sample_pdfs, document):
    used = fonts(sample_pdfs[document])
    assert used, "no fonts found"
    assert all(used.values()), used
    assert not any("Helvetica" in name or "Times" in name for name in used)


@pytest.mark.parametrize("document", DOCUMENTS)
def test_same_input_gives_the_same_bytes(render, sample_pdfs, document):
    assert render(document) == sample_pdfs[document]


@pytest.mark.parametrize("document", DOCUMENTS)
def test_metadata_names_the_document_not_the_patient(sample_pdfs, document):
    info = metadata(sample_pdfs[document])
    assert info["/Title"].startswith("Balloon kyphoplasty")
    assert info["/Author"] == "Northbrook General Hospital"
    joined = " ".join(info.values())
    for private in ("Zoë", "O'Brien", "1950", "P-0042"):
        assert private not in joined


@pytest.mark.parametrize("document", ["consent", "discharge"])
def test_a_long_name_wraps_in_the_band_whole_and_never_runs_under_the_barcode(render, document):
    """Each word of the name whole on every page, and everything in the band left of the barcode's bars."""
    name = "Maria-Fernanda Concepción de los Ángeles Villanueva-Etxeberria y Ruiz-Picasso Łukasiewicz"
    assert make_patient(name=name).name == name
    pdf = render(document, name=name)
    assert all(name in joined(text) for text in page_texts(pdf))  # broken only at a space or after a hyphen
    with pdfplumber.open(io.BytesIO(pdf)) as opened:
        for number, page in enumerate(opened.pages, start=1):
            bars = [rect for rect in page.rects if rect["width"] < 6 and rect["height"] > 15]
            assert bars, f"page {number}: no barcode"
            left, top, bottom = min(b["x0"] for b in bars), min(b["top"] for b in bars), max(b["bottom"] for b in bars)
            beside = [w for w in page.extract_words() if w["bottom"] > top and w["top"] < bottom]
            printed = {w["text"] for w in beside}
            for word in name.split():  # whole, or in pieces cut after its hyphens
                pieces = re.findall(r"[^-]+-?", word)
                assert word in printed or set(pieces) <= printed, f"page {number}: {word} is split or missing"
            assert all(w["x1"] < left - 2 for w in beside), f"page {number}: text runs under the barcode"


def test_long_pre_printed_values_wrap_and_print_whole(render):
    """A long name on the signature row and a long follow-up clinic wrap instead of overprinting."""
    from pdftools import render_pngs

    name = "Maria-Fernanda Concepción de los Ángeles Villanueva-Etxeberria y Ruiz-Picasso Łukasiewicz"
    clinic = "Spinal nurse clinic, Outpatients Department B, Level 3, North Wing, Northbrook General"
    consent = render("consent", name=name)
    discharge = render("discharge", name=name, follow_up_with=clinic)
    assert f"Patient's name {name}" in joined(" ".join(page_texts(consent)))
    assert clinic in " ".join(page_texts(discharge))
    render_pngs(consent, "long-name-consent")
    render_pngs(discharge, "long-name-discharge")
