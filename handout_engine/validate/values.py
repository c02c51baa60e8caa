"""Values as people write them, read into the one form a record holds.

One reader for each, used by the command line's files and the nurses' page
alike, so "T12, L1" means the same wherever it is typed:

- spinal levels: `T12;L1`, `T12, L1`, `T12 L1`, `t12|l1`, and ranges `T11-L1`
  (expanded in order down the spine), each checked as a real vertebra;
- a language as a code (`es`, `ES`, `es_MX`) or by name in English or in the
  language itself (`Spanish`, `Español`);
- a handout id in any case (`Kyphoplasty`).
"""

from __future__ import annotations

import re

from ..locale import LANGUAGE_CODES_BY_NAME

SPINE = tuple([f"C{n}" for n in range(1, 8)] + [f"T{n}" for n in range(1, 13)] + [f"L{n}" for n in range(1, 6)])
_SPINE_ORDER = {level: index for index, level in enumerate(SPINE)}
_SEPARATORS = re.compile(r"[;,|\s]+")
_RANGE = re.compile(r"\s*[-–—]\s*")  # "T11-L1", and with spaces or a dash
MAX_LEVELS = len(SPINE)


def parse_levels(items: list[str] | tuple[str, ...] | str) -> tuple[tuple[str, ...], str | None]:
    """(levels top to bottom, None) or ((), why not); items may be one string or a list of them."""
    text = items if isinstance(items, str) else ";".join(items)
    text = _RANGE.sub("-", text.strip().upper())
    levels: list[str] = []
    for part in (p for p in _SEPARATORS.split(text) if p):
        if "-" in part:
            first, _, last = part.partition("-")
            if first not in _SPINE_ORDER or last not in _SPINE_ORDER:
                return (), f"expected a range of spinal levels like T11-L1, got '{part[:20]}'"
            low, high = sorted((_SPINE_ORDER[first], _SPINE_ORDER[last]))
            levels.extend(SPINE[low : high + 1])
        elif part in _SPINE_ORDER:
            levels.append(part)
        else:
            return (), f"expected spinal levels like T12;L1, got '{part[:20]}'"
    if len(set(levels)) != len(levels):
        return (), "a level is listed twice"
    return tuple(sorted(levels, key=_SPINE_ORDER.__getitem__)), None


def language_code(text: str) -> str:
    """'ES', 'es_mx' and 'es-MX' as the codes are written ('es', 'es-MX'); 'Spanish' and 'Español' as 'es'."""
    named = LANGUAGE_CODES_BY_NAME.get(" ".join(text.split()).lower())
    if named:
        return named
    base, _, region = text.replace("_", "-").partition("-")
    return f"{base.lower()}-{region.upper()}" if region else base.lower()


def handout_id(text: str, known: list[str] | tuple[str, ...] | dict) -> str:
    """The handout id as filed when `text` names one in another case; otherwise `text` unchanged."""
    if text in known:
        return text
    folded = text.casefold()
    return next((handout for handout in known if handout.casefold() == folded), text)
