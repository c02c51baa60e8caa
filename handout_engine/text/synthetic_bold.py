"""A bold that looks bold for faces that ship none (the Chinese, Japanese and Korean faces).

Droid Sans Fallback and Nanum Gothic come in one weight, and a CJK name in the
patient band printed in it stands out as lighter than the bold Latin around it.
So a bold run in such a face is drawn with PDF's "fill, then stroke" text
rendering mode (Tr 2), its outline stroked in the text's own colour 0.04 em
wide: each stroke thickens by that much, as word processors' synthetic bold
does. The text layer is unchanged (it copies out as typed); only the ink is
heavier. It is set by two zero-width ReportLab onDraw fragments around the run,
drawn inside the paragraph's text object.
"""

from __future__ import annotations

from reportlab.lib.abag import ABag
from reportlab.lib.rl_accel import fp_str

CALLBACK = "handouts_synthetic_bold"
SPAN_CALLBACK = "handouts_language_span"  # spans.py's separators, zero-width in the same way
STROKE_EM = 0.04  # stroke width as a fraction of the font size


def around(frag, run_frags: list) -> list:
    """`run_frags` (one run in a face with no bold) between the fragments that turn synthetic bold on and off."""
    color = frag.textColor
    rgb = fp_str(*color.rgb()) if hasattr(color, "rgb") else "0 0 0"
    ink = f"{rgb} RG {fp_str(frag.fontSize * STROKE_EM)} w 1 j 2 Tr"
    return [_marker(frag, ink), *run_frags, _marker(frag, "0 Tr")]


def continues(before: list, run: list) -> bool:
    """Whether `run` (around's fragments) goes straight on from a synthetic bold run of the same ink ending
    `before`: the two are then one bold run, as when one face set them whole (a face split into parts, whose
    characters change part mid-word). Fewer markers also leave CJK line breaking as it was for the whole face."""
    if len(before) < 2 or len(run) < 2:
        return False
    closing, opening = before[-1], run[0]
    return (
        _label(closing) == "0 Tr"
        and _label(opening) is not None
        and _label(opening) != "0 Tr"
        and _opening_label(before) == _label(opening)
    )


def _label(frag) -> str | None:
    definition = getattr(frag, "cbDefn", None)
    return definition.label if getattr(definition, "name", None) == CALLBACK else None


def _opening_label(frags: list) -> str | None:
    """The ink of the synthetic bold run that `frags` ends with."""
    for frag in reversed(frags[:-1]):
        label = _label(frag)
        if label is not None:
            return label if label != "0 Tr" else None
    return None


def _marker(frag, label: str):
    marker = frag.clone(text="")
    marker.cbDefn = ABag(kind="onDraw", name=CALLBACK, label=label)
    return marker


def for_cjk_lines(frags: list) -> None:
    """Ready the markers for ReportLab's CJK line breaking, which fails on an empty fragment.

    A space there is never drawn (a marker is drawn by its callback only) and
    takes no width (ReportLab measures a callback fragment by its own width, 0).
    """
    for frag in frags:
        if getattr(getattr(frag, "cbDefn", None), "name", None) in (CALLBACK, SPAN_CALLBACK):
            frag.text = " "


def ready_for_cjk_lines(frags: list) -> list:
    """`frags` with copies of their markers made ready for CJK line breaking (for_cjk_lines), the rest as they are.

    For a paragraph first broken at spaces, whose fragments its copies share (paragraphs.py): the shared markers
    stay as they were, so breaking another copy at spaces gives what it always gave.
    """
    if not any(getattr(getattr(frag, "cbDefn", None), "name", None) in (CALLBACK, SPAN_CALLBACK) for frag in frags):
        return frags
    ready = [frag.clone() if hasattr(frag, "cbDefn") else frag for frag in frags]
    for_cjk_lines(ready)
    return ready


def install(canvas) -> None:
    """Let this canvas draw the markers (once per canvas; ReportLab looks callbacks up by name)."""
    if canvas.getNamedCB(CALLBACK) is None:
        canvas.setNamedCB(CALLBACK, _draw)


def _draw(canvas, kind, label) -> None:
    """Turn the stroke on (in the run's text colour, rounded joins) or off, inside the text object being drawn."""
    canvas._curr_tx_info["tx"]._code.append(label)
