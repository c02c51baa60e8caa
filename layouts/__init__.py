"""ReportLab layouts: one module per document, sharing styles, blocks and page furniture.

Each document module has `build(sheet, styles, labels, width) -> list of flowables`.
The command line's document choices come from DOCUMENTS.
"""

from __future__ import annotations

from . import consent, discharge, leaflet

DOCUMENTS = {"leaflet": leaflet.build, "consent": consent.build, "discharge": discharge.build}
# Documents whose body reads only the content and the brand, never the patient: laid out once per
# process and replayed under each patient's page furniture (replay.py). Built from a sheet with the
# patient emptied out, so adding a patient field to such a body can only print blanks.
SAME_FOR_EVERY_PATIENT = frozenset({"leaflet"})
