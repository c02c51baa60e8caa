"""Text setting: the one package that turns a string into glyphs on a page.

fonts.py      the faces we ship, registered once per process; which face has a glyph for a character
shaping.py    HarfBuzz shaping (Arabic, Hebrew, Indic) and the text each shaped glyph copies out as
scripts.py    fallback runs (a face per word or run of one script), vertical offsets, paragraph direction
bidi.py       right-to-left words in their place on each line (the Unicode bidi algorithm)
cjk.py        Chinese and Japanese line breaking; synthetic_bold.py: bold for faces that ship none
words.py      where Thai, Lao, Khmer and Myanmar lines may break (ICU's dictionaries), names kept whole
lines.py      one line on a canvas (the page count); embedding.py: font subsets formatted once per process
paragraphs.py ScriptParagraph: a ReportLab Paragraph that sets every script, with its wrapped lines cached
writing.py    which script a character belongs to, and what a person calls it

It imports no layout code: the layouts (and validation, which checks every
character has a glyph) build on it, never the other way round.
"""
