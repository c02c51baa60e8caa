"""The nurses' clinic-list page takes a booking system's export as the command line does: with a column map, a
date order and one handout for the list (issue 14)."""

from __future__ import annotations

import io
import re

from openpyxl import Workbook
from test_web import BASE, fetched, form_token_of, wait_for_run

from conftest import ROOT
from handout_engine.web.app import create_app
from pdftools import page_texts

MEDIBOOK = (
    "Hosp No;Given Name;Family Name;Birth Date;NHS;Op Date;Op Level;Slot\n"
    "MB-1;Ann;Lee;03/04/1950;943 476 5919;01/12/2026;T12 L1;09:30\n"
)


def upload(client, files: dict, **fields):
    data = {name: (io.BytesIO(body), filename) for name, (filename, body) in files.items()}
    data.update({"documents": ["discharge"], "form_token": form_token_of(client), **fields})
    return client.post("/clinic", data=data, base_url=BASE, content_type="multipart/form-data")


def bundle_text(client, html: str) -> str:
    link = re.search(r'href="([^"]+print-bundle\.pdf)"', html)
    assert link, html
    return " ".join(page_texts(fetched(client, link.group(1)).data))


def test_the_page_offers_the_reading_options_and_every_format():
    html = create_app("127.0.0.1", 8000, workers=1).test_client().get("/clinic", base_url=BASE).get_data(as_text=True)
    assert 'name="columns"' in html
    assert 'name="date_order"' in html
    assert 'accept=".csv,.tsv,.txt,.xlsx,.yaml,.yml,.json,.jsonl,.ndjson"' in html


def test_a_clinic_list_with_a_column_map():
    client = create_app("127.0.0.1", 8000, workers=1).test_client()
    sample = (ROOT / "assets" / "columns" / "medibook.yaml").read_bytes()
    response = upload(client, {"patients": ("tomorrow.csv", MEDIBOOK.encode()), "columns": ("medibook.yaml", sample)})
    assert response.status_code == 303
    html = wait_for_run(client, response.headers["Location"])
    assert "Made 1 document(s)" in html
    text = bundle_text(client, html)
    assert "Ann Lee" in text
    assert "3 April 1950" in text
    assert "943 476 5919" in text


def test_a_clinic_list_as_xlsx_with_a_date_order_and_one_handout():
    client = create_app("127.0.0.1", 8000, workers=1).test_client()
    book = Workbook()
    book.active.append(["Patient ID", "Name", "DOB", "Procedure Date"])
    book.active.append(["X-1", "Bo Chen", "04/03/1950", "12/01/2026"])
    buffer = io.BytesIO()
    book.save(buffer)
    refused = upload(client, {"patients": ("list.xlsx", buffer.getvalue())})
    html = wait_for_run(client, refused.headers["Location"])
    assert "handout: no column for this field" in html
    made = upload(client, {"patients": ("list.xlsx", buffer.getvalue())}, date_order="mdy", handout="kyphoplasty")
    html = wait_for_run(client, made.headers["Location"])
    assert "Made 1 document(s)" in html
    text = bundle_text(client, html)
    assert "Bo Chen" in text
    assert "3 April 1950" in text


def test_a_bad_column_map_is_named_by_the_file_the_nurse_chose():
    client = create_app("127.0.0.1", 8000, workers=1).test_client()
    files = {"patients": ("tomorrow.csv", MEDIBOOK.encode()), "columns": ("our map.yaml", b"date_order: ymd\n")}
    html = wait_for_run(client, upload(client, files).headers["Location"])
    assert "The list could not be used" in html
    assert "our map.yaml: date_order: expected dmy (day first) or mdy (month first), got &#39;ymd&#39;" in html
