"""README's screenshots of the nurses' page, retaken by driving headless Chromium over fictional patients.

    .venv/bin/python tools/web_screenshots.py [--out assets/images] [--width 750]

Starts `generate.py serve` on a free loopback port, fills the form (once with a mistake), previews, uploads the
sample clinic list with one bad record, and saves web-make.png, web-make-error.png, web-preview.png,
web-clinic.png and web-clinic-done.png. Needs Debian's chromium and chromium-driver (as the browser test does).
"""

from __future__ import annotations

import argparse
import csv
import io
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fill(driver, field: str, value: str) -> None:
    element = driver.find_element(By.ID, field)
    element.clear()
    element.send_keys(value)


def shoot(driver, path: Path) -> None:
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(driver.get_window_size()["width"], max(600, min(height + 40, 2400)))
    driver.save_screenshot(str(path))


def clinic_list(folder: Path) -> Path:
    """The shipped sample list, the third record given a wrong NHS check digit."""
    rows = list(csv.DictReader(io.StringIO((ROOT / "assets" / "samples" / "patients.csv").read_text("utf-8"))))[:5]
    rows[2]["nhs_number"] = "999 000 0078"
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    path = folder / "clinic.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "assets" / "images")
    parser.add_argument("--width", type=int, default=750)
    options = parser.parse_args()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, str(ROOT / "generate.py"), "serve", "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    chrome = webdriver.ChromeOptions()
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", f"--window-size={options.width},1000"):
        chrome.add_argument(flag)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=chrome)
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(base + "/health", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        take(driver, base, options.out)
    finally:
        driver.quit()
        server.terminate()
        server.wait(60)


def take(driver, base: str, out: Path) -> None:
    driver.get(base + "/")
    shoot(driver, out / "web-make.png")
    for field, value in (
        ("patient_id", "NB-100262"),
        ("name", "Layla Haddad"),
        ("date_of_birth", "1944-05-17"),
        ("nhs_number", "943 476 5918"),
        ("procedure_date", "2026-12-02"),
        ("levels", "L2"),
        ("medications-1", "Paracetamol 1 g up to four times a day"),
    ):
        fill(driver, field, value)
    driver.find_element(By.XPATH, "//button[@class='button' and normalize-space()='Make and preview']").click()
    WebDriverWait(driver, 30).until(lambda d: d.title.startswith("Error:"))
    driver.execute_script("window.scrollTo(0, 0)")
    shoot(driver, out / "web-make-error.png")
    fill(driver, "nhs_number", "943 476 5919")
    driver.find_element(By.XPATH, "//button[@class='button' and normalize-space()='Make and preview']").click()
    WebDriverWait(driver, 60).until(lambda d: d.title.startswith("Check before printing"))
    WebDriverWait(driver, 60).until(
        lambda d: all(
            d.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0", i)
            for i in d.find_elements(By.CSS_SELECTOR, ".pages-list img")[:2]
        )
    )
    driver.set_window_size(driver.get_window_size()["width"], 1400)
    driver.save_screenshot(str(out / "web-preview.png"))  # the top: the patient line and the first pages
    driver.get(base + "/clinic")
    shoot(driver, out / "web-clinic.png")
    with tempfile.TemporaryDirectory() as folder:
        driver.find_element(By.ID, "patients").send_keys(str(clinic_list(Path(folder))))
        driver.find_element(By.CSS_SELECTOR, "form[action='/clinic'] button[type=submit]").click()
        WebDriverWait(driver, 120).until(lambda d: d.title.startswith("Made:"))
    shoot(driver, out / "web-clinic-done.png")


if __name__ == "__main__":
    main()
