"""The shipped content: valid, in our own words, and giving every risk in words and numbers."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from handout_engine.catalog import load_handout
from handout_engine.locale import labels_for
from handout_engine.models import Frequency
from pdftools import page_texts
from support import ROOT, render_pdf

SHARED_TOOL = ROOT.parent / "shared" / "tools" / "copied_sentences.py"


@pytest.mark.skipif(not SHARED_TOOL.exists(), reason="../shared/tools/copied_sentences.py is not beside this clone")
def test_no_sentence_is_copied_from_the_reference_article():
    result = subprocess.run([sys.executable, str(SHARED_TOOL), "handouts"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize("handout", ["kyphoplasty", "vertebroplasty"])
def test_the_consent_form_prints_every_risk_with_its_word_and_numbers(handout):
    """What the patient reads: each risk in the table with how often in words (the EC's bands) and in numbers."""
    content = load_handout(handout, "en")
    text = " ".join(" ".join(page_texts(render_pdf("consent", handout=handout))).split())
    for risk in content.consent.risks:
        assert risk.risk in text
        assert risk.numbers in text, risk.risk
        if risk.frequency is not Frequency.NOT_KNOWN:
            assert re.search(r"\d[\d,]* in [\d,]*\d", risk.numbers), risk.risk
        assert labels_for("en")["frequency"][risk.frequency.value] in text, risk.risk


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
