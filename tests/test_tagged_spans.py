"""A word or name in another script inside a paragraph is a Span with its own /Lang (issue 17).

Read back as a screen reader gets it: the structure tree with pikepdf, poppler's
`pdfinfo -struct-text`, the content stream's marked content (each sequence
nested properly with the text objects, as PDF requires), and the PDF/UA
checker from PyPI. The names are real names in their scripts.
"""

from __future__ import annotations

import io

import pikepdf
import pytest
from pdfua import validate

from handout_engine.models import PageSetup
from pdftools import OUTPUT, marked_content, page_texts, struct_text, structure, text_runs
from support import render_pdf

ARABIC = "ليلى حداد"
CHINESE = "王秀英"
GREEK = "Δήμητρα Παπαδοπούλου"
ARABIC_NOTE = f"Her daughter {ARABIC} will collect her."
_renders: dict[tuple, bytes] = {}


def rendered(document: str, **overrides) -> bytes:
    key = (document, tuple(sorted(overrides.items())))
    if key not in _renders:
        _renders[key] = render_pdf(document, **overrides)
    return _renders[key]


def element(pdf: bytes, predicate) -> dict:
    """The first structure element (read with pikepdf) for which `predicate(element)` holds, as plain values."""
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        found = _find(doc.Root.StructTreeRoot.K, predicate)
        assert found is not None
        return _plain(found)


def _find(node, predicate):
    if predicate(node):
        return node
    kids = node.get("/K")
    kids = list(kids) if isinstance(kids, pikepdf.Array) else [] if kids is None else [kids]
    for kid in kids:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            hit = _find(kid, predicate)
            if hit is not None:
                return hit
    return None


def _plain(node) -> dict:
    kids = node.get("/K")
    kids = list(kids) if isinstance(kids, pikepdf.Array) else [] if kids is None else [kids]
    return {
        "role": str(node.S)[1:],
        "attrs": {key[1:]: str(node[key]) for key in ("/Lang", "/ActualText") if key in node},
        "kids": [_plain(kid) if isinstance(kid, pikepdf.Dictionary) and "/S" in kid else "mcid" for kid in kids],
    }


def has_span(node) -> bool:
    kids = node.get("/K")
    kids = list(kids) if isinstance(kids, pikepdf.Array) else [] if kids is None else [kids]
    return any(isinstance(kid, pikepdf.Dictionary) and str(kid.get("/S")) == "/Span" for kid in kids)


def properly_nested(pdf: bytes) -> bool:
    """BDC/EMC and BT/ET pairs nest separately, as ISO 32000 asks (no mark begun outside a text object ends in it)."""
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            stack: list[str] = []
            for _operands, operator in pikepdf.parse_content_stream(page):
                op = str(operator)
                if op in ("BT", "BDC", "BMC"):
                    stack.append("BT" if op == "BT" else "BDC")
                elif op in ("ET", "EMC") and (not stack or stack.pop() != ("BT" if op == "ET" else "BDC")):
                    return False
            if stack:
                return False
    return True


def checked(pdf: bytes, stem: str) -> None:
    """pdfua finds nothing; every glyph is in marked content; marks and text objects nest; each page balanced."""
    OUTPUT.mkdir(exist_ok=True)
    path = OUTPUT / f"{stem}.pdf"
    path.write_bytes(pdf)
    assert [f"{f.rule_id}: {f.message}" for f in validate(str(path)).findings] == []
    assert all(page["unmarked_text"] == 0 and page["balanced"] for page in marked_content(pdf))
    assert properly_nested(pdf)


def test_an_arabic_name_in_an_english_note_is_a_span_read_in_arabic():
    pdf = rendered("discharge", notes=ARABIC_NOTE)
    paragraph = element(pdf, has_span)
    assert paragraph["role"] == "P"
    assert paragraph["attrs"] == {}  # the sentence is read in English, from its own glyphs
    assert [kid if kid == "mcid" else kid["role"] for kid in paragraph["kids"]] == ["mcid", "Span", "mcid"]
    span = paragraph["kids"][1]
    assert span["attrs"]["Lang"] == "ar"
    assert span["attrs"]["ActualText"].strip() == ARABIC  # the letters in reading order, not the shaped glyphs
    text = struct_text(pdf, "span-arabic-note")
    assert text.index('"Her daughter "') < text.index("Span (inline)") < text.index('"will collect her."')
    checked(pdf, "span-arabic-note")


def test_a_chinese_name_in_a_table_cell_beside_english_words():
    pdf = rendered("discharge", clinician=f"Dr {CHINESE}")
    cell = element(pdf, has_span)
    assert cell["role"] == "TD"
    assert cell["attrs"] == {}
    assert cell["kids"][1] == {"role": "Span", "attrs": {"Lang": "zh"}, "kids": ["mcid"]}  # ToUnicode reads it
    text = struct_text(pdf, "span-chinese-cell")
    assert '"Dr "' in text
    assert f'"{CHINESE}"' in text
    checked(pdf, "span-chinese-cell")


def test_a_greek_name_in_a_spanish_paragraph():
    note = f"Su hija {GREEK} la recogerá."
    pdf = rendered("discharge", language="es", notes=note)
    paragraph = element(pdf, has_span)
    span = paragraph["kids"][1]
    assert span == {"role": "Span", "attrs": {"Lang": "el"}, "kids": ["mcid"]}  # one Span for both names
    assert paragraph["attrs"] == {}
    assert f'"{GREEK}"' in struct_text(pdf, "span-greek-es")
    checked(pdf, "span-greek-es")


def test_a_name_in_the_documents_own_script_is_no_span():
    """A Chinese name in the Chinese handout is read in Chinese already; the Latin "Dr" beside it is no language."""
    pdf = rendered("discharge", language="zh", clinician=f"Dr {CHINESE}")
    assert not [role for _depth, role, _attrs in structure(pdf) if role == "Span"]
    assert all(attrs.get("Lang") != "zh" for _depth, _role, attrs in structure(pdf))  # the document's: no Lang
    checked(pdf, "span-none-zh")


def test_two_languages_in_one_sentence_and_a_run_over_two_lines():
    """Each run is its own Span in reading order; a run broken over two lines is still one Span."""
    long_arabic = " ".join([ARABIC] * 12)  # wraps in the notes box
    note = f"Visited by {CHINESE} and {long_arabic} today."
    pdf = rendered("discharge", notes=note)
    paragraph = element(pdf, has_span)
    spans = [kid for kid in paragraph["kids"] if kid != "mcid"]
    assert [span["attrs"]["Lang"] for span in spans] == ["zh", "ar"]
    assert spans[1]["attrs"]["ActualText"].strip() == long_arabic  # one Span, its words in reading order
    arabic_lines = {
        y for page in text_runs(pdf) for y, _size, text in page if any("\u0600" <= c <= "\u06ff" for c in text)
    }
    assert len(arabic_lines) >= 2  # it did wrap
    checked(pdf, "span-two-languages")


def test_spans_leave_the_printed_page_and_its_text_as_they_were():
    """Markers draw nothing: the page text is the same words, in the same places, and a re-run is byte-identical."""
    pdf = rendered("discharge", notes=ARABIC_NOTE)
    assert render_pdf("discharge", notes=ARABIC_NOTE) == pdf
    words = " ".join(page_texts(pdf))
    assert "Her daughter" in words
    assert "will collect her." in words


@pytest.mark.parametrize("fillable", [False, True], ids=["printed", "fillable"])
def test_spans_in_the_consent_form(fillable):
    pdf = render_pdf("consent", setup=PageSetup(fillable=fillable), clinician=f"Dr {CHINESE}", name=ARABIC)
    assert [attrs["Lang"] for _d, role, attrs in structure(pdf) if role == "Span"] == ["zh"]
    assert properly_nested(pdf)


def test_a_medicine_in_another_script_in_its_list_item():
    """Medicines are a bulleted list: the bullet is the item's Lbl, the words its LBody with the name as a Span."""
    medicines = f"Tea (شاي) with milk;Tea with {CHINESE};Paracetamol (باراسيتامول) 1 g up to four times a day"
    pdf = rendered("discharge", medications=medicines)
    tree = structure(pdf)
    spans = [(tree[i - 2][1], tree[i - 1], attrs) for i, (_d, role, attrs) in enumerate(tree) if role == "Span"]
    assert [(lbl, body[1], attrs) for lbl, body, attrs in spans] == [
        ("Lbl", "LBody", {"Lang": "ar", "ActualText": "شاي"}),
        ("Lbl", "LBody", {"Lang": "zh"}),
        ("Lbl", "LBody", {"Lang": "ar", "ActualText": "باراسيتامول"}),
    ]
    assert [body[2] for _lbl, body, _attrs in spans[:2]] == [{}, {}]  # read from their own glyphs
    # The bidi rules draw "1" and ")" to the left of an Arabic word before them: that item is read from its text.
    assert spans[2][1][2] == {"ActualText": "Paracetamol (باراسيتامول) 1 g up to four times a day"}
    text = struct_text(pdf, "span-medicine")
    assert text.index('"Tea ("') < text.index("Span (inline)") < text.index('") with milk"')
    checked(pdf, "span-medicine")


def test_spans_are_kept_in_the_archive_which_passes_pdf_a():
    from handout_engine.archive import pdf_a_findings

    pdf = render_pdf("discharge", setup=PageSetup(archive=True), notes=ARABIC_NOTE, clinician=f"Dr {CHINESE}")
    assert pdf_a_findings(pdf) == []
    assert [attrs["Lang"] for _d, role, attrs in structure(pdf) if role == "Span"] == ["zh", "ar"]


@pytest.mark.parametrize(
    ("name", "language"),
    [("សុខ ចាន់ធី", "km"), ("အောင်ဆန်းစုကြည်", "my"), ("བསྟན་འཛིན་", "bo")],
    ids=["khmer", "myanmar", "tibetan"],
)
def test_a_name_whose_vowels_are_drawn_first_is_read_from_its_text(name, language):
    """Khmer, Myanmar and Tibetan draw some vowels before the consonant they follow in the text, so the glyphs copy
    out in another order: the Span carries the name itself as /ActualText (they are shaped, so it is given)."""
    pdf = rendered("discharge", notes=f"Her son {name} will collect her.")
    span = element(pdf, has_span)["kids"][1]
    assert span["attrs"]["Lang"] == language
    assert span["attrs"]["ActualText"].strip() == name
    checked(pdf, f"span-{language}-note")


def parent_tree_owns_every_mcid(pdf: bytes) -> bool:
    """Each page's MCIDs are 0..n-1 and the ParentTree names the element holding each (the band's come last)."""
    pages = marked_content(pdf)
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        nums = list(doc.Root.StructTreeRoot.ParentTree.Nums)
        owners = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        for index, found in enumerate(pages):
            if sorted(found["mcids"]) != list(range(len(found["mcids"]))) or len(owners[index]) != len(found["mcids"]):
                return False
            for mcid, owner in enumerate(owners[index]):
                kids = owner.K if isinstance(owner.K, pikepdf.Array) else [owner.K]
                if not any(
                    kid == mcid or (isinstance(kid, pikepdf.Dictionary) and kid.get("/MCID") == mcid) for kid in kids
                ):
                    return False
    return True


@pytest.mark.parametrize("document", ["leaflet", "consent", "discharge"])
def test_a_name_in_another_script_in_the_band_is_a_span_read_first(document):
    """The first page's band is read before the body: a Chinese or Arabic name in it is a Span with its /Lang
    (the Arabic with its /ActualText), beside the words read in the document's language."""
    for name, language, actual in ((f"Ann {CHINESE}", "zh", None), (f"Ann {ARABIC}", "ar", ARABIC)):
        pdf = rendered(document, name=name)
        band = element(pdf, lambda node: str(node.get("/S")) == "/Sect")
        line = band["kids"][0]
        assert line["role"] == "P"
        assert line["attrs"] == {}  # "Ann" is read in English
        assert [kid if kid == "mcid" else kid["role"] for kid in line["kids"]] == ["mcid", "Span"]
        span = line["kids"][1]
        assert span["attrs"].get("Lang") == language
        assert (span["attrs"].get("ActualText") or "").strip() == (actual or "")
        text = struct_text(pdf, f"span-band-{document}-{language}")
        assert text.index("Span (inline)") < text.index("Balloon kyphoplasty")
        assert parent_tree_owns_every_mcid(pdf)
        checked(pdf, f"span-band-{document}-{language}")


def test_the_band_s_spans_on_a_replayed_leaflet_in_large_print_and_right_to_left():
    """A second patient's replayed leaflet, large print on Letter, and an Arabic document: each band's Span is its
    own patient's, and every page still passes pdfua with each MCID owned."""
    rendered("leaflet", name=f"Ann {CHINESE}")
    cases = [
        ("leaflet", {"name": f"Bob {GREEK}", "patient_id": "P-0077"}, "el"),
        ("discharge", {"name": f"Bob {CHINESE}", "setup": PageSetup("letter", large_print=True)}, "zh"),
    ]
    for document, overrides, language in cases:
        pdf = render_pdf(document, **overrides)
        spans = [attrs["Lang"] for _depth, role, attrs in structure(pdf)[:6] if role == "Span"]
        assert spans == [language]
        assert parent_tree_owns_every_mcid(pdf)
        checked(pdf, f"span-band-again-{document}")
    arabic = render_pdf("discharge", language="ar", name=f"Ann {CHINESE}")
    assert parent_tree_owns_every_mcid(arabic)
    checked(arabic, "span-band-arabic-document")
