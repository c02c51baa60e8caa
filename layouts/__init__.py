"""ReportLab layouts: one module per document, sharing styles, blocks and page furniture.

Each document module has `build(sheet, styles, labels, width) -> list of flowables`.
The command line's document choices come from DOCUMENTS.
"""

from __future__ import annotations

from . import consent, discharge, leaflet

DOCUMENTS = {"leaflet": leaflet.build, "consent": consent.build, "discharge": discharge.build}
