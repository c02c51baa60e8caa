"""Every clinic looks like itself: two sample brands, a brand per record, and each bad brand value named by key."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from handout_engine.catalog import load_brand, load_handout, read_brand_file
from handout_engine.errors import BrandError
from handout_engine.merge import merge_sheet
from handout_engine.render import render_document
from handout_engine.validate.brand import contrast_ratio, greyscale
from pdftools import fonts, page_texts, render_pngs
from support import RECORD, make_patient

NORTHBROOK = Path("assets/brands/northbrook.yaml")


def brand_pdf(brand: str, document: str = "discharge", **overrides) -> bytes:
    patient = make_patient(**overrides)
    sheet = merge_sheet(load_handout("kyphoplasty", "en"), patient, load_brand(brand))
    return render_document(sheet, document).pdf


@pytest.mark.parametrize("document", ["leaflet", "consent", "discharge"])
def test_each_sample_brand_prints_its_own_clinic_on_every_page(document):
    for brand, clinic, phone in (
        ("northbrook", "Northbrook General Hospital", "01632 960 418"),
        ("riverside", "Riverside Community Health", "0117 496 0725"),
    ):
        pdf = brand_pdf(brand, document)
        for number, text in enumerate(page_texts(pdf), start=1):
            assert clinic in text, (brand, number)
            assert phone in text, (brand, number)  # the footer, on every page
        assert all(fonts(pdf).values()), fonts(pdf)  # an SVG logo brings no Helvetica


def test_the_two_sample_brands_look_clearly_different():
    """Different colours and logos: the first pages differ in most of their header pixels."""
    first = [render_pngs(brand_pdf(brand), f"brand-{brand}", dpi=60)[0] for brand in ("northbrook", "riverside")]
    from PIL import Image, ImageChops

    a, b = (Image.open(path).convert("RGB") for path in first)
    header = (0, 0, a.width, a.height // 6)
    difference = ImageChops.difference(a.crop(header), b.crop(header)).convert("L")
    changed = sum(difference.histogram()[41:])  # pixels that differ clearly
    assert changed > 2_000
    northbrook, riverside = load_brand("northbrook"), load_brand("riverside")
    assert northbrook.primary_colour != riverside.primary_colour
    assert riverside.logo.suffix == ".svg"
    assert northbrook.logo.suffix == ".png"


def _brand_file(tmp_path: Path, replace: dict[str, str] | None = None, logo: str | None = None) -> Path:
    text = NORTHBROOK.read_text(encoding="utf-8")
    for old, new in (replace or {}).items():
        assert old in text
        text = text.replace(old, new)
    if logo is not None:
        text = text.replace("logo: logos/northbrook.png", f"logo: {logo}")
    path = tmp_path / "clinic.yaml"
    path.write_text(text, encoding="utf-8")
    if not (tmp_path / "logos").exists():
        shutil.copytree(NORTHBROOK.parent / "logos", tmp_path / "logos")
    return path


@pytest.mark.parametrize(
    ("replace", "field", "message"),
    [
        ({'primary: "#154E7A"': 'primary: "#12345"'}, "colours.primary", "expected a colour like #1F4E79"),
        ({'primary: "#154E7A"': "primary: blue"}, "colours.primary", "expected a colour like #1F4E79, got 'blue'"),
        ({'accent: "#007A6E"': 'accent: "#EEEEEE"'}, "colours.accent", "on white has contrast 1.2:1"),
        ({'primary: "#154E7A"': 'primary: "#8A8A8A"'}, "colours.primary", "at least 4.5:1 is needed"),
        (
            {'accent: "#007A6E"': 'accent: "#007A6E"\n  band: "#0088F8"'},
            "colours.band",
            "contrast 3.3:1 when printed in greyscale (4.9:1 in colour)",
        ),
        ({'accent: "#007A6E"': 'accent: "#007A6E"\n  band: "#505050"'}, "colours.band", "text (#1A1A1A) on #505050"),
        ({"clinic_name: Northbrook General Hospital\n": ""}, "clinic_name", "required"),
        ({"footer:\n": "fotter:\n"}, "fotter", "unknown"),
        (
            {'accent: "#007A6E"': 'accent: "#007A6E"\n  band: #F6EFE4'},
            "colours.band",
            "is empty; put the colour in quotes",
        ),
    ],
)
def test_each_bad_brand_value_names_the_file_and_key(tmp_path, replace, field, message):
    path = _brand_file(tmp_path, replace)
    with pytest.raises(BrandError) as caught:
        read_brand_file(path)
    assert caught.value.fields == [field]
    assert message in str(caught.value)
    assert "clinic.yaml" in str(caught.value)


def test_a_missing_logo_file_names_the_key(tmp_path):
    with pytest.raises(BrandError) as caught:
        read_brand_file(_brand_file(tmp_path, logo="logos/gone.svg"))
    assert caught.value.fields == ["logo"]
    assert "file not found: logos/gone.svg" in str(caught.value)


@pytest.mark.parametrize(
    ("svg", "reason"),
    [
        ('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>Clinic</text></svg>', "contains text"),
        ('<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"><image href="http://x/y.png"/></svg>', "image"),
        ("<svg", "not well-formed"),
        ('<!DOCTYPE svg [<!ENTITY a "b">]><svg xmlns="http://www.w3.org/2000/svg"/>', "DOCTYPE"),
        ('<svg xmlns="http://www.w3.org/2000/svg"><rect width="0" height="0"/></svg>', "no width and height"),
        ('<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="100"/>', "12.0 times as wide as it is tall"),
        (
            '<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"><linearGradient id="g"/>'
            '<rect width="9" height="9" fill="url(#g)"/></svg>',
            "gradient, which would print as solid black",
        ),
        ('<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"><rect style="fill:url(x)"/></svg>', "url("),
    ],
)
def test_an_svg_logo_that_cannot_print_safely_is_refused(tmp_path, svg, reason):
    (tmp_path / "logo.svg").write_text(svg, encoding="utf-8")
    with pytest.raises(BrandError) as caught:
        read_brand_file(_brand_file(tmp_path, logo="logo.svg"))
    assert caught.value.fields == ["logo"]
    assert reason in str(caught.value)


def test_an_svg_logo_prints_only_inside_its_place(tmp_path):
    """Shapes beyond the SVG's own box are clipped: nothing reaches the margin or the patient band."""
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100" viewBox="0 0 100 100">'
        '<circle cx="50" cy="-60" r="80" fill="#000000"/><rect x="0" y="0" width="100" height="100" fill="#5B2A86"/>'
        "</svg>"
    )
    (tmp_path / "logo.svg").write_text(svg, encoding="utf-8")
    brand = read_brand_file(_brand_file(tmp_path, logo="logo.svg"))
    sheet = merge_sheet(load_handout("kyphoplasty", "en"), make_patient(), brand)
    pdf = render_document(sheet, "leaflet").pdf
    import pypdfium2 as pdfium

    image = pdfium.PdfDocument(pdf)[0].render(scale=2).to_pil().convert("L")
    edge = round(12 / 25.4 * 72 * 2)
    assert image.crop((0, 0, image.width, edge)).getextrema()[0] >= 250


def test_greyscale_is_what_a_black_and_white_printer_prints():
    assert greyscale("#FF0000") == "#4C4C4C"
    assert greyscale("#FFFFFF") == "#FFFFFF"
    assert round(contrast_ratio("#000000", "#FFFFFF"), 1) == 21.0
    for brand in ("northbrook", "riverside"):
        loaded = load_brand(brand)
        for colour in (loaded.primary_colour, loaded.accent_colour):
            assert contrast_ratio(greyscale(colour), "#FFFFFF") >= 4.5, (brand, colour)


def test_a_record_names_its_own_brand(tmp_path):
    """One run, two clinics: each record's pages carry its own clinic."""
    from click.testing import CliRunner

    from generate import cli

    patients = tmp_path / "patients.json"
    rows = [
        {**RECORD, "patient_id": "B-1"},
        {**RECORD, "patient_id": "B-2", "brand": "riverside"},
        {**RECORD, "patient_id": "B-3", "brand": "nowhere"},
    ]
    patients.write_text(json.dumps(rows), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["batch", str(patients), "--out", str(out), "--workers", "1"])
    assert result.exit_code == 1, result.output
    assert "Northbrook General Hospital" in page_texts((out / "B-1" / "leaflet.pdf").read_bytes())[0]
    assert "Riverside Community Health" in page_texts((out / "B-2" / "leaflet.pdf").read_bytes())[0]
    assert not (out / "B-3").exists()
    assert "brand: no brand named 'nowhere'; we have: northbrook, riverside" in result.output
    with (out / "manifest.csv").open(encoding="utf-8") as handle:
        statuses = {row["patient_id"]: row["status"] for row in csv.DictReader(handle)}
    assert statuses["B-3"] == "failed"
    assert statuses["B-2"] == "made"


# ---------------------------------------------------------------- brand text per language (issue 15)


def test_brand_text_prints_in_the_documents_language():
    """A Spanish sheet prints the clinic's hours, department and footer in Spanish, in the red panel too."""
    patient = make_patient(language="es")
    sheet = merge_sheet(load_handout("kyphoplasty", "es"), patient, load_brand("northbrook"))
    for document in ("discharge", "leaflet"):
        text = " ".join(page_texts(render_document(sheet, document).pdf))
        assert "de lunes a viernes, de 8 a 18 h" in text
        assert "Unidad de Intervenciones de Columna" in text
        assert "Monday to Friday" not in text
        assert "Spinal Interventions Unit" not in text
    english = " ".join(page_texts(brand_pdf("northbrook")))
    assert "Ring the clinic on 01632 960 418 (Monday to Friday, 8 am to 6 pm) if you have:" in english


def test_a_language_the_brand_has_no_text_for_falls_back_with_a_warning(tmp_path):
    from handout_engine.make import _warnings
    from handout_engine.merge import brand_fallbacks, brand_in

    text = NORTHBROOK.read_text(encoding="utf-8")
    plain = "\n".join(line for line in text.splitlines() if not line.strip().startswith(("es:", "ar:", "ur:")))
    plain = plain.replace("  en: ", "  ").replace("department:\n  ", "department: ").replace("footer:\n  ", "footer: ")
    plain = plain.replace("hours:\n        ", "hours: ")
    path = tmp_path / "plain.yaml"
    path.write_text(plain, encoding="utf-8")
    shutil.copytree(NORTHBROOK.parent / "logos", tmp_path / "logos")
    brand = read_brand_file(path)
    assert brand.translations == ()
    assert brand_in(brand, "es") is brand
    assert brand_fallbacks(brand, "es") == ("department", "footer", "clinic_hours", "ward_hours", "out_of_hours_hours")
    assert brand_fallbacks(brand, "en") == ()
    assert brand_fallbacks(load_brand("northbrook"), "es") == ()
    (warning,) = _warnings(make_patient(language="es"), brand)
    assert warning.warning
    assert warning.field == "brand"
    assert warning.message == (
        "brand plain has no 'es' department, footer, clinic hours, ward hours, out-of-hours hours; "
        "printed in 'en' instead"
    )


def test_a_per_language_brand_value_must_hold_the_brands_own_language(tmp_path):
    path = _brand_file(tmp_path, {"  en: Spinal Interventions Unit\n": ""})
    with pytest.raises(BrandError) as caught:
        read_brand_file(path)
    assert "clinic.yaml: department: has no 'en' text, the brand's language" in str(caught.value)
    path = _brand_file(tmp_path, {"  es: Unidad": "  spanish: Unidad"})
    with pytest.raises(BrandError) as caught:
        read_brand_file(path)
    assert "department.spanish: expected a language code such as en or es" in str(caught.value)
