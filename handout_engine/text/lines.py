"""One line of text drawn straight on a canvas, in any script: what canvas.drawRightString does for one font.

The page count ("Page 2 of 6", or its Chinese) is drawn after the story is laid out,
straight on the canvas, not as a Paragraph. ReportLab's drawString draws
every character in one font and an empty box for what that font lacks, so
the line is cut into fallback runs (scripts.py) and each drawn in its own
face, shaped where its script needs it; a bold run in a face with no bold is
drawn synthetic bold (synthetic_bold.py).
"""

from __future__ import annotations

from reportlab.pdfbase import pdfmetrics

from .bidi import _pieces, _visual_order
from .fonts import face_of, is_bold
from .scripts import _runs, _shaped, current_language
from .synthetic_bold import STROKE_EM


def draw_right_aligned(canvas, right: float, y: float, text: str, font_name: str, size: float) -> None:
    """Draw `text` ending at x = `right` on baseline `y`, in `font_name` and the faces its other scripts need."""
    pieces = _set(text, font_name)
    width = sum(pdfmetrics.stringWidth(drawn, run_font, size) for run_font, drawn, _s in pieces)
    _draw(canvas, right - width, y, pieces, size)


def line_width(text: str, font_name: str, size: float) -> float:
    """How wide `text` prints on one line in `font_name` and the faces its other scripts need (stringWidth's job)."""
    return sum(pdfmetrics.stringWidth(drawn, run_font, size) for run_font, drawn, _s in _set(text, font_name))


def draw_left_aligned(canvas, left: float, y: float, text: str, font_name: str, size: float, base: str = "L") -> None:
    """Draw `text` from x = `left`; `base` "R": a right-to-left line, its words put in drawing order (bidi.py)."""
    if base == "R":
        tokens = _visual_order([(None, piece) for piece in _pieces(text)], "R") or []
        pieces = [set_piece for _none, piece in tokens for set_piece in _set(piece, font_name)]
    else:
        pieces = _set(text, font_name)
    _draw(canvas, left, y, pieces, size)


def _set(text: str, font_name: str) -> list[tuple[str, str, bool]]:
    """(font, what is drawn, synthetic bold) runs of `text`: each in the face it needs, shaped where it must be."""
    pieces = []
    for run_font, run in _runs(text, font_name, current_language()):
        face = face_of(run_font)
        drawn = _shaped(run, run_font) if face is not None and face.shaped else run
        synthetic = face is not None and face.bold_file is None and is_bold(font_name)
        pieces.append((run_font, drawn, synthetic))
    return pieces


def _draw(canvas, x: float, y: float, pieces: list[tuple[str, str, bool]], size: float) -> None:
    line = canvas.beginText(x, y)
    for run_font, drawn, synthetic in pieces:
        line.setFont(run_font, size)
        if synthetic:
            canvas.setStrokeColor(canvas._fillColorObj)
            canvas.setLineWidth(size * STROKE_EM)
        line.setTextRenderMode(2 if synthetic else 0)
        line.textOut(drawn)
    canvas.drawText(line)
