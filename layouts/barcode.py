"""The patient label's barcode: Code 128 of the patient id, so signed paper files to the right record.

Drawn as plain bars (ReportLab's Code128 with its human-readable line off:
that line would be set in Helvetica, unembedded). The id is printed in words
beside it in the patient band anyway.

Bars are 0.33 mm wide (a scanner's comfortable 13 mil), narrowed to no less
than 0.25 mm (10 mil) for a long id, which then takes more of the band; the
quiet zones either side are ten bars wide, as the symbology asks.
"""

from __future__ import annotations

import functools

from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib.units import mm

WIDEST_BAR = 0.33 * mm
NARROWEST_BAR = 0.25 * mm
MOST_WIDTH = 62 * mm  # room the label may take in the band before bars narrow
QUIET_BARS = 10


@functools.lru_cache(maxsize=16)  # a record's consent form and discharge sheet share theirs
def patient_barcode(patient_id: str, height: float) -> Code128:
    """A Code 128 symbol of `patient_id`, `height` tall; its .width and .height are worked out once."""
    code = _code128(patient_id, WIDEST_BAR, height)
    if code.width > MOST_WIDTH:
        bar = max(NARROWEST_BAR, WIDEST_BAR * MOST_WIDTH / code.width)
        code = _code128(patient_id, bar, height)
    return code


class PatientCode128(Code128):
    """Code128 whose size is worked out once: ReportLab's .width and .height encode the value again on every read
    (the band reads them a dozen times a document); drawing still encodes it, as Code128 does."""

    @property
    def width(self) -> float:
        return self._width

    @width.setter
    def width(self, _value) -> None:
        pass  # as Barcode's: the size is the symbol's own

    @property
    def height(self) -> float:
        return self._height

    @height.setter
    def height(self, _value) -> None:
        pass


def _code128(value: str, bar: float, height: float) -> Code128:
    code = PatientCode128(
        value,
        barWidth=bar,
        barHeight=height,
        humanReadable=0,
        quiet=1,
        lquiet=QUIET_BARS * bar,
        rquiet=QUIET_BARS * bar,
    )
    code._calculate()  # works out _width and _height, as wrap() would
    return code
