"""After a preview or a form has expired, the nurse gets the form back filled in where the browser still has the
details (issue 17, WCAG 2.2.1), and the server keeps nothing longer than the time the page states."""

from __future__ import annotations

import re
from html import unescape

import pytest
from test_web import BASE, GOOD, get, post

from handout_engine.web.app import close_app, create_app

MEDICINES = [m for m in GOOD["medications"] if m]


@pytest.fixture
def app(tmp_path):
    app = create_app("127.0.0.1", 8000, workers=1, folder_root=tmp_path)
    yield app
    close_app(app)


def hidden_form(html: str) -> dict[str, list[str]]:
    """The inputs of the preview's "Change the details" form, as the browser would post them."""
    form = re.search(r'<form method="post" action="/make" class="actions">(.*?)</form>', html, re.S).group(1)
    posted: dict[str, list[str]] = {}
    for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form):
        posted.setdefault(name, []).append(unescape(value))
    posted["edit"] = ["1"]
    return posted


def value_of(html: str, field: str) -> str | None:
    found = re.search(rf'<input id="{field}" name="[^"]+" type="[^"]+" value="([^"]*)"', html)
    found = found or re.search(rf'<textarea id="{field}" name="{field}"[^>]*>([^<]*)</textarea>', html)
    return unescape(found.group(1)).strip() if found else None


def assert_filled_in(html: str) -> None:
    for field in ("name", "date_of_birth", "patient_id", "nhs_number", "clinician", "notes"):
        assert value_of(html, field) == GOOD[field], field
    for number, medicine in enumerate(MEDICINES, 1):
        assert value_of(html, f"medications-{number}") == medicine
    for document in GOOD["documents"]:
        assert re.search(rf'value="{document}"[^>]*checked', html), document


def test_change_the_details_brings_the_form_back_filled_in_even_after_the_preview_expired(app):
    client = app.test_client()
    location = post(client, "/make", GOOD).headers["Location"]
    preview = get(client, location).get_data(as_text=True)
    assert "Change the details" in preview
    posted = hidden_form(preview)
    previews = app.extensions["handouts"].previews
    later = previews.clock() + previews.keep_seconds + 1
    previews.clock = lambda: later  # 30 minutes later: the server has dropped everything
    previews.purge()
    assert get(client, location).status_code == 404  # the preview itself has expired
    response = client.post("/make", data=posted, base_url=BASE)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "The details these documents were made from." in html
    assert_filled_in(html)
    assert len(app.extensions["handouts"].previews) == 0  # nothing was made, nothing kept
    assert "Zo" not in re.search(r"<title>(.*?)</title>", html, re.S).group(1)  # no patient data in the title


def test_a_form_sent_after_the_page_restarted_comes_back_filled_in_and_then_makes():
    """The form token of a page that has restarted: refused, and the form shown again from what was sent."""
    before = create_app("127.0.0.1", 8000, workers=1)
    token = re.search(r'name="form_token" value="([^"]+)"', get(before.test_client(), "/").get_data(True)).group(1)
    restarted = create_app("127.0.0.1", 8000, workers=1).test_client()
    response = restarted.post("/make", data={**GOOD, "form_token": token}, base_url=BASE, headers={"Origin": BASE})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "This form had expired" in html
    assert "nothing was made" in html
    assert_filled_in(html)
    fresh = re.search(r'name="form_token" value="([^"]+)"', html).group(1)
    again = restarted.post("/make", data={**GOOD, "form_token": fresh}, base_url=BASE, headers={"Origin": BASE})
    assert again.status_code == 303  # the refilled form, sent as it is, makes the documents


def test_a_form_from_another_site_is_never_filled_in():
    """A forged post could put another patient's details in front of a nurse: it gets the plain page."""
    client = create_app("127.0.0.1", 8000, workers=1).test_client()
    for headers in ({"Referer": "https://evil.example/form"}, {}):
        response = client.post("/make", data={**GOOD, "form_token": "0" * 64}, base_url=BASE, headers=headers)
        html = response.get_data(as_text=True)
        assert response.status_code == 400
        assert "This form has expired" in html
        assert GOOD["patient_id"] not in html
        assert value_of(html, "name") is None


def test_the_expired_page_says_where_the_filled_in_form_is(app):
    html = get(app.test_client(), "/preview/gone").get_data(as_text=True)
    assert "Change the details" in html
    assert '<a class="button" href="/">' in html
