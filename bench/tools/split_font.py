"""A shipped TrueType font too big for the repository (over 2 MB) -> parts of it, each under 2 MB, renamed.

Run once by hand when a split face is rebuilt (not part of the product; needs fontTools):
    python bench/tools/split_font.py SOURCE.ttf FAMILY [--under 1900000]
        -> assets/fonts/FAMILYA.ttf, FAMILYB.ttf, ...

The font's characters, in code order, are cut into as few runs of consecutive characters as keep every part
under the size (spaces, Latin, punctuation and symbols, SHARED, go in every part); each part keeps the glyphs,
outlines, hinting and widths of its characters exactly (fontTools' subsetter), so text prints the same from the
parts as from the whole (text/fonts.py chains the parts as one family). Each part is renamed FAMILY + its
letter (a font under the OFL with a Reserved Font Name must not keep that name once modified). Used for Droid
Sans Fallback (DroidSansFallback{A,B,C}) and Nanum Gothic (HandoutsKorean{A,B,C,D}).
"""

from __future__ import annotations

import argparse
import io
import string
import sys

from fontTools import subset
from fontTools.ttLib import TTFont


def part_bytes(source: str, codes: list[int], family: str) -> bytes:
    font = TTFont(source)
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = True
    options.glyph_names = False
    sub = subset.Subsetter(options)
    sub.populate(unicodes=codes)
    sub.subset(font)
    old_family = font["name"].getBestFamilyName()
    old_ps = font["name"].getDebugName(6) or old_family.replace(" ", "")
    for record in font["name"].names:
        if record.nameID in (1, 3, 4, 6, 16, 17, 18, 21):
            text = record.toUnicode().replace(old_ps, family).replace(old_family, family)
            record.string = text
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


# In every part: spaces, Latin, punctuation, CJK symbols and fullwidth forms. A space after a word goes with the
# part that set the word (text/scripts.py), and must print there with the face's own width, as from the whole.
SHARED = ((0, 0x1100), (0x2000, 0x2070), (0x3000, 0x3040), (0xFF00, 0xFFF0))


def split(source: str, family: str, under: int) -> dict[str, bytes]:
    every = sorted(TTFont(source).getBestCmap())
    shared = [c for c in every if any(start <= c < end for start, end in SHARED)]
    codes = [c for c in every if c not in set(shared)]
    letters = string.ascii_uppercase
    for count in range(2, 27):
        size = -(-len(codes) // count)
        runs = [shared + codes[i : i + size] for i in range(0, len(codes), size)]
        parts = {letters[n]: part_bytes(source, run, family + letters[n]) for n, run in enumerate(runs)}
        if all(len(data) < under for data in parts.values()):
            return parts
    raise SystemExit(f"{source} does not split under {under} bytes")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source")
    parser.add_argument("family")
    parser.add_argument("--under", type=int, default=1_900_000)
    args = parser.parse_args()
    for letter, data in split(args.source, args.family, args.under).items():
        path = f"assets/fonts/{args.family}{letter}.ttf"
        with open(path, "wb") as handle:
            handle.write(data)
        sys.stderr.write(f"{path}: {len(data)} bytes\n")


if __name__ == "__main__":
    main()
