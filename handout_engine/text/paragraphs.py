"""Paragraphs that remember their work: parsed once, and broken into lines once per width.

Most of every document is the same for every patient: the leaflet's sections,
the consent form's risks, the discharge advice. ReportLab would parse that
markup and break it into lines again for every PDF, which is most of the cost
of a batch. `paragraph()` keeps a prototype per (markup, style, bullet) and
hands out fresh copies of it; a copy's line breaking for a given width is done
once per process and reused, state and all, by every later copy.

The cache is bounded (least recently used), so a patient's own text (notes,
medicines) passes through it without growing memory over a long batch. The
output is the same, byte for byte, as plain Paragraphs give: tests compare.
"""

from __future__ import annotations

from collections import OrderedDict

from reportlab.platypus import Paragraph

from . import synthetic_bold
from .scripts import has_right_to_left, language_faces, visual_lines, with_fallback_fonts

MAX_PROTOTYPES = 1024  # four times the static text of our three documents (255); a patient's own text cycles out


class ScriptParagraph(Paragraph):
    """A Paragraph that prints any script: fallback fonts per run, shaping, right-to-left words (scripts.py)."""

    def _setup(self, text, style, bulletText, frags, cleaner):  # noqa: N803 - ReportLab's names
        parsed = frags is None
        super()._setup(text, style, bulletText, frags, cleaner)
        if parsed:
            self.frags, self._rtl = with_fallback_fonts(self.frags)
        else:  # a part made by split(): its fragments were split by font already
            self._rtl = has_right_to_left(self.frags)

    def drawPara(self, debug=0):  # noqa: N802 - ReportLab's name
        """Draw with right-to-left word runs reversed; the paragraph itself stays in reading order."""
        synthetic_bold.install(self.canv)
        if not self._rtl:
            return super().drawPara(debug)
        logical = self.blPara
        self.blPara = visual_lines(logical)
        try:
            return super().drawPara(debug)
        finally:
            self.blPara = logical


class RememberingParagraph(ScriptParagraph):
    """A Paragraph whose wrap() result, and every attribute wrap() sets, is shared by copies of one prototype."""

    def wrap(self, availWidth, availHeight):  # noqa: N803 - ReportLab's names
        wraps = self.__dict__.get("_wraps")
        if wraps is None:  # made by split(), not by paragraph(): plain behaviour
            return super().wrap(availWidth, availHeight)
        # Line breaking may replace self.frags, so the state it starts from is part of the key.
        key = (id(self.frags), availWidth)
        hit = wraps.get(key)
        if hit is None:
            before = dict(self.__dict__)
            size = super().wrap(availWidth, availHeight)
            changed = {name: value for name, value in self.__dict__.items() if before.get(name, _UNSET) is not value}
            # Keep the frags this state came from alive, so their id() is never reused while cached.
            wraps[key] = (size, changed, self.frags)
            return size
        size, changed, _frags = hit
        self.__dict__.update(changed)
        return size


_UNSET = object()
_prototypes: OrderedDict[tuple, RememberingParagraph] = OrderedDict()


def paragraph(markup: str, style, bullet_text: str | None = None) -> Paragraph:
    """A fresh Paragraph of `markup` (already escaped), sharing parsing and line breaking with its twins."""
    key = (markup, id(style), bullet_text, language_faces())  # an Urdu record's Arabic script is set in Nastaliq
    prototype = _prototypes.get(key)
    if prototype is None or prototype.style is not style:
        prototype = RememberingParagraph(markup, style, bulletText=bullet_text)
        prototype._wraps = {}
        _prototypes[key] = prototype
        if len(_prototypes) > MAX_PROTOTYPES:
            _prototypes.popitem(last=False)
    else:
        _prototypes.move_to_end(key)
    copy = RememberingParagraph.__new__(RememberingParagraph)
    copy.__dict__.update(prototype.__dict__)
    return copy
