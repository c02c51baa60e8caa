"""Noto Sans CJK JP (OFL, CFF outlines) -> TrueType-outline subsets ReportLab can load, each under 2 MB.

Run once by hand when the Japanese faces are rebuilt (not part of the product; needs fontTools and the
fonts-noto-cjk Debian package unpacked at SRC):
    apt-get download fonts-noto-cjk && dpkg-deb -x fonts-noto-cjk_*.deb /tmp/scripts-debs/cjk
    python bench/tools/make_japanese_font.py Regular Bold [--only C]  # assets/fonts/HandoutsJapanese{A,B,C}-*.ttf


Subset to the characters of JIS X 0208 (kana, punctuation, the 6,355 kanji of levels 1 and 2) plus
fullwidth forms, and the kanji people's names use beyond it: JIS X 0213's levels 3 and 4 (the standard for
names and place names: 﨑, 德, 槗) and the IBM and NEC extension kanji of Windows' Japanese code page
(CP932: 髙, 﨑), which most Japanese records systems can hold, plus 𠮷 (U+20BB7, the 吉 of 𠮷野家 and of
many 𠮷田 families), in neither; convert the cubic CFF outlines to quadratic TrueType ones (cu2qu, max error 1
unit); split in parts (A: JIS X 0208 level 1, B: level 2, C: the name kanji beyond) so every file stays under 2 MB.
"""

import contextlib
import sys
import unicodedata

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, newTable

SRC = "/tmp/scripts-debs/cjk/usr/share/fonts/opentype/noto/NotoSansCJK-{}.ttc"


def jis_chars(rows, encoding="euc_jp", prefix=b""):
    out = set()
    for row in rows:
        for cell in range(1, 95):
            with contextlib.suppress(UnicodeDecodeError):  # an unassigned cell
                text = (prefix + bytes([0xA0 + row, 0xA0 + cell])).decode(encoding)
                if len(text) == 1:  # JIS X 0213 also has kana with a combining mark: two characters
                    out.add(text)
    return out


def name_kanji():
    """Kanji beyond JIS X 0208 that names use: JIS X 0213 planes 1 and 2, CP932's extensions, and 𠮷."""
    plane_2_rows = [1, 3, 4, 5, 8, 12, 13, 14, 15, *range(78, 95)]  # the rest of SS3 is JIS X 0212, not 0213
    chars = jis_chars(range(1, 95), "euc_jis_2004") | jis_chars(plane_2_rows, "euc_jis_2004", b"\x8f")
    for lead in (0x87, 0xED, 0xEE, 0xFA, 0xFB, 0xFC):  # NEC special, NEC-selected IBM, IBM extensions
        for trail in range(0x40, 0xFD):
            with contextlib.suppress(UnicodeDecodeError):
                chars.add(bytes([lead, trail]).decode("cp932"))
    chars.add("\U00020bb7")
    return {c for c in chars if len(c) == 1 and "IDEOGRAPH" in unicodedata.name(c, "")}


def to_truetype(font):
    glyph_order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = {}
    for name in glyph_order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, 2.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for attr in (
        "maxZones",
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
        "maxPoints",
        "maxContours",
        "maxCompositePoints",
        "maxCompositeContours",
        "maxComponentDepth",
    ):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    font["head"].glyphDataFormat = 0
    font["post"].formatType = 2.0
    font["post"].extraNames = []
    font["post"].mapping = {}
    font.sfntVersion = "\x00\x01\x00\x00"


def build(weight, part, chars, out):
    font = TTCollection(SRC.format(weight)).fonts[0]
    options = subset.Options()
    options.layout_features = []
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.hinting = False
    options.glyph_names = False
    sub = subset.Subsetter(options)
    sub.populate(unicodes=[ord(c) for c in chars])
    sub.subset(font)
    to_truetype(font)
    # A family name of its own (OFL: a modified version must not use the Reserved Font Name... Noto has none,
    # but a distinct name keeps it apart from the real Noto Sans CJK JP in any system that sees both).
    for record in font["name"].names:
        if record.nameID in (1, 4, 6, 16):
            text = record.toUnicode()
            record.string = text.replace("Noto Sans CJK JP", f"Handouts Japanese {part}").replace(
                "NotoSansCJKjp", f"HandoutsJapanese{part}"
            )
    font.save(out)


level1 = jis_chars(range(16, 48))
level2 = jis_chars(range(48, 85))
ranges = [(0x20, 0x7F), (0xA0, 0xA1), (0xFF01, 0xFF5F), (0x3000, 0x3100), (0x31F0, 0x3200)]
common = jis_chars(range(1, 16)) | {chr(c) for start, end in ranges for c in range(start, end)}
common = {c for c in common if not ("\u4e00" <= c <= "\u9fff")}
parts = {"A": common | level1, "B": level2, "C": name_kanji() - level1 - level2}
# `--only C` rebuilds one part (the others' bytes stay as shipped).
only = sys.argv[sys.argv.index("--only") + 1] if "--only" in sys.argv else "".join(parts)
for weight in (arg for arg in sys.argv[1:] if arg in ("Regular", "Bold")):
    for part, chars in parts.items():
        if part in only:
            build(weight, part, chars, f"assets/fonts/HandoutsJapanese{part}-{weight}.ttf")
