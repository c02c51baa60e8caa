"""Right-to-left words in their place on each line: the Unicode bidi algorithm's visual order, at draw time only.

A paragraph is broken into lines in reading order (so it wraps and splits as any other), then each line is
drawn in visual order: right-to-left runs reversed, numbers kept left to right, brackets mirrored."""

from __future__ import annotations

import unicodedata

from .shaping import bidi_class

_MIRRORED = dict(zip("()[]{}<>«»‹›", ")(][}{><»«›‹", strict=True))


def visual_lines(bl_para, base: str = "L"):
    """A copy of a broken paragraph with each line in visual (drawing) order, for a paragraph of direction `base`."""
    copy = bl_para.clone() if hasattr(bl_para, "clone") else bl_para
    if bl_para.kind == 0:
        copy.lines = [_visual_words_line(line, base) for line in bl_para.lines]
    else:
        copy.lines = [_visual_frag_line(line, base) for line in bl_para.lines]
    return copy


def _visual_words_line(line, base: str = "L"):
    """A line of a one-font paragraph: (extra space, [words]), spaces between the words implied."""
    words = line[1] if isinstance(line, tuple) else line.words
    tokens: list[tuple[None, str]] = []
    for i, word in enumerate(words):
        if i:
            tokens.append((None, " "))
        tokens += [(None, piece) for piece in _pieces(word)]
    ordered = _visual_order(tokens, base)
    if ordered is None:
        return line
    new_words = "".join(text for _f, text in ordered).split(" ")
    if isinstance(line, tuple):
        return line[0], new_words
    new = line.clone()
    new.words = new_words
    return new


def _visual_frag_line(line, base: str = "L"):
    """A line of a many-font paragraph: its fragments cut into pieces, put in visual order, regrouped.

    A shaped right-to-left word drawn at several heights (a vowel mark, Nastaliq)
    is several fragments whose glyphs are already in drawing order: they move
    as one piece, so reversing the line's runs never reverses the word's glyphs.
    """
    tokens: list[tuple[list, str | None]] = []  # ([(frag, text), ...], text) in reading order
    for frag in line.words:
        text = getattr(frag, "text", None)
        if text is None or hasattr(frag, "cbDefn"):
            tokens.append(([(frag, None)], None))
            continue
        for piece in _pieces(text):
            if tokens and _same_shaped_word(tokens[-1], frag, piece):
                parts, joined = tokens[-1]
                tokens[-1] = ([*parts, (frag, piece)], joined + piece)
            else:
                tokens.append(([(frag, piece)], piece))
    ordered = _visual_order(tokens, base)
    if ordered is None:
        return line
    words = []
    for parts, text in ordered:
        if len(parts) == 1:
            parts = [(parts[0][0], text)]  # a bracket may have been mirrored
        for frag, piece in parts:
            if piece is None:
                words.append(frag)
            elif words and getattr(words[-1], "_source", None) is frag:
                words[-1].text += piece
            else:
                copy = frag.clone(text=piece)
                copy._source = frag
                words.append(copy)
    new = line.clone()
    new.words = words
    return new


def _same_shaped_word(token: tuple[list, str | None], frag, piece: str) -> bool:
    """Whether `piece` of `frag` continues the right-to-left glyphs of `token`: one shaped run cut by height."""
    (before_frag, before), run = token[0][-1], getattr(frag, "shaped_run", None)
    if not before or not piece or run is None or getattr(before_frag, "shaped_run", None) is not run:
        return False
    return bidi_class(before[-1]) == bidi_class(piece[0]) == "R"


def _pieces(text: str) -> list[str]:
    """`text` cut where its bidirectional class changes (each space, and each other neutral, on its own)."""
    pieces: list[str] = []
    previous = None
    for char in text:
        kind = bidi_class(char)
        if pieces and kind == previous and kind not in ("WS", "ON"):
            pieces[-1] += char
        else:
            pieces.append(char)
        previous = kind
    return pieces


def _bidi(text: str) -> str:
    return unicodedata.bidirectional(text) if len(text) == 1 else ""


def _visual_order(tokens: list, base: str = "L") -> list | None:
    """Tokens in reading order -> drawing order, for a paragraph of direction `base`; None when nothing moves.

    `base` "R" is a right-to-left paragraph (an Arabic note in an Arabic
    record): its neutrals default to right-to-left, and left-to-right text
    and numbers are level 2 inside it.

    Unicode bidirectional algorithm, as a left-to-right line needs it: European
    digits after left-to-right text are left-to-right (W7); a run of neutrals takes the
    direction of the strong text on both sides, numbers counting as
    right-to-left there (N1), else left-to-right (N2); right-to-left text is
    level 1 and numbers level 2 (I1); then runs at level 2 and above, and at 1
    and above, are reversed (L2), and brackets at odd levels mirrored (L4).

    One departure, in right-to-left paragraphs only: digit groups with one
    space between them are one number, as W4 makes 1,5 one, because that is how
    phone and NHS numbers are written (01632 960 418); the algorithm alone
    would show them as 418 960 01632, another number.
    """
    kinds = [bidi_class(text[0]) if text else "ON" for _frag, text in tokens]
    if base == "L" and "R" not in kinds and "AN" not in kinds:
        return None
    texts = [text or "" for _frag, text in tokens]
    for i in range(1, len(kinds) - 1):  # W4: 1,5 and 12.30 are one number
        between = kinds[i - 1] == kinds[i + 1] and kinds[i - 1] in ("EN", "AN")
        if between and kinds[i] == "ON" and _bidi(texts[i]) in ("CS", "ES"):
            kinds[i] = kinds[i - 1]
    if base == "R":  # a phone or NHS number's groups (01632 960 418) are one number, in their own order
        for i in range(1, len(kinds) - 1):
            if kinds[i - 1] == kinds[i + 1] and kinds[i - 1] in ("EN", "AN") and texts[i] in (" ", "\xa0"):
                kinds[i] = kinds[i - 1]
    for i, kind in enumerate(kinds):  # W5: 50% and £12 keep their sign with the number
        beside = (i and kinds[i - 1] == "EN") or (i + 1 < len(kinds) and kinds[i + 1] == "EN")
        if beside and kind == "ON" and _bidi(texts[i]) == "ET":
            kinds[i] = "EN"
    strong = base  # W7: numbers after left-to-right text (or at the start of a left-to-right line) are left-to-right
    for i, kind in enumerate(kinds):
        if kind in ("L", "R"):
            strong = kind
        elif kind == "EN" and strong == "L":
            kinds[i] = "L"
    i = 0
    while i < len(kinds):  # N1, N2: each run of neutrals
        if kinds[i] not in ("WS", "ON"):
            i += 1
            continue
        j = i
        while j < len(kinds) and kinds[j] in ("WS", "ON"):
            j += 1
        before = ("R" if kinds[i - 1] in ("R", "EN", "AN") else "L") if i else base
        after = ("R" if kinds[j] in ("R", "EN", "AN") else "L") if j < len(kinds) else base
        kinds[i:j] = [before if before == after else base] * (j - i)
        i = j
    level_of = {"L": 0, "R": 1, "EN": 2, "AN": 2} if base == "L" else {"L": 2, "R": 1, "EN": 2, "AN": 2}
    levels = [level_of[kind] for kind in kinds]
    order = list(range(len(tokens)))
    for floor in (2, 1):  # L2: reverse every run at this level or above
        i = 0
        while i < len(order):
            if levels[order[i]] < floor:
                i += 1
                continue
            j = i
            while j < len(order) and levels[order[j]] >= floor:
                j += 1
            order[i:j] = order[i:j][::-1]
            i = j
    visual = []
    for index in order:
        frag, text = tokens[index]
        if text is not None and levels[index] % 2 and text in _MIRRORED:
            text = _MIRRORED[text]
        visual.append((frag, text))
    return visual
