"""The shortcuts taken for speed answer what the long way answers (issue 20): each is checked against it."""

from __future__ import annotations

import random
import unicodedata
from pathlib import Path

import yaml

import layouts.page_contents as page_contents
from handout_engine.text import scripts
from handout_engine.text.fonts import has_glyph, register_fonts
from handout_engine.text.shaping import bidi_class
from handout_engine.text.writing import script_of

ROOT = Path(__file__).resolve().parent.parent


def test_no_character_below_hebrew_is_right_to_left():
    """`_has_rtl` passes over text whose highest character is below FIRST_RIGHT_TO_LEFT."""
    first = ord(scripts.FIRST_RIGHT_TO_LEFT)
    assert not [hex(code) for code in range(first) if bidi_class(chr(code)) == "R"]
    assert bidi_class("\u05d0") == "R"  # and Hebrew's first letter is


def _keeps_the_long_way(text: str, font_name: str) -> bool:
    """`_keeps_its_font` as it was written before it kept answers per character."""
    face = scripts.face_of(font_name)
    for char in text:
        if char in scripts._NEUTRAL or ord(char) >= scripts._FIRST_SHAPED:
            continue
        script = script_of(char)
        if not has_glyph(font_name, char) or (script is not None and face is not None and script not in face.scripts):
            return False
        if unicodedata.category(char)[0] == "M":
            return False
    return True


def test_a_font_keeps_the_same_texts_as_checked_character_by_character():
    register_fonts()
    names = yaml.safe_load((ROOT / "tests/data/names_by_script.yaml").read_text(encoding="utf-8"))
    texts = [name for entry in names.values() for name in entry["names"]]
    texts += ["Ann Fox", "Zoë Łukasiewicz-O'Brien", "e\u0301", "\u00a0 \t", "", "Δ∆", "Ǆ ǅ", "NB-000001"]
    fonts = ["AtkinsonHyperlegible", "AtkinsonHyperlegible-Bold", "NotoSans", "NotoSansArabic"]
    fonts = [font for font in fonts if scripts.face_of(font) is not None]
    assert fonts
    for font in fonts:
        for text in texts + texts[::-1]:  # the second pass answers from what the first kept
            assert scripts._keeps_its_font(text, font) == _keeps_the_long_way(text, font), (font, text)


def _closed_the_long_way(content: str) -> bool:
    """`page_contents.closed` as it was written before it looked only for the tokens it counts."""
    rest = page_contents._SKIPPED.sub(" ", content)
    if "(" in rest or ")" in rest:
        return False
    depth = {"q": 0, "BT": 0, "BDC": 0}
    for token in rest.split():
        if token in page_contents._OPENING:
            kind = page_contents._OPENING[token]
            depth[kind] += 1
            if kind == "BT" and depth[kind] > 1:
                return False
        elif token in page_contents._CLOSING:
            kind = page_contents._CLOSING[token]
            depth[kind] -= 1
            if depth[kind] < 0:
                return False
        elif token == "BI":
            return False
    return not any(depth.values())


def test_closed_reads_the_tokens_str_split_reads():
    tokens = ["q", "Q", "BT", "ET", "BDC", "BMC", "EMC", "BI", "qq", "Qx", "/P <</MCID 3>>", "1 0 0 1 0 0 cm"]
    tokens += ["(a q b)", "%c q\n", "<0a1b>", "xBT", "ETx", "\u2028", "\x1c", "\xa0", "\x85", "\u3000"]
    gaps = [" ", "\n", "", "\x0c", "\t", "\r\n"]
    rng = random.Random(20)
    for _ in range(20_000):
        content = "".join(rng.choice(tokens) + rng.choice(gaps) for _ in range(rng.randint(0, 12)))
        assert page_contents.closed(content) == _closed_the_long_way(content), repr(content)
        page_contents._checked.clear()  # and through the caches, twice: by content, then by content but strings
        assert page_contents._checked_closed(content) == _closed_the_long_way(content), repr(content)
        assert page_contents._checked_closed(content) == _closed_the_long_way(content), repr(content)
