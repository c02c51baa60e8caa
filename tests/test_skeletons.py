"""Markup parsed by its skeleton (text/skeletons.py) gives the very fragments ReportLab's own parse gives."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus.paragraph import cleanBlockQuotedText, textTransformFrags
from reportlab.platypus.paraparser import ParaParser

from handout_engine.text.skeletons import parsed_by_skeleton
from layouts.fit import esc

ROOT = Path(__file__).resolve().parent.parent
STYLE = ParagraphStyle("skeleton-test", fontName="Helvetica", fontSize=10, leading=12)
UPPER = ParagraphStyle("skeleton-upper", parent=STYLE, textTransform="uppercase")


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _texts() -> list[str]:
    """Words nobody here wrote for this test: every string of our content, and real names in each script."""
    texts = [
        s for path in sorted((ROOT / "handouts").glob("*/*.yaml")) for s in _strings(yaml.safe_load(path.read_text()))
    ]
    names = yaml.safe_load((ROOT / "tests/data/names_by_script.yaml").read_text(encoding="utf-8"))
    texts += [name for entry in names.values() for name in entry["names"]]
    return texts


def _parsed(markup: str, style) -> list[dict]:
    text = cleanBlockQuotedText(markup)
    parser = ParaParser()
    parser.caseSensitive = 1
    _style, frags, _bullet = parser.parse(text, style)
    textTransformFrags(frags, style)
    return [dict(frag.__dict__) for frag in frags]


def _markups(texts: list[str]) -> list[str]:
    rng = random.Random(2026)
    out = []
    for text in texts:
        escaped = esc(text)
        words = escaped.split(" ")
        cut = rng.randrange(len(words) + 1)
        out += [
            escaped,
            f"<b>{escaped}</b>",
            f"<b>{' '.join(words[:cut])}:</b>\u00a0{' '.join(words[cut:])}",
            "<br/>".join(words[:3]),
            f"<i>{escaped}</i> <font color='#cc0000'>{words[0]}</font>",
            f"  {escaped}\n  {escaped}  ",  # whitespace the cleaning changes: parsed the usual way
        ]
    return out


@pytest.mark.parametrize("style", [STYLE, UPPER], ids=["plain", "uppercase"])
def test_skeleton_fragments_are_the_parsers(style):
    markups = _markups(_texts())
    taken = 0
    for markup in markups:
        made = parsed_by_skeleton(markup, style, cleanBlockQuotedText, 1)
        if made is None:
            continue
        taken += 1
        assert [dict(frag.__dict__) for frag in made] == _parsed(markup, style), markup
    assert taken > len(markups) // 2  # most markup takes the skeleton's path


def test_markup_the_skeleton_cannot_make_exactly_is_parsed():
    for markup in ["Fish &amp; chips", "two  spaces", " leading", "line\nbreak", "private \ue000 use", ""]:
        assert parsed_by_skeleton(markup, STYLE, cleanBlockQuotedText, 1) is None, markup


def test_fragments_are_fresh_for_each_paragraph():
    first = parsed_by_skeleton("<b>Name:</b>\u00a0Ann Fox", STYLE, cleanBlockQuotedText, 1)
    second = parsed_by_skeleton("<b>Name:</b>\u00a0Bo Li", STYLE, cleanBlockQuotedText, 1)
    assert [f.text for f in first] == ["Name:", "\u00a0Ann Fox"]
    assert [f.text for f in second] == ["Name:", "\u00a0Bo Li"]
    assert not {id(f) for f in first} & {id(f) for f in second}
