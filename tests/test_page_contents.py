"""A page's content as its parts' streams (layouts/page_contents.py) is exactly the one stream ReportLab writes.

Each case makes every document twice, once with each page's content cut into
furniture, body and page count, once as ReportLab's one stream, and compares
what the files hold with bench/same_output.py's reader (pikepdf): the same
pages, each page's streams concatenated the very same operators, every other
object the same value.
"""

from __future__ import annotations

import importlib.util
import io
from pathlib import Path

import pikepdf
import pytest

import layouts.page_contents as page_contents
from handout_engine.models import PageSetup
from layouts.paged_canvas import PagedCanvas
from layouts.tagging import TaggingCanvas
from support import TWELVE_MEDICINES, render_pdf

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("bench_same_output", ROOT / "bench" / "same_output.py")
same_output = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(same_output)

DOCUMENTS = ("leaflet", "consent", "discharge")
CASES = {
    "a4": ("northbrook", PageSetup(), {}),
    "large-print-letter": ("riverside", PageSetup(paper="letter", large_print=True), {"medications": TWELVE_MEDICINES}),
    "right-to-left": ("northbrook", PageSetup(), {"language": "ar", "name": "ليلى حداد"}),
    "fillable-archive": ("northbrook", PageSetup(fillable=True, archive=True), {"name": "王秀英"}),
}


def _one_stream(monkeypatch) -> None:
    monkeypatch.setattr(PagedCanvas, "_show_page_in_parts", lambda canvas, _count_start: TaggingCanvas.showPage(canvas))


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_the_parts_together_are_reportlabs_one_stream(monkeypatch, case):
    brand, setup, record = CASES[case]
    parts = [render_pdf(document, brand=brand, setup=setup, **record) for document in DOCUMENTS]
    _one_stream(monkeypatch)
    whole = [render_pdf(document, brand=brand, setup=setup, **record) for document in DOCUMENTS]
    for document, ours, theirs in zip(DOCUMENTS, parts, whole, strict=True):
        assert same_output.pdf_differences(theirs, ours) == [], document
        with pikepdf.open(io.BytesIO(ours)) as pdf, pikepdf.open(io.BytesIO(theirs)) as one:
            assert all(isinstance(page.obj.Contents, pikepdf.Stream) for page in one.pages)
            contents = [page.obj.Contents for page in pdf.pages]
            assert all(len(streams) == 3 for streams in contents), document  # furniture, body, page count
            assert all(_filters(stream) == ["/FlateDecode"] for streams in contents for stream in streams)
            # Pages after the first share their furniture's stream; the first page's band is read (tagged).
            assert len({streams[0].objgen for streams in contents[1:]}) == 1, document
            assert contents[0][0].objgen != contents[-1][0].objgen or len(contents) == 1


def _filters(stream) -> list[str]:
    found = stream.Filter
    return [str(found)] if isinstance(found, pikepdf.Name) else [str(name) for name in found]


def test_a_patients_document_writes_the_body_seen_before_from_the_cache():
    render_pdf("leaflet", name="Ada Lovelace")
    before = dict(page_contents._kept)
    data = render_pdf("leaflet", name="Grace Hopper")
    with pikepdf.open(io.BytesIO(data)) as pdf:
        bodies = [page.obj.Contents[1].read_bytes().decode("latin-1") for page in pdf.pages]
        furniture = [page.obj.Contents[0].read_bytes().decode("latin-1") for page in pdf.pages]
    assert all(body in before for body in bodies)
    assert not any(part in page_contents._kept for part in furniture)  # it names the patient: never kept


def test_the_cache_stays_within_its_bounds(monkeypatch):
    monkeypatch.setattr(page_contents, "MAX_KEPT", 5)
    for name in ("Ada Lovelace", "Grace Hopper"):
        render_pdf("consent", name=name)
        assert len(page_contents._kept) <= 5
    assert page_contents._kept_characters == sum(len(content) for content in page_contents._kept)


@pytest.mark.parametrize(
    "content",
    [
        "q 1 0 0 1 0 0 cm Q\n",
        "/Artifact <</Type /Pagination>> BDC\nq BT /F1 12 Tf (Q\\) q) Tj ET Q\nEMC\n",
        "BT (a \\(BT\\) b) Tj ET\n/P <</MCID 3>> BDC EMC\n% q comment\n",
        "q <4f51> Tj Q\n",
    ],
)
def test_content_that_closes_all_it_opens_may_be_cut_after(content):
    assert page_contents.closed(content)


@pytest.mark.parametrize(
    "content",
    [
        "q 1 0 0 1 0 0 cm\n",  # a q without its Q
        "Q q\n",  # closed before it opens
        "/P <</MCID 0>> BDC\n",  # marked content left open
        "BT /F1 12 Tf\n",  # a text object left open
        "BT ET ET\n",
        "BI /W 1 /H 1 ID xyz EI\n",  # an inline image: data, not tokens
        "BT (a (b) c) Tj ET\n",  # a string with parentheses of its own: not read, so never cut
    ],
)
def test_content_that_leaves_something_open_is_not_cut_after(content):
    assert not page_contents.closed(content)


def test_a_cut_is_made_only_where_nothing_is_open_across_it():
    assert page_contents.parts_of(["q", "Q"], ["BT ET"], ["q Q"]) == ["q\nQ\n", "BT ET\n", "q Q\n"]
    # The furniture leaves a q open: it goes with the body; the page count closes nothing it did not open.
    assert page_contents.parts_of(["q", "1 0 0 1 0 0 cm"], ["Q"], ["BT ET"]) == ["q\n1 0 0 1 0 0 cm\nQ\n", "BT ET\n"]
    # The page count closes what the body opened: it goes with it. The body itself is never read.
    assert page_contents.parts_of(["q Q"], ["q"], ["Q"]) == ["q Q\n", "q\nQ\n"]
    assert page_contents.parts_of(["q"], [], ["Q"]) == ["q\nQ\n"]  # nothing closed: one stream, as ReportLab's
    assert page_contents.parts_of(["q Q"], [], ["BT ET"]) == ["q Q\n", "BT ET\n"]
