"""Every patient's name (issue 16): real names in every script we ship a face for, read back exactly.

Names are in tests/data/names_by_script.yaml: three or more real names per
script, in the order a record holds them. Each script's names are printed
together as one patient's name (one render per document, not one per name),
so every page's patient band carries all of them.
"""

from __future__ import annotations

import io
import re
import unicodedata
from pathlib import Path

import pdfplumber
import pytest
import uharfbuzz as hb
import yaml
from pypdf import PdfReader
from reportlab.pdfbase import pdfmetrics

from handout_engine.catalog import handout_languages
from handout_engine.paths import FONTS
from handout_engine.text.fonts import BOLD, REGULAR, register_fonts
from handout_engine.text.scripts import RIGHT_TO_LEFT_LANGUAGES, _runs, writing_language
from handout_engine.text.shaping import text_of
from pdftools import drawn_lines, drawn_text, fonts, page_texts, render_pngs
from support import DOCUMENTS, render_pdf

NAMES = yaml.safe_load((Path(__file__).parent / "data" / "names_by_script.yaml").read_text(encoding="utf-8"))


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@pytest.mark.parametrize("script", list(NAMES))
def test_real_names_in_every_script_read_back_exactly_on_every_page_of_every_document(script):
    names = NAMES[script]["names"]
    for document in DOCUMENTS:
        pdf = render_pdf(document, name=" ".join(names), language=NAMES[script]["language"], patient_id=f"S-{script}")
        texts = page_texts(pdf)
        language = NAMES[script]["language"]
        if language in RIGHT_TO_LEFT_LANGUAGES and language in handout_languages()["kyphoplasty"]:
            # A right-to-left document (the Arabic handout): pypdf's reordering of right-to-left text breaks
            # where a word's glyphs change font subset, so the band is read as drawn, right to left, on every page.
            drawn = [nfc(drawn_text(line)) for line in drawn_lines(pdf)]
            for name in names:
                assert sum(nfc(name)[::-1] in line for line in drawn) >= len(texts), (script, document, name)
        else:
            for number, text in enumerate(texts, start=1):
                for name in names:
                    assert nfc(name) in text, (script, document, number, name)
        embedded = fonts(pdf)
        assert all(embedded.values()), embedded
        # Embedded as subsets, each under a tag of six capital letters of its own.
        assert all(font[1:7].isupper() and font[7] == "+" for font in embedded), embedded


@pytest.mark.slow
def test_a_sheet_of_names_in_every_script_looks_right():
    """tests/output/names-*.png for a person to look at: every script's names on a discharge sheet."""
    for script, entry in NAMES.items():
        names = entry["names"]
        pdf = render_pdf(
            "discharge",
            name=" ".join(names),
            language=entry["language"],
            clinician=f"Dr {names[1]}",
            follow_up_with=names[2],
            notes=" ".join(names),
        )
        (first, *_rest) = render_pngs(pdf, f"names-{script}", dpi=60)
        assert first.stat().st_size > 10_000


def fonts_on_the_line_of(pdf: bytes, char: str) -> list[tuple[str, str]]:
    """(character, font) for each glyph on the first page's line that holds `char` (pdfplumber, as drawn)."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        chars = document.pages[0].chars
        top = next(c["top"] for c in chars if c["text"] == char)
        return [(c["text"], c["fontname"].split("+", 1)[1]) for c in chars if abs(c["top"] - top) < 1]


@pytest.mark.parametrize(
    ("word", "face"),
    [
        ("Δημήτρης", "NotoSans"),  # Greek: never Atkinson Hyperlegible's mathematical ∆
        ("Σπύρος", "NotoSans"),
        ("Nguyễn", "NotoSans"),  # Vietnamese: Atkinson has N, g, u, y, n but not ễ
        ("Adébáyọ̀", "NotoSans"),  # Yoruba, with a combining grave on ọ
        ("Ŵyn", "NotoSans"),  # Welsh
        ("İpek", "NotoSans"),  # Turkish dotted capital I
        ("Zoë", "AtkinsonHyperlegible"),  # what the text face has stays in it
    ],
)
def test_a_word_takes_one_face_whole(word, face):
    register_fonts()
    for font in (REGULAR, BOLD):
        runs = _runs(f"Mr {word} Smith", font)
        assert [text for _font, text in runs if word in text], runs
        (containing,) = [name for name, text in runs if word in text]
        assert containing.startswith(face), runs


def test_greek_delta_prints_in_the_greek_face_on_the_page():
    """On paper: every glyph of the band's Δημήτρης Nguyễn is drawn in Noto Sans, none in the text face."""
    line = fonts_on_the_line_of(render_pdf("consent", name="Δημήτρης Nguyễn"), "Δ")
    assert "".join(text for text, _font in line).replace(" ", "") == "ΔημήτρηςNguyễn"
    assert {font for text, font in line if text.strip()} == {"NotoSans-Bold"}, line


def test_a_two_part_vowel_copies_out_exactly():
    """Malayalam ജോ: ോ is drawn in two parts either side of ജ (3 glyphs, 2 characters); it copies out as typed."""
    register_fonts()
    from handout_engine.text.fonts import font_for

    font = pdfmetrics.getFont(font_for("ജ", bold=False))
    shaped = font.shape_word("ജോസഫ്")
    assert len(shaped) > len("ജോസഫ്")  # more glyphs than characters
    assert text_of(shaped) == "ജോസഫ്"
    pdf = render_pdf("discharge", name="ജോസഫ് മാത്യു", notes="ജോസഫ് ജോ കൊ")
    text = " ".join(page_texts(pdf))
    assert "ജോസഫ് മാത്യു" in text
    assert "ജോസഫ് ജോ കൊ" in text
    assert "\x06" not in text
    assert "(cid:" not in text


def test_arabic_vowel_marks_are_drawn_at_harfbuzzs_height():
    """A kasra goes under its letter where HarfBuzz puts it, measured where the PDF draws it (pdfplumber)."""
    pdf = render_pdf("consent", name="زينب بِنت علي")
    buffer = hb.Buffer()
    buffer.add_str("بِنت")
    buffer.guess_segment_properties()
    face = hb.Face(hb.Blob.from_file_path(str(FONTS / "NotoSansArabic-Bold.ttf")))
    hb.shape(hb.Font(face), buffer, {})
    (offset,) = [p.y_offset for p in buffer.glyph_positions if p.y_offset]
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        band = [c for c in document.pages[0].chars if c["fontname"].endswith("NotoSansArabic-Bold")]
    baseline = {round(c["y0"], 2) for c in band if c["text"].strip()}
    assert len(baseline) == 1  # the letters sit on one line
    (mark,) = [c for c in band if c["text"] == ""][:1]  # the kasra's own glyph: its text rides on its letter
    size = mark["size"]
    assert mark["y0"] - baseline.pop() == pytest.approx(offset * size / face.upem, abs=0.01)
    assert offset < 0


def test_urdu_is_set_in_nastaliq_for_an_urdu_record_and_in_naskh_otherwise():
    urdu = fonts(render_pdf("consent", name="عائشہ خان", language="ur"))
    assert any("NotoNastaliqUrdu" in font for font in urdu), urdu
    other = fonts(render_pdf("consent", name="عائشہ خان"))
    assert not any("NotoNastaliqUrdu" in font for font in other), other
    assert _runs("Aisha عائشہ", REGULAR, "ur")[-1][0].startswith("NotoNastaliqUrdu")
    assert _runs("Aisha عائشہ", REGULAR, "ar")[-1][0].startswith("NotoSansArabic")


def test_nastaliq_climbs_with_harfbuzzs_vertical_offsets():
    """Nastaliq's joins step down to the baseline: its glyphs are drawn at several heights, as HarfBuzz says.

    (Vertebroplasty has no Urdu translation: an English page, which pypdf reads the name back from as typed; the
    Urdu handout's own pages are read through their ActualText, test_urdu_handout.py.)"""
    pdf = render_pdf("consent", name="عائشہ خان", language="ur", handout="vertebroplasty")
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        band = [c for c in document.pages[0].chars if "NotoNastaliqUrdu" in c["fontname"]]
    assert len({round(c["y0"], 1) for c in band}) >= 3
    assert "عائشہ خان" in page_texts(pdf)[0]


def test_subset_tags_come_from_the_subset_and_differ_between_subsets():
    """Not AAAAAA+ in every file: a print server caching fonts by name must never mix two files' subsets."""
    first = fonts(render_pdf("consent", name="Zoë Δημήτρης"))
    again = fonts(render_pdf("consent", name="Zoë Δημήτρης"))
    other = fonts(render_pdf("consent", name="Zoë Σπύρος"))
    assert first == again  # deterministic
    assert not any(font.startswith("/AAAAAA+") for font in first)
    greek = {font for font in first if font.endswith("+NotoSans-Bold")}
    assert greek
    assert greek.isdisjoint(other)
    # Two subsets of one font in one file get two tags.
    tags = [font.split("+")[0] for font in first]
    assert len(tags) == len(set(tags))


def test_a_character_no_font_has_names_its_script_in_the_message():
    from handout_engine.text.fonts import describe_missing

    assert describe_missing(["ᠮ"]) == "'ᠮ' (U+182E MONGOLIAN LETTER MA, Mongolian script)"


def test_runs_carry_their_script_and_language_for_tagging():
    """Tagged PDF (/Lang, /ActualText) reads each fragment's script and the record's language."""
    from handout_engine.catalog import load_brand
    from handout_engine.text.paragraphs import ScriptParagraph
    from layouts.styles import styles_for

    styles = styles_for(load_brand("northbrook"))
    with writing_language("bn"):
        paragraph = ScriptParagraph("Name: মোহাম্মদ রহমান", styles.body)
    scripts = [(frag.script, frag.language, text_of(frag.text)) for frag in paragraph.frags]
    assert ("BENGALI", "bn", "মোহাম্মদ রহমান") in scripts, scripts
    assert scripts[0][0] == "LATIN"


def test_same_names_same_bytes_in_the_new_scripts():
    for script in ("malayalam", "thai", "tibetan", "urdu"):
        entry = NAMES[script]
        name = " ".join(entry["names"])
        first = render_pdf("consent", name=name, language=entry["language"])
        assert first == render_pdf("consent", name=name, language=entry["language"]), script


def test_pypdf_reads_every_name_back_from_the_text_layer_not_from_a_guess():
    """The ToUnicode maps carry the text: every shaped glyph maps to its cluster's characters or to nothing."""
    pdf = render_pdf("consent", name=" ".join(NAMES["sinhala"]["names"]), language="si")
    reader = PdfReader(io.BytesIO(pdf))
    assert "\ufffd" not in reader.pages[0].extract_text()


def ink(markup: str) -> int:
    """Dark pixels of `markup` set in the body style on a small page (pypdfium2 at 150 dpi)."""
    import pypdfium2 as pdfium
    from reportlab.pdfgen.canvas import Canvas

    from handout_engine.catalog import load_brand
    from handout_engine.text.paragraphs import ScriptParagraph
    from layouts.styles import styles_for

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(300, 60), invariant=1)
    paragraph = ScriptParagraph(markup, styles_for(load_brand("northbrook")).body)
    paragraph.wrapOn(canvas, 280, 50)
    paragraph.drawOn(canvas, 10, 20)
    canvas.save()
    image = pdfium.PdfDocument(buffer.getvalue())[0].render(scale=150 / 72).to_pil().convert("L")
    return sum(1 for value in image.tobytes() if value < 128)


@pytest.mark.parametrize("name", ["王秀英", "김민준", "さくら"])
def test_bold_cjk_is_drawn_heavier_than_regular(name):
    """The CJK faces ship no bold: bold is synthetic (fill and stroke), visibly heavier, and copies out the same."""
    regular, bold = ink(name), ink(f"<b>{name}</b>")
    assert bold > regular * 1.15, (regular, bold)
    pdf = render_pdf("consent", name=f"{name} Wang")
    assert f"{name} Wang" in page_texts(pdf)[0]


def han_fonts(pdf: bytes) -> set[str]:
    """The Han faces a PDF embeds; Droid Sans Fallback's parts (one design, split by character) as one."""
    named = {font.split("+", 1)[1] for font in fonts(pdf) if "Japanese" in font or "Droid" in font}
    return {re.sub(r"^DroidSansFallback[A-Z]$", "DroidSansFallback", name) for name in named}


def test_a_japanese_record_takes_japanese_kanji_forms_and_a_real_bold():
    """佐藤 大翔 (大 a common kanji, 翔 a level-2 one: two parts of one face) in Japanese forms, band in real bold."""
    pdf = render_pdf("consent", name="佐藤 大翔", language="ja", clinician="Dr 鈴木 花子")
    assert han_fonts(pdf) == {
        "HandoutsJapaneseA-Bold",
        "HandoutsJapaneseA-Regular",
        "HandoutsJapaneseB-Bold",
        "HandoutsJapaneseB-Regular",
    }
    text = page_texts(pdf)[0]
    assert "佐藤 大翔" in text
    assert "Dr 鈴木 花子" in " ".join(page_texts(pdf))


# Japanese names written with kanji outside JIS X 0208: 﨑 (山﨑 賢人, an actor; 山﨑 康晃, a baseball pitcher),
# 髙 (髙田 延彦, a wrestler; the 髙 of 髙島屋), 𠮷 (U+20BB7, outside the Basic Multilingual Plane: the 𠮷 many
# 𠮷田 families write, and 𠮷野家's), 鷗 (JIS X 0213 only: 森 鷗外, the novelist).
RARE_KANJI_NAMES = ["山﨑 賢人", "髙田 延彦", "𠮷田 沙織", "森 鷗外"]
JAPANESE_C = {"HandoutsJapaneseC-Bold", "HandoutsJapaneseC-Regular"}


@pytest.mark.parametrize("name", RARE_KANJI_NAMES)
def test_a_japanese_name_with_kanji_beyond_jis_x_0208_stays_in_the_japanese_face(name):
    """The third part of the Japanese face (JIS X 0213 levels 3 and 4, CP932's extensions, 𠮷) holds them."""
    pdf = render_pdf("consent", name=name, language="ja")
    used = han_fonts(pdf)
    assert all(font.startswith("HandoutsJapanese") for font in used), used
    assert "HandoutsJapaneseC-Bold" in used  # the band's bold name: the rare kanji from part C
    assert name in page_texts(pdf)[0]


def test_a_kanji_only_the_japanese_face_has_prints_in_any_record():
    """𠮷 is in no other face we ship: on an English record it alone takes the Japanese face (the Han around it,
    as any Han there, the Chinese face), never a box or a refusal."""
    pdf = render_pdf("consent", name="𠮷田 沙織")
    assert "𠮷田 沙織" in page_texts(pdf)[0]
    assert {"HandoutsJapaneseC-Bold", "DroidSansFallback"} <= han_fonts(pdf) <= {*JAPANESE_C, "DroidSansFallback"}


def test_kana_in_a_name_makes_its_kanji_japanese_whatever_the_records_language():
    assert han_fonts(render_pdf("consent", name="山田 さくら")) == {
        "HandoutsJapaneseA-Bold",
        "HandoutsJapaneseA-Regular",
    }
    # Without kana, or for a Chinese record, Han is in the Chinese face (its forms are Chinese).
    assert han_fonts(render_pdf("consent", name="王秀英")) == {"DroidSansFallback"}
    assert han_fonts(render_pdf("consent", name="王秀英", language="zh")) == {"DroidSansFallback"}


ARABIC_NOTE = "يرجى شرب الكثير من الماء كل يوم. اتصل بالعيادة على 01632 960 418 إذا شعرت بألم أو حمى فوق 38 درجة."


def test_a_right_to_left_note_in_an_arabic_record_is_right_aligned_and_reads_back_in_order():
    """pdfplumber: every line of the note ends at the right margin; pypdf: it copies out in reading order.

    The record is Persian (written right to left, in the Arabic script), for which there is no translation:
    its English discharge sheet stays a left-to-right page with the right-to-left note in it. (An Arabic
    record now has the Arabic sheet, right to left throughout: tests/test_arabic_handout.py.)
    """
    pdf = render_pdf("discharge", name="ليلى حداد", language="fa", notes=" ".join([ARABIC_NOTE] * 3))
    text = " ".join(page_texts(pdf))
    assert ARABIC_NOTE.split(". ")[0] in text
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        every = [line for page in document.pages for line in page.extract_text_lines()]
    lines = [line for line in every if "ءاملا" in line["text"] or "ةدايعلا" in line["text"] or "ةجرد" in line["text"]]
    right = max(line["x1"] for line in lines)
    assert len(lines) >= 3
    assert all(abs(line["x1"] - right) < 1.5 for line in lines), [(line["x0"], line["x1"]) for line in lines]
    last = min(lines, key=lambda line: line["x1"] - line["x0"])  # the short last line sits at the right
    assert last["x0"] - min(line["x0"] for line in lines) > 100, [(line["x0"], line["x1"]) for line in lines]
    # The same note in an English record stays a left-to-right paragraph: its short last line starts at the left.
    english = render_pdf("discharge", name="ليلى حداد", notes=" ".join([ARABIC_NOTE] * 3))
    with pdfplumber.open(io.BytesIO(english)) as document:
        every = [line for page in document.pages for line in page.extract_text_lines()]
    lines = [line for line in every if "ءاملا" in line["text"] or "ةدايعلا" in line["text"] or "ةجرد" in line["text"]]
    assert len(lines) >= 3
    last = min(lines, key=lambda line: line["x1"] - line["x0"])
    assert last["x0"] - min(line["x0"] for line in lines) < 15, [(line["x0"], line["x1"]) for line in lines]


@pytest.mark.parametrize(
    "text",
    [
        "abc שלום עולם 12 def",
        "שלום 12 עולם",
        "שלום abc עולם",
        "שלום, עולם!",
        "خذ 2 حبة كل 6 ساعات",
        "abc def",
    ],
)
def test_a_right_to_left_paragraph_orders_its_line_as_the_unicode_bidi_algorithm_does(text):
    from bidi import get_display

    from handout_engine.text.bidi import _pieces, _visual_order

    tokens = [(None, piece) for piece in _pieces(text)]
    ours = "".join(piece for _f, piece in _visual_order(tokens, "R"))
    letters_rtl = r"[\u0590-\u05ff\u0600-\u065f\u066a-\u06ef\u06fa-\u06ff]+"
    expected = re.sub(letters_rtl, lambda m: m.group(0)[::-1], get_display(text, base_dir="R"))
    assert ours == expected


def test_brackets_in_a_right_to_left_paragraph_are_drawn_facing_their_text():
    """Reading from the right, ( opens towards שלום on its left: drawn as the glyph that faces left (rule L4)."""
    from handout_engine.text.bidi import _pieces, _visual_order

    tokens = [(None, piece) for piece in _pieces("a (שלום) b")]
    assert "".join(piece for _f, piece in _visual_order(tokens, "R")) == "b (שלום) a"


def test_every_shipped_font_file_is_under_2_mb_and_a_split_face_prints_as_one():
    """Droid Sans Fallback and Nanum Gothic ship cut into parts (bench/tools/split_font.py): a bold Korean name whose
    syllables lie in different parts is still one synthetic-bold run, its space in the Korean face (as from the
    whole font: the same width), not three runs with the text face's space between them."""
    import pikepdf

    from handout_engine.paths import FONTS

    assert [font.name for font in FONTS.glob("*.[ot]tf") if font.stat().st_size >= 2_000_000] == []
    pdf = render_pdf("consent", name="김민준 박서연", patient_id="P-7")
    with pikepdf.open(io.BytesIO(pdf)) as document:
        page = document.pages[0]
        contents = page.Contents if isinstance(page.Contents, pikepdf.Array) else [page.Contents]
        stream = b"".join(part.read_bytes() for part in contents).decode("latin-1")
        fonts_used = {str(name): str(font.BaseFont) for name, font in page.Resources.Font.items()}
    first_bold = stream.index("2 Tr")
    band = stream[stream.rindex("BT", 0, first_bold) : stream.index("ET", first_bold)]  # the name's text object
    assert band.count("2 Tr") == 1, band  # one bold run for the whole name
    korean = {name.lstrip("/") for name, base in fonts_used.items() if "HandoutsKorean" in base}
    assert len(korean) >= 2, fonts_used  # the syllables come from more than one part
    assert re.findall(r"/(F\d+)\+\d+ [\d.]+ Tf [\d.]+ TL \( \) Tj", band) == [], band  # no space set on its own
