"""The fillable consent form's fields in the structure tree, and filed as PDF/A-2b with its fields (issue 17).

Each widget annotation is the content of a Form element (an OBJR) at its place in reading order, found from the
widget through its /StructParent and the ParentTree, with its label as /TU; read back with pikepdf and poppler,
and `pdfua` finds nothing. The archive of a fillable form passes pikepdf's PDF/A validator on everything it
supports and, for the fields (which it does not), the PDF/A-2 rules on forms and annotations.
"""

from __future__ import annotations

import io
import json

import pikepdf
import pytest
from pdfua import validate

from handout_engine.archive import form_findings, pdf_a_findings
from handout_engine.models import PageSetup
from pdftools import OUTPUT, struct_text
from support import RECORD, render_pdf, run

_renders: dict[tuple, bytes] = {}


def fillable(language: str = "en", paper: str = "a4", large: bool = False, archive: bool = False) -> bytes:
    key = (language, paper, large, archive)
    if key not in _renders:
        setup = PageSetup(paper, large, fillable=True, archive=archive)
        _renders[key] = render_pdf("consent", setup=setup, language=language)
    return _renders[key]


@pytest.mark.parametrize(("language", "paper", "large"), [("en", "a4", False), ("es", "letter", True)])
def test_pdfua_finds_nothing_in_the_fillable_consent_form(language, paper, large):
    OUTPUT.mkdir(exist_ok=True)
    path = OUTPUT / f"fillable-consent-{language}-{paper}-{'large' if large else 'normal'}.pdf"
    path.write_bytes(fillable(language, paper, large))
    assert [f"{f.rule_id}: {f.message}" for f in validate(str(path)).findings] == []


def forms_in_reading_order(doc) -> list:
    """Each Form element's widget, in the order the structure tree is read."""
    found = []

    def visit(element):
        kids = element.get("/K")
        kids = list(kids) if isinstance(kids, pikepdf.Array) else [] if kids is None else [kids]
        for kid in kids:
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR":
                assert element.S == "/Form"
                found.append(kid.Obj)
            elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                visit(kid)

    visit(doc.Root.StructTreeRoot.K)
    return found


def test_every_widget_is_a_form_element_found_from_the_widget_with_its_label():
    with pikepdf.open(io.BytesIO(fillable())) as doc:
        widgets = [a for page in doc.pages for a in page.get("/Annots", []) if a.get("/Subtype") == "/Widget"]
        assert len(widgets) == len(doc.Root.AcroForm.Fields) > 30
        root = doc.Root.StructTreeRoot
        nums = list(root.ParentTree.Nums)
        parent_tree = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        for widget in widgets:
            assert str(widget.TU).strip(), widget.T  # the label a screen reader announces
            form = parent_tree[int(widget.StructParent)]
            assert form.S == "/Form"
            assert form.K.Type == "/OBJR"
            assert form.K.Obj.objgen == widget.objgen
            assert form.K.Pg.objgen == widget.P.objgen
        assert int(root.ParentTreeNextKey) == max(parent_tree) + 1
        assert all(page.Tabs == "/S" for page in doc.pages)  # Tab goes through the fields in structure order
        order = forms_in_reading_order(doc)
        assert sorted(w.objgen for w in order) == sorted(w.objgen for w in widgets)  # each exactly once


def test_fields_are_read_where_they_are_on_the_page():
    """Reading order: page by page, top to bottom, left to right within a line (as a person fills the form)."""
    with pikepdf.open(io.BytesIO(fillable())) as doc:
        pages = {page.objgen: number for number, page in enumerate(doc.pages)}
        order = forms_in_reading_order(doc)
        places = [(pages[w.P.objgen], -round(float(w.Rect[3])), float(w.Rect[0])) for w in order]
        names = [str(w.T) for w in order]
    assert [name for _place, name in sorted(zip(places, names, strict=True))] == names


def test_a_write_in_field_follows_its_printed_label():
    """In poppler's structure text each signer's line's Form comes right after the words printed beside it."""
    text = struct_text(fillable(), "fillable-consent-struct")
    lines = text.splitlines()
    labels = [
        next(line.strip().strip('"') for line in reversed(lines[:i]) if line.strip().startswith('"'))
        for i, line in enumerate(lines)
        if line.strip() == "Form" and lines[i - 1].strip() != '""'  # not a tick box (its Lbl draws the box)
    ]
    with pikepdf.open(io.BytesIO(fillable())) as doc:
        tooltips = [str(w.TU) for w in forms_in_reading_order(doc) if w.FT != "/Btn"]
    assert len(labels) == len(tooltips)
    for label, tooltip in zip(labels, tooltips, strict=True):
        assert tooltip.endswith(label) or label.startswith(tooltip[:20]), (label, tooltip)


def test_the_archive_of_a_fillable_form_is_pdf_a_2b_with_its_fields():
    pdf = fillable(archive=True)
    assert pdf_a_findings(pdf) == []
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        assert doc.open_metadata().pdfa_status == "2B"
        assert doc.open_metadata()["pdfuaid:part"] == "1"
        assert form_findings(doc) == []
        fields = list(doc.Root.AcroForm.Fields)
        assert len(fields) > 30
        assert all(set(field.AP.keys()) == {"/N"} for field in fields)
        assert not doc.Root.AcroForm.get("/NeedAppearances", False)
        assert len(forms_in_reading_order(doc)) == len(fields)  # still in the structure tree
    assert fillable(archive=True) == render_pdf("consent", setup=PageSetup(fillable=True, archive=True))


def test_the_form_checks_find_what_pdf_a_forbids():
    """The same checks on the form as printed (fillable, not archived): its text fields have no appearance yet."""
    with pikepdf.open(io.BytesIO(fillable())) as doc:
        findings = form_findings(doc)
    assert "6.3.3: field patient_signature has no appearance, or more than its normal one" in findings
    with pikepdf.open(io.BytesIO(fillable(archive=True))) as doc:
        doc.Root.AcroForm.NeedAppearances = True
        doc.Root.AcroForm.Fields[0].AA = pikepdf.Dictionary()
        findings = form_findings(doc)
    assert findings[:2] == ["6.4.1: NeedAppearances is true", "6.4.1: field patient_concerns has an action"]


def test_render_fillable_archive_makes_the_consent_form(tmp_path):
    source = tmp_path / "patients.json"
    source.write_text(json.dumps([RECORD]), encoding="utf-8")
    out = tmp_path / "out"
    result = run("render", str(source), "--document", "consent", "--fillable", "--archive", "--out", str(out))
    assert result.exit_code == 0, result.output
    pdf = (out / "P-0042" / "consent.pdf").read_bytes()
    assert pdf_a_findings(pdf) == []
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        assert "/AcroForm" in doc.Root
