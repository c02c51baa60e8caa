"""A consent form made as PDF/A-2b, signed on screen by each signer in turn, is still PDF/A-2b (issue 17).

The record copy a clinic files is the sealed, signed form, so it must be the archive file too: signing adds
incremental updates (PAdES), and each keeps the file at PDF 1.7 and draws what it fills in (the date, the
printed name, the signature's look) in an embedded font. Checked with pikepdf's PDF/A validator, on the
fields' looks too (flattened into a copy), and with pyHanko's own verification: every signature intact and
trusted, and a change after a signature still found.
"""

from __future__ import annotations

import io
import logging

import pikepdf
import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from handout_engine.archive import pdf_a_findings
from handout_engine.consent_form import tick, tick_boxes
from handout_engine.demo_keys import make_demo_keys
from handout_engine.models import PageSetup
from handout_engine.signing import load_signing_key, sign_pdf, trust_roots, verify_pdf
from support import render_pdf

PROFESSIONAL = "Δρ Ελένη Παπαδοπούλου"  # beyond Latin-1: the printed-name line is filled in its own script
PATIENT = "ليلى حداد"


@pytest.fixture(scope="module")
def keys(tmp_path_factory):
    made = make_demo_keys(tmp_path_factory.mktemp("keys"))
    return made, load_signing_key(str(made.key), made.password)


@pytest.fixture(scope="module")
def archived() -> bytes:
    return render_pdf("consent", setup=PageSetup(fillable=True, archive=True))


@pytest.fixture(scope="module")
def signed(archived, keys) -> bytes:
    _made, key = keys
    pdf = tick(archived, [tick_boxes(archived)[0].name])
    pdf = sign_pdf(pdf, "professional", PROFESSIONAL, key)
    return sign_pdf(pdf, "patient", PATIENT, key)


def checks(pdf: bytes, keys) -> list:
    made, _key = keys
    logging.disable(logging.CRITICAL)  # pyHanko logs each path it tries; the checks say what matters
    try:
        return verify_pdf(pdf, trust_roots([str(made.trust_root)]))
    finally:
        logging.disable(logging.NOTSET)


def fields(doc) -> dict:
    return {str(field.T): field for field in doc.Root.AcroForm.Fields}


def test_the_signed_form_is_still_pdf_a_2b_and_pdf_1_7(archived, signed):
    assert pdf_a_findings(archived) == []
    assert pdf_a_findings(signed) == []
    with pikepdf.open(io.BytesIO(signed)) as doc:
        assert doc.open_metadata().pdfa_status == "2B"
        assert str(doc.Root.get("/Version", "/1.7")) == "/1.7"
        assert doc.pdf_version <= "1.7"
        # No developer extension says the file extends a later PDF (pyHanko's ISO 32002 one is on 2.0): ETSI's only.
        extensions = doc.Root.get("/Extensions", {})
        assert list(extensions.keys()) == ["/ESIC"]
        assert all(str(entry.BaseVersion) <= "/1.7" for entry in extensions.values())


def test_every_signature_is_intact_and_trusted(signed, keys):
    found = checks(signed, keys)
    assert [(check.role, check.intact, check.trusted) for check in found] == [
        ("professional", True, True),
        ("patient", True, True),
    ]


def test_the_filled_lines_are_drawn_in_an_embedded_font(signed):
    """The printed name, in Greek, is the field's value and its look, in a font inside the file."""
    with pikepdf.open(io.BytesIO(signed)) as doc:
        filled = fields(doc)
        for name in ("professional_name", "professional_date", "patient_date"):
            look = filled[name].AP.N
            fonts = list(look.Resources.Font.values())
            assert fonts, name
            for font in fonts:
                descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
                descriptor = descendant.FontDescriptor
                assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), name
        assert str(filled["professional_name"].V) == PROFESSIONAL


def test_a_look_in_a_font_not_embedded_is_found(signed):
    """The check reads the fields' looks: one redrawn in plain Helvetica (not embedded) fails PDF/A."""
    with pikepdf.open(io.BytesIO(signed)) as doc:
        field = next(f for f in doc.Root.AcroForm.Fields if str(f.T) == "professional_name")
        helvetica = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont="/Helvetica")
        look = doc.make_stream(b"/Tx BMC q BT 0 g /Helv 10 Tf 2 4 Td (Dr Priya Raman) Tj ET Q EMC")
        look.Type, look.Subtype, look.BBox = pikepdf.Name.XObject, pikepdf.Name.Form, field.AP.N.BBox
        look.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(Helv=helvetica))
        field.AP = pikepdf.Dictionary(N=look)
        out = io.BytesIO()
        doc.save(out)
    findings = pdf_a_findings(out.getvalue())
    assert any("not embedded" in finding or "FontDescriptor" in finding for finding in findings), findings


def test_a_locked_look_changed_in_place_after_signing_is_found(signed, keys):
    """A later update that rewrites a locked field's look in the same object (not a new one) breaks the
    professional's signature, though its value never changed."""
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    for ref in writer.root["/AcroForm"]["/Fields"]:
        field = ref.get_object()
        if field.get("/T") == "professional_job_title":
            look = field["/AP"].raw_get("/N")
            forged = generic.StreamObject(dict(look.get_object().items()), stream_data=b"/Tx BMC BT ET EMC")
            del forged["/Filter"]
            del forged["/Length"]
            writer.mark_update(look)
            writer.objects[(look.generation, look.idnum)] = forged
    out = io.BytesIO()
    writer.write(out)
    found = {check.role: check for check in checks(out.getvalue(), keys)}
    assert not found["professional"].intact, found["professional"]
