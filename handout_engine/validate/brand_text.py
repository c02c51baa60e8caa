"""Brand text in more than one language: the department, the footer line and each phone's hours.

In a brand file each of these may be plain text (in the brand's `language`,
English unless it says otherwise) or one text per language:

    department:
      en: Spinal Interventions Unit
      es: Unidad de Intervenciones de Columna

The brand's own language must be among them: it is what a document in a
language the brand has no text for prints, with a warning (merge.py,
`brand_fallbacks`), as content that falls back to English is.
"""

from __future__ import annotations

import re

from .fields import Fields

LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Z]{2})?$")


def localized(fields: Fields, key: str, brand_language: str, required: bool = True, max_length: int | None = None):
    """(text in the brand's language, ((language, text), ...) for the others) for one brand field."""
    value = fields.data.get(key)
    if not isinstance(value, dict):
        return fields.one_line(key, required=required, max_length=max_length), ()
    texts = Fields(value, fields.where(key), fields.report)
    found = {}
    for language in value:
        if not isinstance(language, str) or not LANGUAGE.match(language):
            texts.report(texts.where(str(language)), "expected a language code such as en or es")
            continue
        text = texts.one_line(language, max_length=max_length)
        if text is not None:
            found[language] = text
    if brand_language not in found:
        if value and brand_language not in value:
            fields.report(
                fields.where(key),
                f"has no '{brand_language}' text, the brand's language: add it (printed when a language is missing)",
            )
        return None, ()
    own = found.pop(brand_language)
    return own, tuple(sorted(found.items()))
