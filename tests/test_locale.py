"""Every language's label table has every word the layouts print: a missing one would fail a whole document."""

from __future__ import annotations

import pytest

from handout_engine.locale import LABELS


@pytest.mark.parametrize("language", sorted(set(LABELS) - {"en"}))
def test_each_label_table_has_every_english_key(language):
    english, table = LABELS["en"], LABELS[language]
    assert sorted(set(english) - set(table)) == [], f"labels missing in '{language}'"
    assert sorted(set(table) - set(english)) == [], f"labels in '{language}' that English has not"
    for key, value in english.items():
        if isinstance(value, dict):
            assert set(table[key]) == set(value), (language, key)
        elif isinstance(value, tuple):
            assert len(table[key]) == len(value), (language, key)
