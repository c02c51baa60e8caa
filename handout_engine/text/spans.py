"""Words in another language inside a paragraph, marked so that tagged PDF reads each in its own voice.

An Arabic name in an English note, a Chinese name in a table cell beside
English words, a Greek name in a Spanish sentence: the paragraph is read in
its document's language, and a screen reader reading the name with that voice
says it wrong. `marked_spans` cuts a paragraph's fragments (after fallback
fonts and shaping, scripts.py) where the reading language changes
(writing.read_in) and gives each fragment of a run in another language that
run. When the paragraph is drawn, each line (in visual order, after bidi.py)
gets a zero-width ReportLab onDraw fragment before and after each run's
fragments (`with_markers`); on a tagging canvas (layouts/tagging.py) the two
close the paragraph's marked content and open a Span with that /Lang (and
/ActualText, the run as typed, where its glyphs are shaped or right to left),
then go back to the paragraph, all inside the paragraph's text object. Any
other canvas ignores them. Placed after the line is put in visual order, the
markers surround the run's glyphs however the bidi rules moved them, on each
line a run is broken over.

Spaces, digits and punctuation between two words of one language belong to
its run; those at its edges stay with the paragraph. A paragraph wholly in
one other language is not cut: its own element has the /Lang.
"""

from __future__ import annotations

from reportlab.lib.abag import ABag

from .scripts import document_language
from .shaping import bidi_class
from .writing import read_in, script_of

CALLBACK = "handouts_language_span"
_FIRST_SHAPED = 0xF0000  # shaping.py's private-use codes


class Run:
    """One run in another language: what its Span says. Compared by identity: each run is its own Span."""

    __slots__ = ("actual_text", "language")

    def __init__(self, language: str, actual_text: str | None):
        self.language = language
        self.actual_text = actual_text


def marked_spans(frags: list, document: str | None) -> tuple[list, bool]:
    """`frags` cut where the reading language changes, each of a run in another language knowing its `Run`
    (`frag.span_run`); and whether there is any such run."""
    if all(max(text, default="") < "\u0370" for text in (getattr(frag, "text", None) or "" for frag in frags)):
        return frags, False  # Latin letters, digits and accents only: most paragraphs, at once
    atoms = _atoms(frags, document)
    others = {atom[2] for atom in atoms if atom[2]}
    if not others or (len(others) == 1 and not any(atom[2] == "" for atom in atoms)):
        return frags, False  # all in the document's language, or all in one other (the element's own /Lang)
    _resolve_neutrals(atoms)
    out: list = []
    i = 0
    while i < len(atoms):
        j = i
        while j < len(atoms) and atoms[j][2] == atoms[i][2]:
            j += 1
        group = atoms[i:j]
        pieces = _regrouped(group)
        if atoms[i][2]:
            run = Run(atoms[i][2], _actual_text(group))
            for piece in pieces:
                piece.span_run = run
        if out:  # line breaking joins neighbours of one style: a separator keeps a run's fragments its own
            out.append(_marker(pieces[0], None))
        out += pieces
        i = j
    return out, True


def with_markers(bl_para):
    """A copy of a broken paragraph, each line with a marker before and after each run's fragments as drawn."""
    if bl_para.kind == 0:
        return bl_para  # one fragment: nothing in another language inside it
    copy = bl_para.clone()
    copy.lines = [_marked_line(line) for line in bl_para.lines]
    return copy


def _marked_line(line):
    words, open_run = [], None
    for frag in line.words:
        definition = getattr(frag, "cbDefn", None)
        if definition is not None and getattr(definition, "name", None) == CALLBACK:
            continue  # a separator (marked_spans): its work was done when the lines were broken
        run = None if definition is not None else getattr(frag, "span_run", None)
        if run is not open_run:
            if open_run is not None:
                words.append(_marker(words[-1], open_run))
            if run is not None:
                words.append(_marker(frag, run))
            open_run = run
        words.append(frag)
    if open_run is not None:
        words.append(_marker(words[-1], open_run))
    new = line.clone()
    new.words = words
    return new


def own_text(text: str, document: str | None) -> str:
    """`text` without its runs in another language: what the paragraph's own element says in its own language."""
    pieces = [[None, piece, language] for piece, language in _pieces(text, document)]
    _resolve_neutrals(pieces)
    return "".join(piece for _f, piece, language in pieces if not language)


def text_attributes(text: str, rtl: bool = False, spans: bool = False) -> dict:
    """/Lang for text wholly in another language, and /ActualText where the glyphs drawn are not the text's order.

    The language is the one its script is read in (writing.read_in),
    when that is not the document's. Shaped runs (Arabic, Hebrew, the Indic
    scripts) are drawn as shaped glyphs and right-to-left words in visual
    order: ActualText gives the reader the words as written. A paragraph whose
    words in another language are Spans (`spans`) leaves their
    ActualText to them, and needs its own only for its own words.
    """
    if max(text, default="") < "\u0250":  # Latin: the document's own language, drawn as written
        return {}
    document = document_language()
    attrs = {}
    languages = {read_in(script_of(c), document) for c in text if script_of(c) is not None}
    if len(languages) == 1 and None not in languages:
        attrs["Lang"] = languages.pop()
    if spans and "Lang" not in attrs:
        if needs_actual_text(own_text(text, document)) or _moves_around(text, document):
            attrs["ActualText"] = text
    elif rtl or needs_actual_text(text):
        attrs["ActualText"] = text
    return attrs


def _moves_around(text: str, document: str | None) -> bool:
    """Whether a number after a right-to-left run is drawn before it ("باراسيتامول) 1 g": the 1 and the bracket go to
    its left, by the bidi rules), so the paragraph's own words are drawn out of their order and it needs its text."""
    pieces = [[None, piece, language] for piece, language in _pieces(text, document)]
    _resolve_neutrals(pieces)
    after_rtl = False
    for _none, piece, language in pieces:
        for char in piece:
            kind = bidi_class(char)
            if kind == "R":
                after_rtl = bool(language)
            elif kind == "L":
                after_rtl = False
            elif kind in ("EN", "AN") and after_rtl and not language:
                return True
    return False


def needs_actual_text(text: str) -> bool:
    """Whether glyphs drawn for `text` are shaped or reordered (Hebrew to Sinhala), so a reader needs the text."""
    return any(0x0590 <= ord(c) <= 0x0DFF or bidi_class(c) == "R" for c in text)


def install(canvas) -> None:
    """Let this canvas draw the markers (ReportLab looks callbacks up by name); one that does not tag skips them."""
    if canvas.getNamedCB(CALLBACK) is None:
        canvas.setNamedCB(CALLBACK, _draw)


def _draw(canvas, _kind, run: Run | None) -> None:
    toggle = getattr(canvas, "language_span", None)
    if toggle is not None and run is not None:
        toggle(run, canvas._curr_tx_info["tx"])


# ---------------------------------------------------------------- cutting


def _atoms(frags: list, document: str | None) -> list[list]:
    """[fragment, its text or a piece of it, language]: a language code, "" for the document's, None for neutral."""
    atoms: list[list] = []
    for frag in frags:
        text = getattr(frag, "text", None)
        if not text or hasattr(frag, "cbDefn"):
            atoms.append([frag, None, None])
        elif any(ord(c) >= _FIRST_SHAPED for c in text):  # shaped: one face, one script (scripts.py)
            script = getattr(frag, "script", None)
            atoms.append([frag, text, (read_in(script, document) or "") if script else None])
        else:
            atoms += [[frag, piece, language] for piece, language in _pieces(text, document)]
    return atoms


def _pieces(text: str, document: str | None) -> list[tuple[str, str | None]]:
    """`text` cut where its letters' reading language changes; runs of neutral characters on their own (None)."""
    pieces: list[list] = []
    for char in text:
        script = script_of(char)
        language = None if script is None else (read_in(script, document) or "")
        if pieces and pieces[-1][1] == language:
            pieces[-1][0] += char
        else:
            pieces.append([char, language])
    return [(piece, language) for piece, language in pieces]


def _resolve_neutrals(atoms: list[list]) -> None:
    """Neutral atoms between two of one other language join it; every other neutral is the document's own."""
    after: list[str] = [""] * len(atoms)  # the language of the next atom that has one
    following = ""
    for i in range(len(atoms) - 1, -1, -1):
        after[i] = following
        if atoms[i][2] is not None:
            following = atoms[i][2]
    before = ""
    for i, atom in enumerate(atoms):
        if atom[2] is None:
            atom[2] = before if before == after[i] else ""
        else:
            before = atom[2]


def _regrouped(group: list[list]) -> list:
    """The atoms of one language back into fragments: a whole fragment as it was, a piece of one as a copy."""
    out: list = []
    i = 0
    while i < len(group):
        frag = group[i][0]
        j = i
        while j < len(group) and group[j][0] is frag:
            j += 1
        text = "".join(atom[1] or "" for atom in group[i:j])
        if text == (getattr(frag, "text", None) or ""):
            out.append(frag)
        else:
            piece = frag.clone(text=text)
            piece.source_text = text
            out.append(piece)
        i = j
    return out


def _actual_text(group: list[list]) -> str | None:
    """The run as typed, when its glyphs are shaped or right to left; None when they copy out as they are."""
    texts, shaped, last_run = [], False, object()
    for frag, text, _language in group:
        if text is None:
            continue
        if any(ord(c) >= _FIRST_SHAPED for c in text):
            shaped = True
            run = getattr(frag, "shaped_run", None) or frag  # the pieces of one run at several heights
            if run is not last_run:
                texts.append(getattr(frag, "source_text", text))
            last_run = run
        else:
            texts.append(text)
            last_run = object()
    logical = "".join(texts)
    return logical if shaped or needs_actual_text(logical) else None


def _marker(frag, run: Run | None):
    """A zero-width fragment that opens or closes `run`'s Span (either: it toggles), in the font of `frag`; with no
    run, a separator between runs while lines are broken."""
    marker = frag.clone(text="")
    marker.__dict__.pop("span_run", None)
    marker.cbDefn = ABag(kind="onDraw", name=CALLBACK, label=run)
    return marker
