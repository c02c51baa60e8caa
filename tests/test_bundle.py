"""The print bundle on its own: documents appended as they come, each starting on a right-hand page."""

from __future__ import annotations

import io

from pypdf import PdfReader

from handout_engine.bundle import PrintBundle, fragment_of
from support import render_pdf


def test_each_document_starts_on_an_odd_page_and_is_bookmarked_under_its_patient(tmp_path):
    leaflet, consent = render_pdf("leaflet"), render_pdf("consent", patient_id="P-2")
    path = tmp_path / "bundle.pdf"
    bundle = PrintBundle(path)
    bundle.add(fragment_of(leaflet), "Patient P-0042", "Leaflet")
    bundle.add(fragment_of(consent), "Patient P-2", "Consent form")
    assert not path.exists(), "the bundle appears only when it is closed"
    bundle.close()
    reader = PdfReader(path)
    lengths = [len(PdfReader(io.BytesIO(pdf)).pages) for pdf in (leaflet, consent)]
    padded = [n + n % 2 for n in lengths]
    assert len(reader.pages) == sum(padded)
    assert [item.title for item in reader.outline if not isinstance(item, list)] == ["Patient P-0042", "Patient P-2"]
    second_start = reader.pages[padded[0]].extract_text()
    assert "P-2" in second_start
    assert "Page 1 of" in second_start


def test_an_aborted_bundle_leaves_nothing(tmp_path):
    path = tmp_path / "bundle.pdf"
    bundle = PrintBundle(path)
    bundle.add(fragment_of(render_pdf("leaflet")), "Patient P-0042", "Leaflet")
    bundle.abort()
    assert list(tmp_path.iterdir()) == []
