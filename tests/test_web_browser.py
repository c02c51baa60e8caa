"""End to end in a real browser: headless Chromium fills the form, sees a mistake, fixes it, previews and downloads.

Needs Debian's chromium and chromium-driver (.ci/run installs them; this test installs nothing).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from handout_engine.demo_keys import make_demo_keys
from handout_engine.signing import trust_roots, verify_pdf
from pdftools import page_texts
from support import ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
    pytest.skip("Chromium and chromedriver are not installed (.ci/run installs them)", allow_module_level=True)

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.actions.action_builder import ActionBuilder  # noqa: E402
from selenium.webdriver.common.actions.pointer_input import PointerInput  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support import expected_conditions  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

pytestmark = pytest.mark.slow  # a browser and a server in their own processes

NAME = "ليلى حداد"  # a non-Latin name, typed as a nurse would


def wait(driver, seconds: float) -> WebDriverWait:
    """A wait that looks again when the page was replaced between finding an element and reading it (a reload
    after a post, on a busy machine), instead of failing on the stale element."""
    return WebDriverWait(driver, seconds, ignored_exceptions=(NoSuchElementException, StaleElementReferenceException))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server():
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "generate.py"), "serve", "--port", str(port), "--workers", "1"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    address = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{address}/health", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    else:
        process.kill()
        raise AssertionError(process.stderr.read().decode())
    yield address
    process.terminate()
    _out, err = process.communicate(timeout=10)
    assert NAME.encode() not in err  # no patient data in the server's output


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    downloads = tmp_path_factory.mktemp("downloads")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,1000",
        f"--user-data-dir={tmp_path_factory.mktemp('profile')}",
    ):
        options.add_argument(flag)
    options.add_experimental_option(
        "prefs", {"download.default_directory": str(downloads), "download.prompt_for_download": False}
    )
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.downloads = downloads
    yield driver
    driver.quit()


def fill(driver, field: str, value: str) -> None:
    element = driver.find_element(By.ID, field)
    element.clear()
    element.send_keys(value)


def test_fill_the_form_see_an_error_fix_it_preview_and_download(server, browser):
    browser.get(server + "/")
    assert "Make handouts for one patient" in browser.title
    fill(browser, "name", NAME)
    fill(browser, "date_of_birth", "1944-05-17")
    fill(browser, "patient_id", "NB-100262")
    fill(browser, "nhs_number", "943 476 5918")  # wrong check digit
    fill(browser, "procedure_date", "2026-12-02")
    fill(browser, "levels", "L2")
    fill(browser, "medications-1", "Paracetamol 1 g up to four times a day")
    for document in ("leaflet", "consent"):
        browser.find_element(By.ID, f"documents-{document}").click()  # only the discharge sheet
    browser.find_element(By.ID, "levels").send_keys(Keys.ENTER)  # Enter makes the handouts

    wait(browser, 20).until(expected_conditions.presence_of_element_located((By.ID, "error-summary")))
    assert browser.title.startswith("Error:")
    error = browser.find_element(By.ID, "nhs_number-error").text
    assert "expected 10 digits with a valid check digit" in error
    nhs = browser.find_element(By.ID, "nhs_number")
    assert nhs.get_attribute("aria-invalid") == "true"
    assert browser.find_element(By.ID, "name").get_attribute("value") == NAME  # kept as typed
    # The summary's link takes the keyboard to the field.
    browser.find_element(By.CSS_SELECTOR, "#error-summary a[href='#nhs_number']").click()

    fill(browser, "nhs_number", "943 476 5919")
    browser.find_element(By.XPATH, "//button[@class='button' and normalize-space()='Make and preview']").click()
    wait(browser, 30).until(expected_conditions.title_contains("Check before printing"))
    assert NAME not in browser.title  # no patient data in a shared computer's history
    assert NAME in browser.find_element(By.CSS_SELECTOR, ".patient-line bdi").text
    assert "NB-100262" in browser.find_element(By.CSS_SELECTOR, ".patient-line").text
    images = browser.find_elements(By.CSS_SELECTOR, ".pages-list img")
    assert images
    wait(browser, 30).until(
        lambda d: all(
            d.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0", i) for i in images
        )
    )

    browser.find_element(By.PARTIAL_LINK_TEXT, "Download PDF").click()
    target = browser.downloads / "NB-100262-discharge.pdf"
    for _ in range(100):
        if target.exists() and not list(browser.downloads.glob("*.crdownload")):
            break
        time.sleep(0.1)
    pdf = target.read_bytes()
    texts = page_texts(pdf)
    assert len(texts) == len(images)
    assert all(NAME in text for text in texts)


def test_the_clinic_list_page_in_a_browser(server, browser, tmp_path):
    patients = tmp_path / "clinic.csv"
    sample = (ROOT / "assets" / "samples" / "patients.csv").read_text(encoding="utf-8")
    patients.write_text(sample, encoding="utf-8")
    browser.get(server + "/clinic")
    browser.find_element(By.ID, "patients").send_keys(str(patients))
    browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait(browser, 60).until(lambda d: d.title.startswith("Made:"))
    assert "for 7 of 7 record(s)" in browser.find_element(By.CSS_SELECTOR, "[role=status]").text
    assert browser.find_element(By.PARTIAL_LINK_TEXT, "print bundle")
    os.environ.get("CI")  # nothing else: the download itself is tested through the test client


# ---------------------------------------------------------------- signing on screen (issue 18)

SIGNING_NAME = "Amara Okafor"


@pytest.fixture(scope="module")
def signing_server(tmp_path_factory):
    keys = make_demo_keys(tmp_path_factory.mktemp("keys"))
    audit = tmp_path_factory.mktemp("audit")
    port = free_port()
    env = {
        **os.environ,
        "HANDOUTS_SIGNING_KEY": str(keys.key),
        "HANDOUTS_SIGNING_PASSWORD": keys.password,
        "HANDOUTS_AUDIT_LOG": str(audit),
    }
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "generate.py"), "serve", "--port", str(port), "--workers", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    address = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{address}/health", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    else:
        process.kill()
        raise AssertionError(process.stderr.read().decode())
    yield address, keys, audit
    process.terminate()
    process.communicate(timeout=10)


def draw(driver, canvas, points, kind) -> None:
    """One stroke as `kind` (mouse, touch or pen) pointer events, at points from 0 to 1 across the canvas."""
    width, height = canvas.size["width"], canvas.size["height"]
    actions = ActionBuilder(driver, mouse=PointerInput(kind, kind))
    pointer = actions.pointer_action
    first, *rest = points
    pointer.move_to(canvas, int((first[0] - 0.5) * width), int((first[1] - 0.5) * height))
    pointer.pointer_down()
    for x, y in rest:
        pointer.move_to(canvas, int((x - 0.5) * width), int((y - 0.5) * height))
    pointer.pointer_up()
    actions.perform()


def test_sign_with_pointer_events_and_download_a_sealed_pdf(signing_server, browser):
    address, keys, audit = signing_server
    browser.get(address + "/")
    for field, value in (
        ("name", SIGNING_NAME),
        ("date_of_birth", "1961-08-30"),
        ("patient_id", "NB-100290"),
        ("procedure_date", "2026-12-03"),
        ("levels", "L1"),
        ("risks", "Bleeding: you take warfarin, so we stop it 5 days before"),
    ):
        fill(browser, field, value)
    for document in ("leaflet", "discharge"):
        browser.find_element(By.ID, f"documents-{document}").click()  # the consent form only
    browser.find_element(By.XPATH, "//button[@class='button' and normalize-space()='Make and preview']").click()
    wait(browser, 30).until(expected_conditions.title_contains("Check before printing"))
    browser.find_element(By.LINK_TEXT, "Sign on screen").click()
    wait(browser, 30).until(expected_conditions.title_contains("Sign the consent form"))
    assert SIGNING_NAME not in browser.title

    # The health professional: ticks a box, draws with a pen, signs.
    professional = browser.find_element(By.ID, "professional")
    professional.find_element(By.ID, "tick-anaesthesia_1").click()
    fill(browser, "professional-name", "Dr Priya Raman")
    canvas = professional.find_element(By.CSS_SELECTOR, "canvas.ink")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", canvas)
    draw(browser, canvas, [(0.05, 0.7), (0.2, 0.2), (0.35, 0.8), (0.55, 0.25), (0.8, 0.6), (0.95, 0.4)], "pen")
    assert professional.find_element(By.NAME, "ink").get_attribute("value").startswith("[[[")
    professional.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait(browser, 30).until(lambda d: "Signed by" in d.find_element(By.ID, "professional").text)

    # The patient: signs with a finger (touch), two strokes.
    patient = browser.find_element(By.ID, "patient")
    canvas = patient.find_element(By.CSS_SELECTOR, "canvas.ink")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", canvas)
    draw(browser, canvas, [(0.1, 0.5), (0.25, 0.3), (0.4, 0.6), (0.6, 0.35)], "touch")
    draw(browser, canvas, [(0.65, 0.7), (0.9, 0.3)], "mouse")
    (ROOT / "tests" / "output").mkdir(exist_ok=True)
    browser.save_screenshot(str(ROOT / "tests" / "output" / "web-sign.png"))
    patient.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait(browser, 30).until(lambda d: "Signed by" in d.find_element(By.ID, "patient").text)

    # The witness signs by keyboard alone: typed name, typed signature, the clinician's attestation.
    name_box = browser.find_element(By.ID, "witness-name")
    name_box.send_keys("Sam Jones")
    name_box.send_keys(Keys.TAB)  # to the canvas's Clear button and on: everything but drawing by keyboard
    browser.find_element(By.ID, "witness-typed").send_keys(Keys.SPACE)
    browser.find_element(By.ID, "witness-attested").send_keys(Keys.SPACE)
    browser.find_element(By.ID, "witness").find_element(By.CSS_SELECTOR, "button[type=submit]").send_keys(Keys.ENTER)
    wait(browser, 30).until(lambda d: "Signed by" in d.find_element(By.ID, "witness").text)

    fill(browser, "seal-name", "Nurse Ada Obi")
    browser.find_element(By.ID, "copy-yes").click()
    browser.find_element(By.ID, "confirmed").click()
    browser.find_element(By.XPATH, "//button[normalize-space()='Confirm and seal']").click()
    wait(browser, 30).until(expected_conditions.presence_of_element_located((By.ID, "sealed")))
    browser.find_element(By.PARTIAL_LINK_TEXT, "Download the signed consent form").click()
    target = browser.downloads / "NB-100290-consent-signed.pdf"
    for _ in range(100):
        if target.exists() and not list(browser.downloads.glob("*.crdownload")):
            break
        time.sleep(0.1)
    checks = verify_pdf(target.read_bytes(), trust_roots([str(keys.trust_root)]))
    assert [(c.role, c.intact, c.trusted) for c in checks] == [
        ("professional", True, True),
        ("patient", True, True),
        ("witness", True, True),
    ]
    log = (audit / "consent-audit.jsonl").read_text(encoding="utf-8")
    assert SIGNING_NAME not in log
    events = [event for event in re.findall(r'"event": "(\w+)"', log) if event != "viewed"]
    assert events == ["made", "signed", "signed", "signed", "sealed", "downloaded"]
