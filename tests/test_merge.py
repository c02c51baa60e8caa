"""Step 3 on its own, without ReportLab: every string the layouts print is final after merge."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from handout_engine.catalog import load_brand, load_handout
from handout_engine.locale import format_date_in, format_list
from handout_engine.merge import format_nhs_number, merge_sheet
from handout_engine.placeholders import BLANK
from support import make_patient


def sheet_for(**overrides):
    patient = make_patient(**overrides)
    return merge_sheet(load_handout(patient.handout, patient.language), patient, load_brand("northbrook"))


@pytest.mark.parametrize(
    ("language", "expected"), [("en", "3 March 1950"), ("es", "3 de marzo de 1950"), ("xx", "3 March 1950")]
)
def test_dates_print_with_the_month_in_words_in_the_documents_language(language, expected):
    assert format_date_in(dt.date(1950, 3, 3), language) == expected


def test_nhs_numbers_are_grouped_three_three_four():
    assert format_nhs_number("9434765919") == "943 476 5919"
    assert format_nhs_number(None) is None


@pytest.mark.parametrize(
    ("items", "language", "expected"),
    [
        ((), "en", None),
        (("L1",), "en", "L1"),
        (("T11", "T12", "L1"), "en", "T11, T12 and L1"),
        (("T12", "L1"), "es", "T12 y L1"),
    ],
)
def test_levels_read_as_a_list_in_the_documents_language(items, language, expected):
    assert format_list(items, language) == expected


def test_the_sheet_holds_the_record_as_printed():
    sheet = sheet_for(levels="L1;T12", procedure_date="2026-12-01")
    assert sheet.label.born == "3 March 1950"
    assert sheet.label.nhs_number == "999 000 0042"
    assert sheet.levels == "T12 and L1"  # from the neck down, whatever order they were typed in
    assert sheet.level_count == 2
    assert sheet.procedure_date == "1 December 2026"


def test_a_spanish_sheet_prints_its_dates_and_levels_in_spanish():
    sheet = sheet_for(language="es", levels="T12;L1")
    assert sheet.label.born == "3 de marzo de 1950"
    assert sheet.levels == "T12 y L1"


def test_missing_optional_fields_stay_empty_and_placeholders_leave_a_line_to_write_on():
    """vertebroplasty's discharge text names {procedure_date} and {follow_up_date}."""
    sheet = sheet_for(handout="vertebroplasty", clinician=None, ward=None, follow_up_date=None, medications=None)
    assert (sheet.clinician, sheet.ward, sheet.follow_up_date) == (None, None, None)
    assert sheet.medications == ()
    intro = " ".join(sheet.handout.discharge.intro)
    follow_up = " ".join(sheet.handout.discharge.follow_up)
    assert "You had vertebroplasty on 1 December 2026." in intro
    assert f"We plan to see you in clinic on {BLANK}." in follow_up
    assert "{" not in intro + follow_up
    assert "None" not in intro + follow_up


def test_placeholders_are_filled_only_where_content_may_hold_them():
    """The leaflet is laid out once for every patient: a placeholder-like text there stays as written."""
    content = load_handout("vertebroplasty", "en")
    patient = make_patient(handout="vertebroplasty")
    planted = dataclasses.replace(
        content, leaflet=dataclasses.replace(content.leaflet, intro=("See you on {follow_up_date}.",))
    )
    sheet = merge_sheet(planted, patient, load_brand("northbrook"))
    assert sheet.handout.leaflet.intro == ("See you on {follow_up_date}.",)
    assert "14 December 2026" in " ".join(sheet.handout.discharge.follow_up)
