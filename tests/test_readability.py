"""The reading measure lint uses: sentences, words, syllables and the Flesch-Kincaid grade."""

from __future__ import annotations

import pytest

from handout_engine.readability import long_words, longest_sentences, measure, sentences, syllables, words


def test_sentences_split_at_full_stops_question_and_exclamation_marks():
    assert sentences("You can go home. Ring us if it hurts! Is that all?") == [
        "You can go home.",
        "Ring us if it hurts!",
        "Is that all?",
    ]


@pytest.mark.parametrize(("word", "count"), [("cat", 1), ("water", 2), ("hospital", 3), ("anaesthetic", 4)])
def test_syllables_are_counted_as_a_reader_says_them(word, count):
    assert syllables(word) == count


def test_short_plain_sentences_score_a_low_grade_and_long_ones_a_high_grade():
    plain = measure(["You can go home today. Rest for a day. Ring us if you feel worse."])
    dense = measure(
        [
            "Percutaneous vertebral augmentation necessitates intraoperative fluoroscopic visualisation "
            "and administration of polymethylmethacrylate under considerable pressure."
        ]
    )
    assert plain.grade < 4
    assert dense.grade > 16


def test_long_words_and_the_longest_sentences_are_listed():
    texts = ["A short one. This sentence is the longest of them all by far. Medium length here."]
    assert longest_sentences(texts, most=1) == ["This sentence is the longest of them all by far."]
    assert "osteoporosis" in long_words(["Osteoporosis makes bones weak."])
    assert words("It's a cat, isn't it?") == ["It's", "a", "cat", "isn't", "it"]
