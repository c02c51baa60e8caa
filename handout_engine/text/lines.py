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

from .fonts import face_of, is_bold
from .scripts import _runs, _shaped, current_language
from .synthetic_bold import STROKE_EM


def draw_right_aligned(canvas, right: float, y: float, text: str, font_name: str, size: float) -> None:
    """Draw `text` ending at x = `right` on baseline `y`, in `font_name` and the faces its other scripts need."""
    pieces = []
    for run_font, run in _runs(text, font_name, current_language()):
        face = face_of(run_font)
        drawn = _shaped(run, run_font) if face is not None and face.shaped else run
        synthetic = face is not None and face.bold_file is None and is_bold(font_name)
        pieces.append((run_font, drawn, synthetic))
    width = sum(pdfmetrics.stringWidth(drawn, run_font, size) for run_font, drawn, _s in pieces)
    line = canvas.beginText(right - width, y)
    for run_font, drawn, synthetic in pieces:
        line.setFont(run_font, size)
        if synthetic:
            canvas.setStrokeColor(canvas._fillColorObj)
            canvas.setLineWidth(size * STROKE_EM)
        line.setTextRenderMode(2 if synthetic else 0)
        line.textOut(drawn)
    canvas.drawText(line)
