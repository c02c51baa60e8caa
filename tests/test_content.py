"""The shipped content: valid, in our own words, and giving every risk in words and numbers."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from handout_engine.catalog import handout_languages, load_handout
from handout_engine.models import Frequency
from support import ROOT

SHARED_TOOL = ROOT.parent / "shared" / "tools" / "copied_sentences.py"


def test_every_shipped_handout_validates():
    for handout, languages in handout_languages().items():
        for language in languages:
            assert load_handout(handout, language).meta.id == handout


@pytest.mark.skipif(not SHARED_TOOL.exists(), reason="../shared/tools/copied_sentences.py is not beside this clone")
def test_no_sentence_is_copied_from_the_reference_article():
    result = subprocess.run([sys.executable, str(SHARED_TOOL), "handouts"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_every_risk_says_how_often_in_words_and_numbers():
    for risk in load_handout("kyphoplasty", "en").consent.risks:
        if risk.frequency is not Frequency.NOT_KNOWN:
            assert re.search(r"\d[\d,]* in [\d,]*\d", risk.numbers), risk.risk


def test_doing_nothing_is_offered_as_an_alternative():
    options = [a.option.lower() for a in load_handout("kyphoplasty", "en").consent.alternatives]
    assert "no treatment" in options


def test_sentences_stay_short():
    """Plain language: no sentence in the content runs past 30 words (the linter will refine this)."""
    handout = load_handout("kyphoplasty", "en")
    texts = list(handout.leaflet.intro)
    for section in handout.leaflet.sections:
        for block in section.body:
            texts += [block.text, *block.items]
    texts += [r.meaning for r in handout.consent.risks] + [a.detail for a in handout.consent.alternatives]
    texts += [item for group in handout.discharge.advice for item in group.items]
    for text in texts:
        for sentence in re.split(r"(?<=[.!?])\s+", text):
            assert len(sentence.split()) <= 30, sentence
