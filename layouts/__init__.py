"""ReportLab layouts: one module per document, sharing styles, blocks and page furniture.

Each document module has `build(sheet, styles, labels, width) -> list of flowables`.
BUILDERS maps each document kind (handout_engine.models.DOCUMENT_KINDS) to its layout;
the engine's render step is the one place that picks one.
"""

from __future__ import annotations

from . import consent, discharge, leaflet

BUILDERS = {"leaflet": leaflet.build, "consent": consent.build, "discharge": discharge.build}
