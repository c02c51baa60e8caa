"""What content and brands we have, each parsed and validated once per process.

A batch renders many patients from the same few handouts and brands; parsing
the YAML again for every document would be wasted work, so the results are
cached per process (each batch worker builds its own cache once).
"""

from __future__ import annotations

import functools
from pathlib import Path

from .errors import BrandError, ContentError, Problem
from .load import display_name, load_yaml
from .models import DEFAULT_LANGUAGE, Brand, Handout
from .paths import BRANDS, HANDOUTS
from .validate import validate_brand, validate_handout


def handout_languages(root: Path = HANDOUTS) -> dict[str, tuple[str, ...]]:
    """Each handout id (its folder name) with the languages it has, English first."""
    found: dict[str, tuple[str, ...]] = {}
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        languages = sorted(p.stem for p in folder.glob("*.yaml"))
        if languages:
            found[folder.name] = tuple(sorted(languages, key=lambda lang: (lang != DEFAULT_LANGUAGE, lang)))
    return found


def brand_names(root: Path = BRANDS) -> list[str]:
    return sorted(p.stem for p in root.glob("*.yaml"))


def handout_file(handout_id: str, language: str, root: Path = HANDOUTS) -> Path:
    return root / handout_id / f"{language}.yaml"


def read_handout_file(path: Path) -> Handout:
    """Parse and validate one content file; its id and language must match its place."""
    source = display_name(path)
    handout = validate_handout(load_yaml(path, ContentError), source)
    problems = []
    if handout.meta.id != path.parent.name:
        problems.append(
            Problem(source, "metadata.id", f"is '{handout.meta.id}' but the folder is '{path.parent.name}'")
        )
    if handout.meta.language != path.stem:
        problems.append(
            Problem(source, "metadata.language", f"is '{handout.meta.language}' but the file is '{path.name}'")
        )
    if problems:
        raise ContentError(problems)
    return handout


@functools.cache
def load_handout(handout_id: str, language: str) -> Handout:
    return read_handout_file(handout_file(handout_id, language))


def read_brand_file(path: Path) -> Brand:
    return validate_brand(load_yaml(path, BrandError), display_name(path), path.stem, path.parent)


@functools.cache
def load_brand(brand_id: str) -> Brand:
    path = BRANDS / f"{brand_id}.yaml"
    if brand_id not in brand_names():  # a name, never a path: '../x' cannot reach outside assets/brands
        known = ", ".join(brand_names()) or "none"
        raise BrandError([Problem(display_name(path), "", f"no brand named '{brand_id}'; we have: {known}")])
    return read_brand_file(path)
