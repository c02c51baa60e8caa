"""Every name prints right: each script reads back exactly as typed, in its own embedded font, never a black box."""

from __future__ import annotations

import re
import unicodedata

import pytest
from reportlab.pdfbase import pdfmetrics

from handout_engine.catalog import load_brand
from handout_engine.errors import RecordError
from handout_engine.text.bidi import _pieces, _visual_order
from handout_engine.text.fonts import register_fonts
from handout_engine.text.shaping import bidi_class
from pdftools import fonts, page_texts, render_pngs
from support import DOCUMENTS, make_patient, render_pdf

# Fictional names, one per script the issue names. Right-to-left names are
# written here in reading (logical) order, which is what must come back out.
NAMES = {
    "latin": "Zoë Ğüneş-Łukasiewicz Ŷŵain İpek Nguyễn",
    "greek": "Ελένη Παπαδοπούλου",
    "cyrillic": "Жанна Ивановна Щербакова",
    "arabic": "ليلى عبد الله حداد",
    "hebrew": "שרה בת-אל כהן",
    "devanagari": "किरण शर्मा",
    "chinese": "王秀英",
    "japanese": "山田 さくら",
    "korean": "김민준",
}
# The face each script falls back to (Latin stays in Atkinson Hyperlegible, with Noto for what it lacks).
FACES = {
    "greek": "NotoSans-Bold",
    "cyrillic": "NotoSans-Bold",
    "arabic": "NotoSansArabic-Bold",
    "hebrew": "NotoSansHebrew-Bold",
    "devanagari": "NotoSansDevanagari-Bold",
    "chinese": "DroidSansFallback",
    "japanese": "HandoutsJapaneseA-Bold",  # kana in the name: Japanese forms
    "korean": "HandoutsKorean",  # Nanum Gothic, split and renamed (OFL)
}


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@pytest.mark.parametrize("script", list(NAMES))
@pytest.mark.parametrize("document", DOCUMENTS)
def test_a_name_in_every_script_reads_back_exactly_on_every_page(script, document):
    name = NAMES[script]
    pdf = render_pdf(document, name=name, patient_id=f"S-{script}")
    pages = page_texts(pdf)
    for number, text in enumerate(pages, start=1):
        assert nfc(name) in text, (script, document, number)
    embedded = fonts(pdf)
    assert all(embedded.values()), embedded
    if script in FACES:
        assert any(FACES[script] in font for font in embedded), embedded


@pytest.mark.parametrize("script", ["arabic", "hebrew", "devanagari", "korean", "greek"])
def test_clinician_medicines_and_notes_print_in_any_script(script):
    name = NAMES[script]
    pdf = render_pdf(
        "discharge",
        clinician=f"Dr {name}",
        medications=f"{name} 10 mg;Paracetamol",
        notes=f"{name}: note one.\n{name}",
        follow_up_with=name,
    )
    text = " ".join(page_texts(pdf))
    assert f"Dr {nfc(name)}" in text
    assert "mg" in text
    # Line order with numbers after right-to-left text is checked against python-bidi below; pypdf
    # reads such a line in a mix of drawing and reading order, so here only the words are compared.
    assert letters(f"{name}: note one.") in letters(text)
    consent = " ".join(page_texts(render_pdf("consent", clinician=f"Dr {name}")))
    assert f"Dr {nfc(name)}" in consent


def letters(text: str) -> str:
    """The text without spaces and punctuation.

    pypdf puts a right-to-left run back in reading order, but moves a space or
    colon that follows the run to before it (it has no bidirectional
    algorithm); the letters and words themselves come back exact.
    """
    return "".join(c for c in nfc(text) if c.isalnum())


def test_right_to_left_words_keep_their_order_between_latin_words():
    """Mixed text reads back in logical order: Latin, then the Arabic words in reading order, then Latin."""
    notes = "Interpreter: ليلى حداد (daughter) will attend"
    text = " ".join(page_texts(render_pdf("discharge", notes=notes)))
    assert "Interpreter: ليلى حداد" in text
    assert letters(notes) in letters(text)


def test_a_long_right_to_left_note_wraps_in_reading_order():
    """Lines are broken in reading order, then each line drawn right to left: every word still reads back."""
    words = ["مرحبا", "بكم", "في", "العيادة", "شكرا", "لكم"] * 12
    notes = " ".join(words)
    text = " ".join(" ".join(page_texts(render_pdf("discharge", notes=notes))).split())
    # Each wrapped line comes back in order; across lines the words run on as written.
    assert " ".join(words[:6]) in text
    assert " ".join(words[-6:]) in text


def test_arabic_is_joined_and_devanagari_vowel_signs_move_before_their_consonant():
    """What HarfBuzz does and one glyph per character cannot: joined forms, and reordering."""
    register_fonts()
    arabic = pdfmetrics.getFont("NotoSansArabic")
    drawn = [arabic.face.charToGlyph[ord(c)] for c in arabic.shape_word("حداد")]
    nominal = {arabic.face.charToGlyph[ord(c)] for c in "حداد"}
    assert set(drawn) - nominal, "no joined (initial, medial or final) forms were used"
    devanagari = pdfmetrics.getFont("NotoSansDevanagari")
    drawn = [devanagari.face.charToGlyph[ord(c)] for c in devanagari.shape_word("कि")]
    consonant = devanagari.face.charToGlyph[ord("क")]
    assert drawn[-1] == consonant
    assert drawn[0] != consonant


def test_the_same_name_gives_the_same_bytes_in_any_script():
    for script in ("arabic", "devanagari", "chinese"):
        first = render_pdf("consent", name=NAMES[script])
        assert first == render_pdf("consent", name=NAMES[script]), script


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Abebe ᠮᠣᠩᠭᠣᠯ", "'ᠮ' (U+182E MONGOLIAN LETTER MA, Mongolian script)"),
        ("Ann 😀", "'😀' (U+1F600 GRINNING FACE)"),
        ("ᠮᠣᠩᠭᠣᠯ", "'ᠮ' (U+182E MONGOLIAN LETTER MA, Mongolian script)"),
    ],
)
@pytest.mark.parametrize("field", ["name", "clinician", "notes", "medications"])
def test_a_character_no_shipped_font_has_is_a_record_error_naming_field_and_code_point(field, text, shown):
    with pytest.raises(RecordError) as caught:
        make_patient(**{field: text})
    assert caught.value.fields == [f"{field}[1]" if field == "medications" else field]  # a list names its item
    assert f"no font we ship can print {shown}" in str(caught.value)


def test_pages_in_each_script_look_right():
    """Renders for a person to look at (tests/output/script-*.png); the text checks above are the assertions."""
    for script, name in NAMES.items():
        pdf = render_pdf("discharge", name=name, clinician=f"Dr {name}", notes=f"{name} ({script})")
        (first, *_rest) = render_pngs(pdf, f"script-{script}", dpi=60)
        assert first.stat().st_size > 10_000


BIDI_CASES = [
    "abc שלום עולם 12 def",
    "שלום 12 עולם",
    "מחיר 1,5 ש",
    "שרה ב-12",
    "50% הנחה",
    "abc 12 שלום",
    "שלום abc עולם",
    "א 1 2 ב",
    "שלום 12 abc",
    "a (שלום) b",
    "שלום, עולם!",
    "خذ 2 حبة كل 6 ساعات",
    "١٢٣ ٤٥ علي",
]


@pytest.mark.parametrize("text", BIDI_CASES)
def test_a_line_is_drawn_in_the_order_the_unicode_bidi_algorithm_gives(text):
    """Our per-line ordering against python-bidi (the reference implementation), word by word.

    python-bidi reverses the letters of a right-to-left word too; our words are
    shaped whole, so its right-to-left words are turned back before comparing.
    """
    from bidi import get_display

    tokens = [(None, piece) for piece in _pieces(text)]
    ours = "".join(piece for _f, piece in _visual_order(tokens))
    letters_rtl = r"[\u0590-\u05ff\u0600-\u065f\u066a-\u06ef\u06fa-\u06ff]+"  # not the Arabic-Indic digits
    expected = re.sub(letters_rtl, lambda m: m.group(0)[::-1], get_display(text, base_dir="L"))
    assert ours == expected


def test_brackets_inside_right_to_left_text_are_mirrored():
    tokens = [(None, piece) for piece in _pieces("עלי (אבו) כהן")]
    assert "".join(piece for _f, piece in _visual_order(tokens)) == "כהן (אבו) עלי"


def test_numbers_in_right_to_left_text_keep_their_digits_left_to_right():
    """A dose must not change value: ١٢٣ is drawn 1, 2, 3 from the left inside Arabic text too."""
    register_fonts()
    from handout_engine.text.fonts import font_for

    arabic = pdfmetrics.getFont(font_for("ع", bold=False))
    shaped = arabic.shape_word("١٢٣")
    digits = [arabic.face.charToGlyph[ord(c)] for c in shaped]
    assert digits == [arabic.face.charToGlyph[ord(c)] for c in "١٢٣"]
    assert [bidi_class(c) for c in arabic.shape_word("علي٣٤")] == ["R", "R", "R", "AN", "AN"]


def test_a_right_to_left_paragraph_split_across_pages_stays_right_to_left():
    from handout_engine.text.paragraphs import ScriptParagraph
    from layouts.styles import styles_for

    styles = styles_for(load_brand("northbrook"))
    paragraph = ScriptParagraph(" ".join(["مرحبا بكم في العيادة"] * 60), styles.body)
    paragraph.wrap(400, 10_000)
    parts = paragraph.split(400, 150)
    assert len(parts) == 2
    assert all(part._rtl for part in parts)


def test_a_long_arabic_note_reads_back_word_for_word_in_large_print():
    words = ["مرحبا", "بكم", "في", "العيادة"] * 90  # 1,900 characters: a full large-print page
    pdf = render_pdf("discharge", notes=" ".join(words), large_print=True)
    arabic = [word for word in " ".join(page_texts(pdf)).split() if all("\u0600" <= c <= "\u06ff" for c in word)]
    assert arabic == words, "every word of the note, once each, in reading order"


def test_the_same_names_give_the_same_bytes_whatever_came_before():
    """Shaped glyphs are numbered in the order a process meets them: the PDF must not depend on it."""
    before = render_pdf("consent", name="محمد الأحمد")
    render_pdf("consent", name="زهرا علي")
    render_pdf("consent", name="لا تقم")
    assert render_pdf("consent", name="محمد الأحمد") == before
