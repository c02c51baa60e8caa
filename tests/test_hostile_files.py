"""Hostile input files are bounded: a YAML alias bomb is refused before anything expands it, and no message
repeats a value without a limit (issue 19, item 1)."""

from __future__ import annotations

import json
import time
import tracemalloc

import pytest
from click.testing import CliRunner

from generate import cli
from handout_engine.errors import PatientFileError, RecordError
from handout_engine.load import MOST_ALIASED_VALUES, RawRecord, parse_yaml
from handout_engine.validate.patient import requested_documents, validate_patient
from handout_engine.validate.records import read_patients


def alias_bomb(levels: int = 9, field: str = "large_print") -> str:
    """About 550 bytes standing for 10**levels values: each level is ten aliases of the one before."""
    lines = ["- patient_id: P-1", "  name: Ann Lee", "  date_of_birth: 1950-03-03", "  handout: kyphoplasty"]
    lines.append('  x0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]')
    for level in range(1, levels):
        lines.append(f"  x{level}: &a{level} [" + ",".join([f"*a{level - 1}"] * 10) + "]")
    lines.append(f"  {field}: *a{levels - 1}")
    return "\n".join(lines) + "\n"


def bounded(call):
    """Run `call`, returning what it raised, with its peak memory and time (the bomb needs gigabytes unbounded)."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        call()
    except Exception as error:
        raised = error
    else:
        raised = None
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return raised, peak, time.perf_counter() - started


@pytest.mark.parametrize("field", ["large_print", "documents", "name"])
def test_a_yaml_alias_bomb_is_refused_in_bounded_memory_and_time(tmp_path, field):
    text = alias_bomb(field=field)
    assert len(text.encode()) < 700
    path = tmp_path / "patients.yaml"
    path.write_text(text, encoding="utf-8")
    raised, peak, seconds = bounded(lambda: read_patients(path, ("discharge",)))
    assert isinstance(raised, PatientFileError)
    message = str(raised)
    assert "patients.yaml" in message
    assert "line " in message
    assert f"past the limit of {MOST_ALIASED_VALUES:,}" in message
    assert peak < 20 * 1024 * 1024, f"{peak / 1e6:.0f} MB to refuse a {len(text)}-byte file"
    assert seconds < 5


def test_the_command_line_refuses_the_bomb_with_the_file_and_line(tmp_path):
    path = tmp_path / "patients.yaml"
    path.write_text(alias_bomb(), encoding="utf-8")
    for command in (["validate", str(path)], ["batch", str(path), "--out", str(tmp_path / "out")]):
        result = CliRunner().invoke(cli, command)
        assert result.exit_code == 2, result.output
        assert "patients.yaml" in result.output
        assert "aliases" in result.output
        assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("*.pdf"))


def test_an_alias_that_contains_itself_is_refused():
    with pytest.raises(Exception, match="contains it"):
        parse_yaml("a: &a [1, *a]\n")


def test_aliases_that_repeat_a_little_are_still_read():
    data = parse_yaml("base: &b {ward: Ward 7}\nfirst: *b\nsecond: *b\nlist: &l [a, b, c]\nagain: [*l, *l]\n")
    assert data["second"] == {"ward": "Ward 7"}
    assert data["again"] == [["a", "b", "c"], ["a", "b", "c"]]


def test_yes_no_and_documents_never_stringify_a_list_or_mapping():
    """Without the alias limit (JSON has no aliases, but a program may hand us shared lists) nothing is printed."""
    shared = ["x"] * 10
    for _ in range(7):  # 10**8 values if printed
        shared = [shared] * 10
    raw = RawRecord({**json.loads('{"patient_id": "P-1", "name": "Ann"}'), "large_print": shared}, "t.json", 1, "row")
    raised, peak, _seconds = bounded(lambda: validate_patient(raw, {"kyphoplasty": ("en",)}, ("leaflet",)))
    assert isinstance(raised, RecordError)
    assert "large_print: expected yes or no (true/false), got a list" in str(raised)
    assert peak < 20 * 1024 * 1024
    many = RawRecord({"documents": [shared, "consent"]}, "t.json", 1, "row")
    assert requested_documents(many, ("leaflet",), ("leaflet", "consent")) == ("consent",)


@pytest.mark.parametrize("field", ["date_of_birth", "large_print", "nhs_number", "language", "levels"])
def test_a_message_quotes_a_long_bad_value_only_in_part(field):
    value = "9" * 5_000 if field != "levels" else "X" * 5_000
    base = {"patient_id": "P-1", "name": "Ann", "date_of_birth": "1950-03-03", "handout": "kyphoplasty"}
    raw = RawRecord({**base, field: value}, "t.csv", 2, "row")
    with pytest.raises(RecordError) as caught:
        validate_patient(raw, {"kyphoplasty": ("en",)}, ("leaflet",))
    message = next(str(p) for p in caught.value.problems if p.field == field)
    assert len(message) < 300  # the value is quoted in part, never whole
    assert "9" * 20 in message or "X" * 20 in message or "characters" in message  # but enough to recognise it


def test_an_unknown_long_column_is_named_in_part():
    raw = RawRecord({"patient_id": "P-1", "name": "Ann", "k" * 100_000: "v"}, "t.csv", 2, "row")
    with pytest.raises(RecordError) as caught:
        validate_patient(raw, {"kyphoplasty": ("en",)}, ("leaflet",))
    assert all(len(str(p)) < 600 for p in caught.value.problems)
