"""Tagged PDF/UA-1 and PDF/A-2b (issue 17), checked with other people's tools: pdfua, pikepdf, poppler.

Renders are made once per module (a few per document, language, paper and
print size) and read back as a screen reader and an archive would: the
structure tree in reading order, the marked content on each page, the
bookmarks, the catalog, and `pdfinfo -struct-text`.
"""

from __future__ import annotations

import io
import re
import unicodedata
from pathlib import Path

import pikepdf
import pytest
import yaml

from handout_engine.catalog import load_handout
from handout_engine.locale import labels_for
from handout_engine.models import PageSetup
from pdftools import OUTPUT, drawn_lines, drawn_text, marked_content, page_texts, struct_text, structure
from support import NAME, render_pdf

DOCUMENTS = ("leaflet", "consent", "discharge")
ARABIC_NAME = "ليلى حداد"
_renders: dict[tuple, bytes] = {}


def rendered(document: str, language: str = "en", paper: str = "a4", large: bool = False, **overrides) -> bytes:
    """One render per combination per test run (module-level cache: pdfua and pikepdf read the same bytes)."""
    key = (document, language, paper, large, tuple(sorted(overrides.items())))
    if key not in _renders:
        _renders[key] = render_pdf(document, setup=PageSetup(paper, large), language=language, **overrides)
    return _renders[key]


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large"])
@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("document", DOCUMENTS)
def test_pdfua_checker_finds_nothing(document, language, paper, large):
    """The PDF/UA checker from PyPI (pdfua) reports no finding at all, for every document, language and size."""
    from pdfua import validate

    OUTPUT.mkdir(exist_ok=True)
    path = OUTPUT / f"tagged-{document}-{language}-{paper}-{'large' if large else 'normal'}.pdf"
    path.write_bytes(rendered(document, language, paper, large))
    report = validate(str(path))
    assert [f"{f.rule_id}: {f.message}" for f in report.findings] == []


@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_page_is_marked_and_each_mcid_has_its_element(document):
    """Every text operator is inside marked content; each page's MCIDs are 0..n-1, each owned in the ParentTree."""
    pdf = rendered(document, "en", "letter", True)
    pages = marked_content(pdf)
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        nums = list(doc.Root.StructTreeRoot.ParentTree.Nums)
        parent_tree = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        for index, (page, found) in enumerate(zip(doc.pages, pages, strict=True)):
            assert found["unmarked_text"] == 0, f"page {index + 1}"
            assert found["balanced"], f"page {index + 1}"
            assert found["nested_artifacts"] == 0, "an Artifact inside tagged content"
            assert found["artifacts"] >= 1, "the page furniture is an Artifact"
            assert sorted(found["mcids"]) == list(range(len(found["mcids"]))), f"page {index + 1}: MCIDs"
            assert int(page.StructParents) == index
            assert str(page.Tabs) == "/S"
            owners = parent_tree[index]
            assert len(owners) == len(found["mcids"])
            for mcid, owner in enumerate(owners):
                kids = owner.K if isinstance(owner.K, pikepdf.Array) else [owner.K]
                assert any(
                    kid == mcid or (isinstance(kid, pikepdf.Dictionary) and kid.get("/MCID") == mcid) for kid in kids
                )


def test_replayed_leaflet_is_tagged_for_its_own_patient():
    """The leaflet's body is recorded once and replayed: a second patient's copy has its own band, read first."""
    first = rendered("leaflet")
    second = rendered("leaflet", name="Ana García López", patient_id="P-0099")
    assert marked_content(first) == marked_content(second)  # same MCIDs, page by page
    text = struct_text(second, "tagged-replayed-leaflet")
    assert text.index("Ana García López") < text.index("Balloon kyphoplasty")
    assert NAME not in text
    assert text.count("Ana García López") == 1


@pytest.mark.parametrize("document", DOCUMENTS)
def test_struct_text_reads_band_once_then_the_body_in_order_without_furniture(document):
    """poppler's struct text: the name once, first; the headings in the content's order; no footer, no page count."""
    pdf = rendered(document)
    text = struct_text(pdf, f"tagged-{document}")
    # Once in the band; the discharge sheet's details and the consent form's details and signature print it too.
    assert text.count(NAME) == {"leaflet": 1, "discharge": 2, "consent": 3}[document]
    assert text.index(NAME) < text.index("P-0042")
    assert "Page 1 of" not in text
    assert "Northbrook General Hospital" not in text.split("\n", 3)[1]
    assert "Content version" not in text
    assert "Next review" not in text
    handout = load_handout("kyphoplasty", "en")
    if document == "leaflet":
        headings = [part.heading for part in handout.leaflet.sections]
    elif document == "discharge":
        headings = [group.heading for group in handout.discharge.advice]
    else:
        labels = labels_for("en")
        headings = [labels[key] for key in ("professional_heading", "interpreter_heading", "patient_heading")]
        headings.append(labels["confirmation_heading"])
    squeezed = re.sub(r"\s+", "", text)
    positions = [squeezed.find(re.sub(r"\s+", "", heading)) for heading in headings]
    assert -1 not in positions, headings
    assert positions == sorted(positions), headings


def test_leaflet_tree_has_headings_lists_tables_and_the_band_first():
    tree = structure(rendered("leaflet"))
    roles = [role for _depth, role, _attrs in tree]
    assert roles[:5] == ["Document", "Sect", "P", "P", "H1"]  # the band, then the title
    handout = load_handout("kyphoplasty", "en")
    assert roles.count("H1") == 1
    assert roles.count("H2") >= len(handout.leaflet.sections) + 4  # and words we use, risks, choices, questions...
    # Lists: every LI holds a label (the bullet) and a body.
    for index, (depth, role, _attrs) in enumerate(tree):
        if role == "LI":
            assert [r for d, r, _a in tree[index + 1 : index + 3]] == ["Lbl", "LBody"]
            assert tree[index + 1][0] == depth + 1
    # The risk table: a header row of column headers, then one row per risk.
    table = roles.index("Table")
    assert roles[table + 1 : table + 3] == ["THead", "TR"]
    heads = [attrs for _d, role, attrs in tree[table:] if role == "TH"]
    assert heads[:2] == [{"Scope": "Column"}, {"Scope": "Column"}]
    body = roles.index("TBody", table)
    rows = [role for depth, role, _a in tree[body:] if role == "TR" and depth == tree[body][0] + 1]
    assert len(rows) >= len(handout.consent.risks)
    # The phone table: each row headed by its label.
    phones = len(roles) - 1 - roles[::-1].index("Table")
    assert next(attrs for _d, role, attrs in tree[phones:] if role == "TH") == {"Scope": "Row"}


def test_consent_tick_boxes_are_a_labelled_list():
    """Each tick box is the label of its list item, read as a ballot box; its words are the item's body."""
    tree = structure(rendered("consent"))
    labels = [attrs for _d, role, attrs in tree if role == "Lbl" and attrs.get("ActualText") == "\u2610"]
    handout = load_handout("kyphoplasty", "en")
    # leaflet given (1), anaesthesia options, the interpreter's face to face / telephone / video (3, issue 15),
    # copy given yes/no (2), consent withdrawn (1)
    assert len(labels) == 1 + len(handout.consent.anaesthesia.options) + 3 + 2 + 1
    details = [attrs for _d, role, attrs in tree if role == "TH"]
    assert details
    assert all(attrs == {"Scope": "Row"} for attrs in details[:7])


def test_bookmarks_are_the_headings_in_order():
    pdf = rendered("leaflet")
    with pikepdf.open(io.BytesIO(pdf)) as doc, doc.open_outline() as outline:
        top = outline.root
        assert [item.title for item in top] == ["Balloon kyphoplasty"]
        sections = [item.title for item in top[0].children]
    handout = load_handout("kyphoplasty", "en")
    assert sections[: len(handout.leaflet.sections)] == [part.heading for part in handout.leaflet.sections]


@pytest.mark.parametrize("language", ["en", "es"])
def test_catalog_says_language_title_and_pdf_ua(language):
    pdf = rendered("discharge", language)
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        root = doc.Root
        assert str(root.Lang) == language
        assert bool(root.MarkInfo.Marked) is True
        assert bool(root.ViewerPreferences.DisplayDocTitle) is True
        meta = doc.open_metadata()
        assert meta["pdfuaid:part"] == "1"
        assert meta["dc:title"] == str(doc.docinfo.Title)


def test_a_name_in_another_script_has_its_language_and_actual_text():
    """An Arabic name is read in Arabic (Lang ar), from its letters in order (ActualText), in the band and the table."""
    tree = structure(rendered("discharge", name=ARABIC_NAME))
    named = [(role, attrs) for _d, role, attrs in tree if attrs.get("ActualText") == ARABIC_NAME]
    assert [role for role, _attrs in named] == ["P", "TD"]  # the band (read first) and the details table's cell
    named = [attrs for _role, attrs in named]
    assert all(attrs["Lang"] == "ar" for attrs in named)
    assert tree[2][2]["Lang"] == "ar"  # Document > Sect > P: the band's name comes first


def test_tagged_documents_are_still_byte_identical_on_a_rerun():
    for document in DOCUMENTS:
        assert render_pdf(document) == rendered(document)


@pytest.mark.parametrize("document", DOCUMENTS)
def test_archive_is_pdf_a_2b_with_srgb_and_keeps_its_tags(document):
    from handout_engine.archive import pdf_a_findings

    pdf = render_pdf(document, setup=PageSetup(archive=True))
    assert pdf_a_findings(pdf) == []
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        intent = doc.Root.OutputIntents[0]
        assert str(intent.S) == "/GTS_PDFA1"
        assert int(intent.DestOutputProfile.N) == 3
        assert doc.open_metadata().pdfa_status == "2B"
        assert "/StructTreeRoot" in doc.Root
        assert str(doc.Root.Lang) == "en"
    assert render_pdf(document, setup=PageSetup(archive=True)) == pdf  # deterministic


def test_archive_names_pdf_ua_and_pdf_a_in_its_xmp():
    """Both identifications, read back with pikepdf; the PDF/UA one described by an extension schema as PDF/A-2 asks."""
    import xml.etree.ElementTree as ET

    from pikepdf import pdfa

    pdf = render_pdf("discharge", setup=PageSetup(archive=True))
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        meta = doc.open_metadata()
        assert meta.pdfa_status == "2B"
        assert meta["pdfuaid:part"] == "1"
        assert meta["dc:title"] == str(doc.docinfo.Title)
        packet = ET.fromstring(doc.Root.Metadata.read_bytes())
    schema = "{http://www.aiim.org/pdfa/ns/schema#}"
    prop = "{http://www.aiim.org/pdfa/ns/property#}"
    items = list(packet.iter("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}li"))
    schemas = [(li.findtext(f"{schema}namespaceURI"), li.findtext(f"{schema}prefix")) for li in items]
    assert [found for found in schemas if found[0]] == [("http://www.aiim.org/pdfua/ns/id/", "pdfuaid")]
    properties = [(li.findtext(f"{prop}name"), li.findtext(f"{prop}valueType")) for li in items]
    assert [found for found in properties if found[0]] == [("part", "Integer")]
    # pikepdf's validator reads no extension schemas: what it says is about them, and nothing else.
    findings = {f.message for f in pdfa.validate_written(io.BytesIO(pdf), "2b").findings}
    assert findings == {
        "XMP property pdfuaid:part is not permitted",
        "XMP property pdfaExtension:schemas is not permitted",
        "XMP namespace pdfaExtension=http://www.aiim.org/pdfa/ns/extension/ is not permitted",
        "XMP namespace pdfaSchema=http://www.aiim.org/pdfa/ns/schema# is not permitted",
        "XMP namespace pdfaProperty=http://www.aiim.org/pdfa/ns/property# is not permitted",
    }


SHAPED = ["arabic", "urdu", "devanagari", "bengali", "malayalam", "thai", "khmer"]
NAMES = yaml.safe_load((Path(__file__).parent / "data" / "names_by_script.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("script", SHAPED)
def test_archive_with_shaped_names_passes_pdf_a_and_copies_out_exactly(script):
    """Shaped glyphs drawn narrower or wider than the font's own advance (marks, joined forms, Nastaliq's climbing
    joins, the empty glyph a right-to-left cluster's characters ride on): PDF/A 6.2.11.5 asks that the embedded font
    say the same widths as the font dictionary. Real names in each script, validated by pikepdf (the PDF/UA
    identification's extension schema aside: archive.pdf_a_findings)."""
    from handout_engine.archive import pdf_a_findings

    names = NAMES[script]["names"]
    overrides = {"name": " ".join(names), "language": NAMES[script]["language"], "notes": " ".join(names)}
    if NAMES[script]["language"] == "ur":
        # Names copied out of an English page (vertebroplasty has no Urdu translation): pypdf cannot read Nastaliq
        # back from the Urdu handout's own right-to-left pages, archived in test_urdu_handout.py.
        overrides["handout"] = "vertebroplasty"
    pdf = render_pdf("discharge", setup=PageSetup(archive=True), **overrides)
    assert pdf_a_findings(pdf) == []
    text = unicodedata.normalize("NFC", " ".join(page_texts(pdf)))
    if NAMES[script]["language"] == "ar":
        # The Arabic handout is a right-to-left document: pypdf's reordering breaks its runs where a word's glyphs
        # change font subset, so the names are read as drawn, right to left (as in test_names_any_script.py).
        text = unicodedata.normalize("NFC", "\n".join(drawn_text(line) for line in drawn_lines(pdf)))
        names = [name[::-1] for name in names]
    for name in names:
        assert unicodedata.normalize("NFC", name) in text, (script, name)
    assert render_pdf("discharge", setup=PageSetup(archive=True), **overrides) == pdf  # deterministic


@pytest.mark.parametrize("style", ["title", "heading", "subheading"])
def test_a_right_to_left_heading_keeps_its_heading_role(style):
    """A right-to-left paragraph is set in a right-aligned copy of its style (text/paragraphs.py); a heading so set
    must still be a heading in the structure tree and the bookmarks, not a P (found by the rtl review)."""
    from reportlab.lib.styles import ParagraphStyle

    from handout_engine.text.paragraphs import _right_aligned
    from layouts.tagging import STYLE_ROLES, _paragraph_tag

    right = _right_aligned(ParagraphStyle(style))
    role, bookmark, _attributes = _paragraph_tag("ما بعد العملية", right.name, True, False, "en")
    assert role == STYLE_ROLES[style]
    assert bookmark == "ما بعد العملية"
