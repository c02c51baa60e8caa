"""axe-core and HTML_CodeSniffer over every page and state of the nurses' page, in the Chromium the browser test
drives: no violations of WCAG 2.2 A/AA, and no WCAG 2 AA errors (issue 17). Also: the results table reflows at 400%
zoom, without sideways scrolling.

Two checkers, because each finds what the other misses: axe-core, and HTML_CodeSniffer as Pa11y runs it (Pa11y's
maintained copy, @pa11y/html_codesniffer; its errors only: its warnings and notices are for a person to review).
Both come from npm (.ci/run installs them in .ci/npm; AXE_CORE and HTML_CODESNIFFER name other copies). In CI a
missing copy fails the test; elsewhere it is skipped, like the browser itself.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from test_web_browser import NAME, browser, fill, free_port, server  # noqa: F401 (fixtures)

from support import RECORD, ROOT

pytestmark = pytest.mark.slow

NPM = ROOT / ".ci" / "npm" / "node_modules"
AXE = Path(os.environ.get("AXE_CORE", NPM / "axe-core" / "axe.min.js"))
HTMLCS = Path(os.environ.get("HTML_CODESNIFFER", NPM / "@pa11y" / "html_codesniffer" / "build" / "HTMLCS.js"))
for checker in (AXE, HTMLCS):
    if not checker.exists():
        if os.environ.get("HANDOUTS_CI"):  # set by .ci/run
            raise RuntimeError(f"{checker} is not installed (.ci/run installs it with npm)")
        pytest.skip(f"{checker} is not installed (.ci/run installs it with npm)", allow_module_level=True)

from selenium.common.exceptions import StaleElementReferenceException, WebDriverException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def violations(driver) -> list[str]:
    """axe's violations on the page as loaded, one line each: rule, impact, the first offending element."""
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    found = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})"
        ".then(r => done(r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.nodes[0].html)))"
        ".catch(e => done(['axe failed: ' + e]));",
        TAGS,
    )
    return [f"{driver.title}: {line}" for line in found] + codesniffer_errors(driver)


def codesniffer_errors(driver) -> list[str]:
    """HTML_CodeSniffer's WCAG 2 AA errors on the page as loaded (as Pa11y's default runner reports them)."""
    # Run as WebDriver runs axe (the page's Content-Security-Policy rightly refuses an inline script tag),
    # with `this` the window, where the file's UMD wrapper puts HTMLCS.
    driver.execute_script(f"(function () {{ {HTMLCS.read_text(encoding='utf-8')} }}).call(window);")
    found = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "if (!window.HTMLCS) { done(['HTML_CodeSniffer did not load']); return; }"
        "HTMLCS.process('WCAG2AA', document, () => done(HTMLCS.getMessages().filter(m => m.type === 1)"
        ".map(m => m.code + ': ' + (m.element && m.element.outerHTML || '').slice(0, 160))));"
    )
    return [f"{driver.title}: {line}" for line in found]


def clinic_csv(tmp_path: Path, count: int, bad_every: int = 0) -> Path:
    path = tmp_path / f"clinic-{count}.csv"
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(RECORD))
    writer.writeheader()
    for n in range(count):
        bad = bad_every and n % bad_every == 0
        writer.writerow({**RECORD, "patient_id": f"C-{n}", "nhs_number": "943 476 5918" if bad else ""})
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def test_every_page_and_state_has_no_axe_violations(server, browser, tmp_path):  # noqa: F811
    browser.set_window_size(1280, 1000)
    seen: list[str] = []
    browser.get(server + "/")
    seen += violations(browser)  # the empty form
    browser.execute_script("document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"x.png\">')")
    planted = violations(browser)
    assert any("image-alt" in line for line in planted), "axe did not run: it missed a bare image"
    assert any("1_1_1.H37" in line for line in planted), "HTML_CodeSniffer did not run: it missed a bare image"
    browser.get(server + "/")
    fill(browser, "name", NAME)
    fill(browser, "nhs_number", "943 476 5918")
    browser.find_element(By.XPATH, "//button[@class='button' and normalize-space()='Make and preview']").click()
    WebDriverWait(browser, 30).until(lambda d: d.title.startswith("Error:"))
    seen += violations(browser)  # errors beside their fields, and the summary
    browser.find_element(By.NAME, "add_medicine").click()
    WebDriverWait(browser, 30).until(lambda d: d.find_elements(By.ID, "medications-3"))
    assert browser.switch_to.active_element.get_attribute("id") == "medications-1"  # the first new box
    seen += violations(browser)
    for field, value in (("date_of_birth", "1944-05-17"), ("patient_id", "NB-1"), ("nhs_number", "943 476 5919")):
        fill(browser, field, value)
    fill(browser, "procedure_date", "2026-12-02")
    browser.find_element(By.XPATH, "//button[@class='button' and normalize-space()='Make and preview']").click()
    WebDriverWait(browser, 60).until(lambda d: d.title.startswith("Check before printing"))
    seen += violations(browser)  # the preview, every page an image with its text alternative
    browser.find_element(By.XPATH, "//button[normalize-space()='Change the details']").click()
    WebDriverWait(browser, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "div.notice[role=status]"))
    seen += violations(browser)  # the form filled in again from the preview (issue 17: after it expires too)
    browser.back()
    WebDriverWait(browser, 60).until(lambda d: d.title.startswith("Check before printing"))
    browser.find_element(By.LINK_TEXT, "Sign on screen").click()
    WebDriverWait(browser, 30).until(lambda d: d.title.startswith("Sign the consent form"))
    seen += violations(browser)  # signing on screen (issue 18's page)
    browser.get(server + "/clinic")
    seen += violations(browser)
    browser.find_element(By.CSS_SELECTOR, "form[action='/clinic'] button[type=submit]").click()
    WebDriverWait(browser, 30).until(lambda d: d.title.startswith("Error:"))
    seen += violations(browser)  # no file chosen
    browser.get(server + "/clinic")
    browser.find_element(By.ID, "patients").send_keys(str(clinic_csv(tmp_path, 120, bad_every=7)))
    browser.find_element(By.CSS_SELECTOR, "form[action='/clinic'] button[type=submit]").click()
    WebDriverWait(browser, 30).until(lambda d: d.title.startswith(("Making:", "Made:")))
    if browser.title.startswith("Making:"):
        seen += violations(browser)  # in progress, with the Check progress button
    WebDriverWait(browser, 300).until(lambda d: d.title.startswith("Made:"))
    seen += violations(browser)  # the results, with the records that were not made
    for path in ("/preview/gone", "/clinic/gone", "/no-such-page"):
        browser.get(server + path)
        seen += violations(browser)  # expired and not-found pages
    assert seen == []


def test_the_results_table_reflows_at_400_percent(server, browser, tmp_path):  # noqa: F811
    """1280 CSS pixels at 400% zoom is a 320-pixel-wide page: nothing may scroll sideways (WCAG 1.4.10)."""
    browser.set_window_size(1280, 1000)
    browser.get(server + "/clinic")
    browser.find_element(By.ID, "patients").send_keys(str(clinic_csv(tmp_path, 6, bad_every=2)))
    browser.find_element(By.CSS_SELECTOR, "form[action='/clinic'] button[type=submit]").click()
    WebDriverWait(browser, 120).until(lambda d: d.title.startswith("Made:"))
    assert browser.find_elements(By.CSS_SELECTOR, "table.problems td")
    try:
        browser.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride", {"width": 320, "height": 640, "deviceScaleFactor": 1, "mobile": False}
        )
        browser.refresh()
        wide = browser.execute_script("return document.documentElement.scrollWidth")
        assert wide <= 320, f"the page is {wide} pixels wide at 320: it scrolls sideways"
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


@pytest.fixture(scope="module")
def printing_server(tmp_path_factory):
    """The page with a ward printer (`serve --printer ward-7`) and a fake `lp` that refuses while `refuse` exists."""
    folder = tmp_path_factory.mktemp("lp")
    (folder / "lp").write_text(
        "#!/bin/sh\n"
        f'if [ -e "{folder}/refuse" ]; then echo "lp: Error - The printer or class does not exist." >&2; exit 1; fi\n'
        "cat > /dev/null\n"
        'echo "request id is ward-7-1 (1 file(s))"\n'
    )
    (folder / "lp").chmod(0o755)
    port = free_port()
    env = {**os.environ, "PATH": f"{folder}{os.pathsep}{os.environ['PATH']}", "HANDOUTS_PRINTER": "ward-7"}
    command = [sys.executable, str(ROOT / "generate.py"), "serve", "--port", str(port), "--workers", "1"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
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
    yield address, folder / "refuse"
    process.terminate()
    process.communicate(timeout=10)


def gone(element) -> bool:
    """Whether the element has left the page (selenium's staleness_of, and the way Chromium can also say it).

    Asked mid-navigation, chromedriver may answer "Node with given id does not belong to the document" (an
    unhandled inspector error) instead of a stale element: the element is gone either way.
    """
    try:
        element.is_enabled()
    except StaleElementReferenceException:
        return True
    except WebDriverException as error:
        if "does not belong to the document" in str(error):
            return True
        raise
    return False


def press(driver, words: str, title: str) -> None:
    """Press the button from the keyboard, as a nurse may: a click lands on whatever is drawn over the button at
    that instant (a page image still loading shifts the page on a busy machine), the Enter key on the button itself."""
    button = driver.find_element(By.XPATH, f"//button[normalize-space()='{words}']")
    button.send_keys(Keys.ENTER)
    # The page it comes back to may have the same title as the one it leaves: wait for this one to go first.
    WebDriverWait(driver, 60).until(lambda _d: gone(button))
    WebDriverWait(driver, 30).until(lambda d: d.title.startswith(title) and d.find_elements(By.ID, "print-result"))


def test_printing_on_the_wards_printer_has_no_axe_violations(printing_server, browser, tmp_path):  # noqa: F811
    """The preview and results pages with "Print on ward-7", after it printed, and after the printer refused."""
    address, refuse = printing_server
    browser.set_window_size(1280, 1000)
    seen: list[str] = []
    browser.get(address + "/")
    fill(browser, "name", NAME)
    for field, value in (("date_of_birth", "1944-05-17"), ("patient_id", "NB-1"), ("procedure_date", "2026-12-02")):
        fill(browser, field, value)
    browser.find_element(By.XPATH, "//button[@class='button' and normalize-space()='Make and preview']").click()
    WebDriverWait(browser, 60).until(lambda d: d.title.startswith("Check before printing"))
    seen += violations(browser)  # the preview with its "Print on ward-7" buttons
    press(browser, "Print all 3 documents on ward-7", "Check before printing")
    assert "Sent to ward-7" in browser.find_element(By.ID, "print-result").text
    seen += violations(browser)  # printed
    refuse.touch()
    press(browser, "Print on ward-7: Discharge sheet", "Not printed:")
    assert "does not exist" in browser.find_element(By.ID, "print-result").text
    seen += violations(browser)  # the printer refused
    refuse.unlink()
    browser.get(address + "/clinic")
    browser.find_element(By.ID, "patients").send_keys(str(clinic_csv(tmp_path, 2)))
    browser.find_element(By.CSS_SELECTOR, "form[action='/clinic'] button[type=submit]").click()
    WebDriverWait(browser, 120).until(lambda d: d.title.startswith("Made:"))
    seen += violations(browser)  # the results with "Print on ward-7"
    press(browser, "Print on ward-7: the print bundle", "Made:")
    assert "Sent to ward-7" in browser.find_element(By.ID, "print-result").text
    seen += violations(browser)
    refuse.touch()
    press(browser, "Print on ward-7: the print bundle", "Not printed:")
    seen += violations(browser)
    assert seen == []
