"""Thai, Lao, Khmer and Myanmar lines break between words (ICU's dictionaries), never inside one or inside a name.

The sentences are not ours: Article 1 of the Universal Declaration of Human
Rights in Thai and Khmer (the UN's translations, as Unicode's UDHR in Unicode
project publishes them), its opening in Lao (as Google's Noto sample texts
give it), and the Declaration's title in Burmese (as Google's myanmar-tools
gives it in Unicode). The names are real names (tests/data/names_by_script.yaml).
"""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path

import pdfplumber
import pytest
import yaml
from icu4py.breakers import LineBreaker
from reportlab.lib.styles import ParagraphStyle

from handout_engine.text.fonts import REGULAR, register_fonts
from handout_engine.text.paragraphs import ScriptParagraph, WholeWordParagraph
from handout_engine.text.shaping import text_of
from handout_engine.text.words import keeping_whole
from pdftools import page_texts, render_pngs
from support import render_pdf

SENTENCES = {
    "th": "มนุษย์ทั้งปวงเกิดมามีอิสระและเสมอภาคกันในศักดิ์ศรีและสิทธิ ต่างในตนมีเหตุผลและมโนธรรม และควรปฏิบัติต่อกันด้วยจิตวิญญาณแห่งภราดรภาพ",
    "km": "មនុស្សទាំងអស់ កើតមកមានសេរីភាព និងសមភាព ក្នុងផ្នែកសេចក្ដីថ្លៃថ្នូរនិងសិទ្ធិ។ "
    "មនុស្ស មានវិចារណញ្ញាណនិងសតិសម្បជញ្ញៈជាប់ពីកំណើត ហើយគប្បីប្រព្រឹត្ដចំពោះគ្នាទៅវិញទៅមកក្នុងស្មារតីភាតរភាពជាបងប្អូន។",
    "lo": "ມະນຸດເກີດມາມີສິດເສລີພາບ ແລະ ສະເໝີໜ້າກັນໃນທາງກຽດຕິສັກ ແລະ ມະນຸດເກີດມາມີສິດເສລີພາບ",
    "my": "အပြည်ပြည်ဆိုင်ရာ လူ့အခွင့်အရေး ကြေညာစာတမ်း အပြည်ပြည်ဆိုင်ရာ လူ့အခွင့်အရေး ကြေညာစာတမ်း",
}
SCRIPT_OF = {"th": "thai", "km": "khmer", "lo": "lao", "my": "myanmar"}
NAMES = yaml.safe_load((Path(__file__).parent / "data" / "names_by_script.yaml").read_text(encoding="utf-8"))


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def boundaries(text: str, language: str) -> set[int]:
    """Where ICU lets a line break in `text`, as counts of the non-space characters before the break."""
    ends, count = set(), 0
    for piece in LineBreaker(text, language):
        count += len("".join(piece.split()))
        ends.add(count)
    return ends


def style(size: float = 11) -> ParagraphStyle:
    register_fonts()
    return ParagraphStyle("body", fontName=REGULAR, fontSize=size, leading=size * 1.4, splitLongWords=0)


@pytest.mark.parametrize("language", list(SENTENCES))
def test_a_long_sentence_wraps_within_its_column_at_word_boundaries(language):
    """In an 80 pt column: every line fits, and each ends where ICU (or a space) allows, never mid-word."""
    text = SENTENCES[language]
    paragraph = ScriptParagraph(text, style())
    paragraph.wrap(80, 10_000)
    widths = paragraph.getActualLineWidths0()
    assert len(widths) >= 3, widths
    assert max(widths) <= 80 + 1e-6
    allowed = boundaries(text, language)
    count = 0
    for line in paragraph.blPara.lines[:-1]:
        count += len("".join("".join(_copied(unit) for unit in line.words).split()))
        assert count in allowed, (language, count)


def _copied(unit) -> str:
    """What a line's fragment (or a string of shaped codes) copies out as."""
    return text_of(getattr(unit, "text", unit))


@pytest.mark.parametrize("language", list(SENTENCES))
def test_a_long_note_wraps_on_the_page_and_copies_out_exactly(language):
    """The discharge sheet's notes, drawn: inside the text column (pdfplumber), and the text reads back (pypdf)."""
    text = SENTENCES[language]
    names = NAMES[SCRIPT_OF[language]]["names"]
    pdf = render_pdf("discharge", notes=text, language=language, name=names[0])
    copied = "".join(nfc(" ".join(page_texts(pdf))).split())
    assert "".join(nfc(text).split()) in copied
    lines = 0
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            mine = [c for c in page.chars if c["text"].strip() and c["text"][0] in text and not c["text"].isascii()]
            if mine:
                left = min(c["x0"] for c in page.chars)  # the margins are the same on both sides
                assert max(c["x1"] for c in mine) <= page.width - left + 1, language
                lines = max(lines, len({round(c["top"]) for c in mine}))
    assert lines >= 3, lines  # the note wrapped (the band's name is one more line)
    render_pngs(pdf, f"words-{language}", dpi=60)


@pytest.mark.parametrize("script", ["thai", "lao", "khmer", "myanmar"])
def test_a_name_is_never_broken_inside_a_word(script):
    """Set whole (the band, the details table) and inside a sentence of the record: ICU's words in a name stay one."""
    for name in NAMES[script]["names"]:
        for word in name.split():
            squeezed = WholeWordParagraph(word, style())
            squeezed.wrap(5, 10_000)  # far too narrow: it may only overflow, never split
            assert len(squeezed.blPara.lines) == 1, (name, word)
            with keeping_whole(None, name, "Dr Smith"):  # the record's names: patient, clinician, follow-up
                in_text = ScriptParagraph(f"{word}{word}", style())
                in_text.wrap(5, 10_000)
            lines = [line.words if hasattr(line, "words") else line[1] for line in in_text.blPara.lines]
            starts = ["".join(map(_copied, words)) for words in lines]
            assert all(len(part) % len(word) == 0 for part in starts), (name, word, starts)


def test_the_sentences_really_need_dictionary_breaks():
    """Without them, the longest unspaced run of each sentence is wider than the column: the test above can fail."""
    for language, text in SENTENCES.items():
        paragraph = WholeWordParagraph(text, style())
        paragraph.wrap(80, 10_000)
        assert max(paragraph.getActualLineWidths0()) > 80, language


# Article 1 of the Declaration in Chinese (UDHR in Unicode), as an interpreter's note on an English record.
CHINESE_NOTE = "人人生而自由,在尊严和权利上一律平等。他们赋有理性和良心,并应以兄弟关系的精神相对待。"


def test_a_chinese_note_on_an_english_record_wraps_within_its_column():
    """Too long for a line at its spaces, it breaks as Chinese does (cjk.py); the name in the band stays whole."""
    notes = f"Interpreter: {CHINESE_NOTE * 3}"
    pdf = render_pdf("discharge", notes=notes, name="王秀英")
    assert "".join(notes.split()) in "".join(" ".join(page_texts(pdf)).split())
    lines = 0
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            mine = [c for c in page.chars if c["text"] in CHINESE_NOTE and not c["text"].isascii()]
            if mine:
                left = min(c["x0"] for c in page.chars)
                assert max(c["x1"] for c in mine) <= page.width - left + 1
                lines = max(lines, len({round(c["top"]) for c in mine}))
    assert lines >= 3, lines
    render_pngs(pdf, "words-zh-in-en", dpi=60)


def test_the_record_names_are_kept_whole_in_chinese_lines_too():
    """In CJK breaking, a line may start between any two characters, but not inside a word of the record's names."""
    with keeping_whole("王秀英"):
        paragraph = ScriptParagraph("王秀英" * 4, style())
        paragraph.wrap(30, 10_000)  # narrower than the name: it overflows, whole
    assert ["".join(map(_copied, line.words)) for line in paragraph.blPara.lines] == ["王秀英"] * 4
