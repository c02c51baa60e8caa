"""Paragraphs that remember their work: parsed once, and broken into lines once per width.

Most of every document is the same for every patient: the leaflet's sections,
the consent form's risks, the discharge advice. ReportLab would parse that
markup and break it into lines again for every PDF, which is most of the cost
of a batch. `paragraph()` keeps a prototype per (markup, style, bullet) and
hands out fresh copies of it; a copy's line breaking for a given width is done
once per process and reused, state and all, by every later copy.

Drawing is remembered too: the PDF operators a prototype's copy drew are
kept with the prototype, and a later copy drawn at the same width, from the
same canvas state and under the same font seeding (layouts/replay.py
`seed_fonts`) puts those operators back instead of setting every line again.
Operators are kept only when drawing them added nothing but operators to the
PDF (no link, no field, no image) and every character they draw was given its
code by the seeding, so it has that code in every document seeded the same
way; text with any other character (a patient's name in a script the content
does not use) is drawn afresh each time. What is kept is what that very text
draws, so it can only ever print that text.

The cache is bounded (least recently used), so a patient's own text (notes,
medicines) passes through it without growing memory over a long batch. The
output is the same, byte for byte, as plain Paragraphs give: tests compare.
"""

from __future__ import annotations

import re
from collections import OrderedDict

from reportlab.lib.enums import TA_RIGHT
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import _handleBulletWidth
from reportlab.rl_config import paraFontSizeHeightOffset

from . import spans, synthetic_bold
from .bidi import _pieces, _visual_order, visual_lines
from .cjk import cjk_lines
from .fonts import NASTALIQ_FACE
from .scripts import (
    breaks_inside_words,
    document_language,
    has_han_or_kana,
    has_right_to_left,
    paragraph_direction,
    right_to_left_page,
    with_fallback_fonts,
    writes_without_spaces,
    writing_context,
)
from .skeletons import parsed_by_skeleton
from .words import kept_in

MAX_PROTOTYPES = 1024  # four times the static text of our three documents (255); a patient's own text cycles out


class ScriptParagraph(Paragraph):
    """A Paragraph that prints any script: fallback fonts per run, shaping, right-to-left words (scripts.py).

    Thai, Lao, Khmer and Myanmar text may break between its words (words.py)
    unless the paragraph sets a value whole (`breaks_words` False).
    """

    breaks_words = True

    def _setup(self, text, style, bulletText, frags, cleaner):  # noqa: N803 - ReportLab's names
        parsed = frags is None
        if parsed:  # markup of a shape parsed before: its fragments with this text's words (skeletons.py)
            frags = parsed_by_skeleton(text, style, cleaner, self.caseSensitive)
        super()._setup(text, style, bulletText, frags, cleaner)
        self._cjk = writes_without_spaces(self.frags)
        self._base = paragraph_direction(self.frags)
        if right_to_left_page():  # every paragraph of a right-to-left document: mirrored, its bullet on the right
            self.style = _mirrored(self.style)
            if self.bulletText:
                self._bullet_right, self.bulletText = self.bulletText, None
        elif self._base == "R":
            self.style = _right_aligned(self.style)
        if parsed:
            if right_to_left_page():
                _keep_numbers_whole(self.frags)
            self.frags, self._rtl = with_fallback_fonts(self.frags, self.breaks_words)
            self._cjk = self._cjk or breaks_inside_words(self.frags)
            if self._base == "L" and not _decorated(self.frags, self.style):
                # Words in another language become Spans (spans.py); a right-to-left paragraph is read from its
                # /ActualText, and a link, underline or background is drawn outside the text object they mark.
                self.frags, self._tag_spans = spans.marked_spans(self.frags, document_language())
            if self._cjk:
                synthetic_bold.for_cjk_lines(self.frags)
        else:  # a part made by split(): its fragments were split by font already
            self._rtl = has_right_to_left(self.frags)
            self._cjk = self._cjk or breaks_inside_words(self.frags)

    def drawOn(self, canvas, x, y, _sW=0):  # noqa: N802, N803 - ReportLab's names
        """Drawn inside its marked content when the canvas writes tags (layouts/tagging.py); a paragraph in
        Nastaliq a little lower in its box (`_ink_drop`)."""
        y -= self._ink_drop()
        mark = getattr(canvas, "mark_flowable", None)
        if mark is None:
            return super().drawOn(canvas, x, y, _sW)
        return mark(self, x, y, lambda: Paragraph.drawOn(self, canvas, x, y, _sW))

    def beginText(self, x, y):  # noqa: N802 - ReportLab's name
        """The paragraph's text object; with words in another language, its marked content is inside it (spans.py)."""
        text = super().beginText(x, y)
        begin = getattr(self.canv, "begin_inner_marks", None)
        if begin is not None and self.__dict__.get("_tag_spans"):
            begin(text)
        return text

    def split(self, availWidth, availHeight):  # noqa: N803 - ReportLab's names
        """The parts of a split paragraph remember the whole one: to a screen reader they are one paragraph."""
        parts = super().split(availWidth, availHeight)
        inherited = {name: value for name, value in self.__dict__.items() if name.startswith("_tag")}
        if self.__dict__.get("_cjk"):
            inherited["_cjk"] = True  # broken as Chinese and Japanese are: so are its parts
        inherited.setdefault("_tag_origin", self)
        for part in parts:
            if part is not self:
                part.__dict__.update(inherited)
        bullet = self.__dict__.get("_bullet_right")
        if bullet and parts and parts[0] is not self:  # the first part keeps the bullet, as ReportLab's split does
            parts[0]._bullet_right = bullet
        return parts

    def breakLines(self, width):  # noqa: N802 - ReportLab's name
        """Chinese and Japanese break between any two characters, not before closing punctuation (ReportLab's rules);
        Thai, Lao, Khmer and Myanmar between words (words.py)."""
        if not self.__dict__.get("_cjk"):
            frags = self.frags  # ReportLab's breaking may replace them with its word list
            lines = super().breakLines(width)
            if not (self.breaks_words and _overflows(lines) and has_han_or_kana(frags)):
                return lines
            # Chinese or Japanese in another record's paragraph (a note), too long for a line at its spaces:
            # broken as Chinese and Japanese are. A value set whole (a name: breaks_words False) never is.
            self._cjk = True
            self.frags = synthetic_bold.ready_for_cjk_lines(frags)
        if hasattr(self, "blPara") and getattr(self, "_splitpara", 0):
            return self.blPara  # a part made by split(): its lines are already broken
        widths = list(width) if isinstance(width, list | tuple) else [width]
        _handleBulletWidth(self.bulletText, self.style, widths)
        auto_leading = getattr(self, "autoLeading", getattr(self.style, "autoLeading", ""))
        return cjk_lines(self.frags, widths, auto_leading not in ("", "off"))

    def drawPara(self, debug=0):  # noqa: N802 - ReportLab's name
        """Draw with right-to-left word runs reversed; the paragraph itself stays in reading order."""
        synthetic_bold.install(self.canv)
        base = self.__dict__.get("_base", "L")
        bullet = self.__dict__.get("_bullet_right")
        if bullet and self.blPara.lines:
            self._draw_right_bullet(bullet)
        logical = drawn = self.blPara
        if self._rtl or base != "L":
            drawn = visual_lines(drawn, base)
        if self.__dict__.get("_tag_spans"):  # words in another language: their Spans' markers, as drawn
            spans.install(self.canv)
            drawn = spans.with_markers(drawn)
        if drawn is logical:
            return super().drawPara(debug)
        self.blPara = drawn
        try:
            return super().drawPara(debug)
        finally:
            self.blPara = logical

    def _draw_right_bullet(self, bullet: str) -> None:
        """A right-to-left paragraph's bullet or step number, at its right, on the first line ("1." reads ".1").

        Drawn first, as its own text object, as ReportLab draws a bullet: the
        tagged PDF ends the list item's label with it (layouts/tagging.py).
        """
        style, blpara = self.style, self.blPara
        first = blpara if blpara.kind == 0 else blpara.lines[0]
        y = self.height - (first.fontSize if paraFontSizeHeightOffset else getattr(first, "ascent", first.fontSize))
        y += getattr(style, "bulletOffsetY", 0)
        text = "".join(piece for _f, piece in _visual_order([(None, p) for p in _pieces(bullet)], "R") or [])
        text = text or bullet
        width = stringWidth(text, style.bulletFontName, style.bulletFontSize)
        line = self.canv.beginText(self.width - style.bulletIndent - width, y)
        line.setFont(style.bulletFontName, style.bulletFontSize)
        line.setFillColor(getattr(style, "bulletColor", style.textColor))
        line.textOut(text)
        self.canv.drawText(line)

    def _ink_drop(self) -> float:
        """How far below ReportLab's place a paragraph set in Nastaliq draws its lines, so their ink sits inside it.

        ReportLab puts the first baseline one font size below the paragraph's top, which holds Latin and Naskh
        letters; Nastaliq's reach about 1.65 em above the baseline and 0.5 em below (measured on the Urdu
        handout: 99 in 100 glyphs), so at that place they stand out of the top of a table cell, a panel or the
        band and into the rule above. Centred in the line's leading instead, the ink stays inside the box when
        the leading holds it (an Urdu document's, layouts/styles.py line_spacing); never raised.
        """
        if not any(str(getattr(frag, "fontName", "")).startswith(NASTALIQ_FACE.regular) for frag in self.frags):
            return 0.0
        size, leading = self.style.fontSize, self.style.leading
        above, below = NASTALIQ_INK
        return max(0.0, (leading - (above + below) * size) / 2 + above * size - size)


NASTALIQ_INK = (1.65, 0.5)  # how far Nastaliq's ink reaches above and below the baseline, in ems (_ink_drop)


class WholeWordParagraph(ScriptParagraph):
    """A record's value set whole (layouts/fit.py): it breaks only where its lines were already broken, at spaces."""

    breaks_words = False


class RememberingParagraph(ScriptParagraph):
    """A Paragraph whose wrap() result, and every attribute wrap() sets, is shared by copies of one prototype."""

    def wrap(self, availWidth, availHeight):  # noqa: N803 - ReportLab's names
        wraps = self.__dict__.get("_wraps")
        if wraps is None:  # made by split(), not by paragraph(): plain behaviour
            return super().wrap(availWidth, availHeight)
        # Line breaking may replace self.frags, so the state it starts from is part of the key.
        key = (id(self.frags), availWidth)
        hit = wraps.get(key)
        if hit is None:
            before = dict(self.__dict__)
            size = super().wrap(availWidth, availHeight)
            changed = {name: value for name, value in self.__dict__.items() if before.get(name, _UNSET) is not value}
            # Keep the frags this state came from alive, so their id() is never reused while cached.
            wraps[key] = (size, changed, self.frags)
            return size
        size, changed, _frags = hit
        self.__dict__.update(changed)
        return size

    def drawPara(self, debug=0):  # noqa: N802 - ReportLab's name
        drawn = self.__dict__.get("_drawn")
        canvas = self.canv
        context = getattr(canvas, "replay_context", None)
        if drawn is None or context is None or debug or self.__dict__.get("_tag_spans"):
            return super().drawPara(debug)  # (a paragraph with Spans marks its text object afresh each time)
        # What the operators depend on: the lines (one object per wrap of a prototype, see wrap()), the size, the
        # font seeding, and the canvas state a text object starts from.
        key = (id(self.blPara), self.width, self.height, context, canvas._fontname, canvas._fontsize, canvas._leading)
        hit = drawn.get(key)
        if hit is not None:
            canvas._code.extend(hit[0])
            return None
        code, doc = canvas._code, canvas._doc
        start, before = len(code), _additions(canvas)
        outer = getattr(doc, "character_probe", None)
        doc.character_probe = probe = []
        try:
            super().drawPara(debug)
        finally:
            doc.character_probe = outer
            if outer is not None:
                outer.extend(probe)
        seeded = canvas.replay_seeded
        if _additions(canvas) == before and all(set(text) <= seeded.get(font, _NONE) for font, text in probe):
            drawn[key] = (tuple(code[start:]), self.blPara)  # the lines kept alive: their id() stays theirs
        return None


def _additions(canvas) -> tuple[int, ...]:
    """What drawing can add to a PDF besides operators: objects (images, fonts), links, forms, tagged content.

    (A bullet's label ends, and its body's marked content begins, inside the paragraph's drawing: tagging.py.)
    """
    tags = (
        len(getattr(canvas, "_tag_marks", ())),
        len(getattr(canvas, "_tag_first", ())),
        getattr(canvas, "_tag_next", 0),
    )
    return len(canvas._doc.idToObject), len(canvas._annotationrefs), len(canvas._formsinuse), *tags


def _decorated(frags: list, style) -> bool:
    """Whether the paragraph draws anything besides its text object: a link, an underline, a background, a border."""
    if getattr(style, "backColor", None) or (getattr(style, "borderWidth", 0) and getattr(style, "borderColor", None)):
        return True
    return any(getattr(f, "link", None) or getattr(f, "us_lines", None) or getattr(f, "backColor", None) for f in frags)


_NUMBER_SPACE = re.compile(r"(?<=\d) (?=\d)")


def _keep_numbers_whole(frags: list) -> None:
    """A phone or NHS number's groups (01632 960 418) joined by no-break spaces: never broken over two lines.

    On a right-to-left page a number broken at a line's end would also read
    in the wrong order there; the groups are one number to bidi.py too.
    """
    for frag in frags:
        text = getattr(frag, "text", None)
        if text and not hasattr(frag, "cbDefn") and " " in text:
            frag.text = _NUMBER_SPACE.sub("\u00a0", text)


def _overflows(lines) -> bool:
    """Whether a line of ReportLab's (kind 0 tuples or kind 1 FragLines) is wider than its width."""
    return any((line[0] if isinstance(line, tuple) else line.extraSpace) < -0.01 for line in lines.lines)


_UNSET = object()
_NONE: frozenset[str] = frozenset()
_right_styles: dict[int, tuple] = {}
_mirrored_styles: dict[int, tuple] = {}


def _right_aligned(style):
    """`style` aligned right, made once per style: a right-to-left paragraph's lines end at the right margin."""
    found = _right_styles.get(id(style))
    if found is None or found[0] is not style:
        found = _right_styles[id(style)] = (style, style.clone(f"{style.name}-rtl", alignment=TA_RIGHT))
    return found[1]


def _mirrored(style):
    """`style` for a right-to-left page, made once per style: aligned right, its indents (a list's) from the right.

    The bullet's indent, too, is then measured from the right edge
    (`_draw_right_bullet`). The style keeps its name, which says what the
    paragraph is to a screen reader (layouts/tagging.py STYLE_ROLES).
    """
    found = _mirrored_styles.get(id(style))
    if found is None or found[0] is not style:
        mirrored = style.clone(
            style.name, alignment=TA_RIGHT, leftIndent=style.rightIndent, rightIndent=style.leftIndent
        )
        found = _mirrored_styles[id(style)] = (style, mirrored)
    return found[1]


_prototypes: OrderedDict[tuple, RememberingParagraph] = OrderedDict()


class RememberingWholeWordParagraph(RememberingParagraph):
    """A record's value set whole (WholeWordParagraph), sharing its work with its twins: the same value in the
    consent form's and the discharge sheet's details, a box left blank, a label."""

    breaks_words = False


def paragraph(markup: str, style, bullet_text: str | None = None, whole: bool = False) -> Paragraph:
    """A fresh Paragraph of `markup` (already escaped), sharing parsing and line breaking with its twins.

    `whole`: a value set whole, broken only where its lines already break (WholeWordParagraph).
    """
    # The record's language picks faces (Urdu: Nastaliq) and line breaking (Chinese, Japanese).
    # (writing_context: the faces the language puts first, whether it is written without spaces or right to left,
    # the document's language, mirrored pages.)
    key = (markup, id(style), bullet_text, writing_context(), kept_in(markup), whole)
    prototype = _prototypes.get(key)
    kind = RememberingWholeWordParagraph if whole else RememberingParagraph
    if prototype is None or prototype.style is not style:
        prototype = kind(markup, style, bulletText=bullet_text)
        prototype._wraps = {}
        prototype._drawn = {}
        _prototypes[key] = prototype
        if len(_prototypes) > MAX_PROTOTYPES:
            _prototypes.popitem(last=False)
    else:
        _prototypes.move_to_end(key)
    copy = kind.__new__(kind)
    copy.__dict__.update(prototype.__dict__)
    return copy
