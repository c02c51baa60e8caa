"""Paper that is safe for every patient (issue 15): every paper, print size, language, name and medicines list.

Each case is rendered once and read back once (paper_checks, pdfplumber), and
every check reads the PDF the way a clinical print reviewer would: is each
statement on the page with its signature lines, is "Get help now" whole on
page 1, is a name ever broken inside a word, does anything print under the
barcode or in the margins, is a page left nearly empty, is large print large
everywhere. The worst cases are rendered to tests/output/ to look at.
"""

from __future__ import annotations

import functools
import io
import itertools

import pytest
from paper_checks import (
    body_lines,
    broken_name_words,
    carried_over_that_would_fit,
    in_order_on_one_page,
    line_lengths,
    name_on_page,
    names_shared_by_different_glyphs,
    outside_band,
    printed_in_margin,
    printed_under_barcode,
    read,
    signing_row_words,
    small_characters,
)

from handout_engine.bundle import PrintBundle, fragment_of
from handout_engine.catalog import load_brand, load_handout
from handout_engine.locale import labels_for
from handout_engine.merge import merge_sheet
from handout_engine.models import PageSetup
from handout_engine.render import render_document
from pdftools import render_pngs
from support import TWELVE_MEDICINES, make_patient

pytestmark = pytest.mark.slow  # about 100 documents, each read back character by character

NAMES = {
    "short": "Ann Fox",
    # 90 characters, double-barrelled, with one of the longest real surname words (35 letters).
    "long": "Alexandrina Featherstonehaugh-Cholmondeley Wolfeschlegelsteinhausenbergerdorff-Worthington",
    "rtl": "عبد الرحمن بن محمد الهاشمي",
}
MEDICINES = {
    "none": None,
    "twelve": TWELVE_MEDICINES,
}
PAPERS = ("a4", "letter")
PRINTS = ("normal", "large")
LANGUAGES = ("en", "es")
SIGNED = ("consent", "discharge")


@functools.cache
def case(document: str, paper: str, size: str, language: str, name: str, medicines: str = "none"):
    """(pdf, pages read back) for one case, rendered and read once per test run."""
    patient = make_patient(name=NAMES[name], language=language, medications=MEDICINES[medicines])
    sheet = merge_sheet(load_handout("kyphoplasty", language), patient, load_brand("northbrook"))
    pdf = render_document(sheet, document, PageSetup(paper, size == "large")).pdf
    return pdf, read(pdf)


BASE = list(itertools.product(PAPERS, PRINTS, LANGUAGES, NAMES))
CASES = [
    *(("leaflet", *c, "none") for c in BASE),
    *(("consent", *c, "none") for c in BASE),
    *(("discharge", *c, m) for c in BASE for m in MEDICINES),
]


def ids(value):
    return "-".join(value)


@pytest.mark.parametrize("key", CASES, ids=ids)
def test_every_page_names_its_patient_whole_and_nothing_runs_off(key):
    document, paper, size, language, name, medicines = key
    _pdf, pages = case(document, paper, size, language, name, medicines)
    full = NAMES[name]
    assert broken_name_words(pages, full) == []
    for page in pages:
        assert name_on_page(page, full), (page.number, page.text[:300])
        assert printed_in_margin(page) == [], page.number
        assert printed_under_barcode(page) == [], page.number
        assert outside_band(page) == [], page.number
        if document in SIGNED:
            assert page.barcode is not None, page.number


# A frame keeps its bottom padding and the space before a heading, and blocks are measured here from their
# text (not their rules): a block that did not fit can look up to 45 pt smaller than the space it missed.
# The half-empty page this catches (large print on Letter, the interpreter's lines carried over) had 64 pt
# more than its block needed, the worst 184 pt.
CARRY_SLACK = 50


@pytest.mark.parametrize("key", CASES, ids=ids)
def test_no_page_but_the_last_is_nearly_empty(key):
    _pdf, pages = case(*key)
    for page in pages[:-1]:
        assert page.body_fill() >= 0.2, (page.number, round(page.body_fill(), 2))
    # A section carried over to a "(continued)" page only when what it carries did not fit on the page before:
    # a page half empty is not near-empty by the fifth rule, but it is a page a reviewer would send back.
    L = labels_for(key[3])
    headings = [L["continued"].format(heading=heading) for heading, _signing in statements(key[3])]
    row_words = signing_row_words(L, NAMES[key[4]])
    closing = L["reviewed"].split("{")[0]
    assert carried_over_that_would_fit(pages, headings, L["signed"], row_words, CARRY_SLACK, closing) == []
    # The last page is never only the lines printed once at the end (large print's review dates), or one source.
    last = " ".join(word for line in body_lines(pages[-1]) for word in line.words)
    assert not last.startswith(closing.strip()), last[:200]
    assert len(body_lines(pages[-1])) > 3, last[:200]


@pytest.mark.parametrize("key", [c for c in CASES if c[2] == "large"], ids=ids)
def test_large_print_is_large_for_every_word(key):
    _pdf, pages = case(*key)
    assert small_characters(pages, 16) == []


@pytest.mark.parametrize("key", [c for c in CASES if c[2] == "normal"], ids=ids)
def test_standard_print_lines_are_short_enough_to_read(key):
    _pdf, pages = case(*key)
    lengths = [n for page in pages for n in line_lengths(page, 12)]
    assert max(lengths) <= 78, max(lengths)


def statements(language: str) -> list[tuple[str, list[str]]]:
    """Each consent statement: its heading, and what its signing page must show after the heading, in order."""
    L = labels_for(language)
    return [
        (L["professional_heading"], [L["contact_later"].split("{")[0].strip(), L["signed"], L["job_title"]]),
        (L["interpreter_heading"], [L["interpreter_statement"], L["signed"], L["printed_name"]]),
        (L["patient_heading"], [L["signed"], L["date"], L["patient_name"]]),
        (L["confirmation_heading"], [L["confirmation_statement"], L["signed"], L["job_title"]]),
    ]


@pytest.mark.parametrize("key", [c for c in CASES if c[0] == "consent"], ids=ids)
def test_each_consent_statement_is_on_one_page_with_its_signature_lines(key):
    _pdf, pages = case(*key)
    for heading, signing in statements(key[3]):
        # Some page carries the statement's heading (or its "continued" heading) and then its signing lines.
        assert any(in_order_on_one_page(page, [heading, *signing]) for page in pages), heading


@pytest.mark.parametrize("key", [c for c in CASES if c[0] == "discharge"], ids=ids)
def test_get_help_now_is_whole_on_page_one(key):
    _pdf, pages = case(*key)
    L = labels_for(key[3])
    content = load_handout("kyphoplasty", key[3]).discharge
    first = pages[0]
    wanted = [L["get_help_now"], *content.call_emergency, *content.call_clinic]
    assert in_order_on_one_page(first, wanted), first.text[:600]


def bundle_of(pdfs: list[tuple[str, bytes]], path) -> bytes:
    """The print bundle of (patient, PDF) in order, as a batch writes it."""
    bundle = PrintBundle(path)
    for group, pdf in pdfs:
        bundle.add(fragment_of(pdf), group, "Document")
    bundle.close()
    return path.read_bytes()


def test_subset_tags_are_unique_across_a_bundle_of_the_matrix(tmp_path):
    """Every font subset name in one bundle of every case stands for one set of glyphs (issue 15, item 9).

    A print server or preflight tool that caches fonts by name must never print one patient's name with
    another's glyphs (in the old bundles, code 0x01 of AAAAAA+... was one letter for one patient, another for
    the next).
    """
    pdfs = [(ids(key[1:]), case(*key)[0]) for key in CASES]
    bundled = bundle_of(pdfs, tmp_path / "matrix.pdf")
    assert names_shared_by_different_glyphs(bundled) == {}
    # The check can fail: two different subsets of one font given one name, as the old fixed tag did.
    import pikepdf

    renamed = []
    for group, pdf in pdfs[:2]:
        with pikepdf.open(io.BytesIO(pdf)) as document:
            for font in document.objects:
                if isinstance(font, pikepdf.Dictionary) and font.get("/Type") == "/Font":
                    font.BaseFont = pikepdf.Name("/AAAAAA+" + str(font.BaseFont).split("+")[-1])
            out = io.BytesIO()
            document.save(out)
        renamed.append((group, out.getvalue()))
    assert names_shared_by_different_glyphs(bundle_of(renamed, tmp_path / "fixed-tags.pdf"))


def test_worst_cases_for_a_person_to_look_at():
    """Large print on Letter, the long name, Spanish, twelve medicines: the tightest pages."""
    for document in ("consent", "discharge", "leaflet"):
        pdf, _pages = case(document, "letter", "large", "es", "long", "twelve" if document == "discharge" else "none")
        assert render_pngs(pdf, f"matrix-{document}-letter-large-es-long")
    pdf, _pages = case("discharge", "a4", "normal", "en", "rtl", "twelve")
    assert render_pngs(pdf, "matrix-discharge-a4-normal-en-rtl")
