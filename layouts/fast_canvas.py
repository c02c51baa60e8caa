"""ReportLab's Canvas with two of its busiest small methods made cheaper, writing exactly the same bytes.

Every flowable drawn goes through `saveState`, `translate` and `restoreState`
(platypus's Flowable._drawOn), a page of a consent form some hundreds of
times: in a profiled batch, ReportLab's general `transform` (six numbers
formatted, a matrix product with ones and zeros) and its attribute-by-
attribute state copy were about 4% of the CPU. Here a translation formats
only its two numbers and a state is copied in one step. The operators
written, and the tracked matrix, are ReportLab 5.1's (tests/test_fast_canvas.py
compares them with the originals, draw for draw).
"""

from __future__ import annotations

from operator import itemgetter

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfgen.canvas import Canvas

_STATE_NAMES = tuple(Canvas.STATE_ATTRIBUTES)
_state_values = itemgetter(*_STATE_NAMES)


class FastCanvas(Canvas):
    """Canvas whose translate and state stack do less work for the same output."""

    def translate(self, dx, dy):
        """Canvas.transform(1, 0, 0, 1, dx, dy), formatting only the two numbers that vary."""
        code = self._code
        if code and code[-1][-3:] == " cm":  # joined to the transform just before it: ReportLab's own way
            Canvas.transform(self, 1, 0, 0, 1, dx, dy)
            return
        a, b, c, d, e, f = self._currentMatrix  # ReportLab's product, term for term (the same floats)
        self._currentMatrix = (
            a * 1 + c * 0,
            b * 1 + d * 0,
            a * 0 + c * 1,
            b * 0 + d * 1,
            a * dx + c * dy + e,
            b * dx + d * dy + f,
        )
        code.append(f"1 0 0 1 {fp_str(dx, dy)} cm")

    def push_state_stack(self):
        """The state attributes as ReportLab keeps them, read in one call."""
        self.state_stack.append(dict(zip(_STATE_NAMES, _state_values(self.__dict__), strict=True)))
        self._extgstate = self._extgstate.pushCopy()
