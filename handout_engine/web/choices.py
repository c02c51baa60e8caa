"""What the page offers to choose from, read from the engine's catalogue: procedures, languages, clinics, paper."""

from __future__ import annotations

from collections.abc import Sequence

import handout_engine as engine

from . import forms

PAPERS = (("a4", "A4"), ("letter", "US Letter"))
DOCUMENT_TITLES = {kind.name: kind.title for kind in engine.DOCUMENT_KINDS}


def defaults() -> dict[str, str]:
    first = next(iter(engine.handout_languages()), "")
    return {"handout": first, "language": "en", "brand": engine.DEFAULT_BRAND, "paper": "a4"}


def choices() -> dict:
    """Each select box's options as (value, text), by field name."""
    handouts = engine.handout_languages()
    languages = sorted({language for found in handouts.values() for language in found})
    return {
        "handout": [(h, engine.load_handout(h, "en").meta.title if "en" in ls else h) for h, ls in handouts.items()],
        "language": [(language, engine.language_name(language)) for language in languages],
        "brand": [(name, engine.load_brand(name).clinic_name) for name in engine.brand_names() if _loads(name)],
        forms.PAPER_FIELD: list(PAPERS),
        "documents": [(d, DOCUMENT_TITLES[d]) for d in engine.DOCUMENT_NAMES],
    }


def _loads(brand: str) -> bool:
    try:
        engine.load_brand(brand)
    except engine.HandoutError:
        return False
    return True


def paper(values: dict[str, str]) -> str:
    chosen = values.get(forms.PAPER_FIELD)
    return chosen if chosen in engine.PAPER_SIZES else "a4"


def settings(state: forms.FormState, documents: Sequence[str] = engine.DOCUMENT_NAMES) -> engine.Settings:
    """The run's settings for one form: what it chose, else the defaults."""
    return engine.Settings(
        documents=tuple(state.documents) or tuple(documents),
        known_documents=engine.DOCUMENT_NAMES,
        brand_id=state.values.get("brand") or engine.DEFAULT_BRAND,
        handouts=tuple(engine.handout_languages().items()),
        paper=paper(state.values),
        brands=tuple(engine.brand_names()),
        fillable=True,  # the consent form prints as on paper, and can be signed on screen (pages/sign.py)
    )
