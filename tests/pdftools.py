"""Helpers that read a PDF the way a person checks paper: its words, its pages, its fonts, its look."""

from __future__ import annotations

import io
import re
from pathlib import Path

from pypdf import PdfReader

OUTPUT = Path(__file__).parent / "output"  # ignored by git: PNG renders to look at


def page_texts(pdf: bytes) -> list[str]:
    """Each page's text, whitespace collapsed: layout may move line breaks, never words."""
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def joined(text: str) -> str:
    """Text with line breaks after a hyphen closed up ("Villanueva- Etxeberria"): where a name may break."""
    return re.sub(r"(\w)- (?=\w)", r"\1-", text)


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def fonts(pdf: bytes) -> dict[str, bool]:
    """Every font used on any page, mapped to whether its program is embedded in the file."""
    found: dict[str, bool] = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        resources = page.get("/Resources")
        font_dict = resources.get_object().get("/Font") if resources else None
        if not font_dict:
            continue
        for ref in font_dict.get_object().values():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            found[str(font.get("/BaseFont"))] = embedded
    return found


def page_sizes_mm(pdf: bytes) -> list[tuple[float, float]]:
    """Each page's (width, height) in millimetres, rounded to 0.1 mm."""
    sizes = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        box = page.mediabox
        sizes.append((round(float(box.width) * 25.4 / 72, 1), round(float(box.height) * 25.4 / 72, 1)))
    return sizes


def text_runs(pdf: bytes) -> list[list[tuple[float, float, str]]]:
    """Each page's shown text as (y, font size in points, text), font size as printed (Tf times the matrices)."""
    pages = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        runs: list[tuple[float, float, str]] = []

        def visit(text, cm, tm, _font, size, runs=runs):
            if text.strip():
                scale = (tm[2] ** 2 + tm[3] ** 2) ** 0.5 * (cm[2] ** 2 + cm[3] ** 2) ** 0.5
                y = tm[5] * cm[3] + cm[5]
                runs.append((round(y, 1), round(size * scale, 2), text))

        page.extract_text(visitor_text=visit)
        pages.append(runs)
    return pages


def body_font_size(pdf: bytes) -> float:
    """The size most of the text is printed in, counted by characters: what a reader calls the body text."""
    counts: dict[float, int] = {}
    for runs in text_runs(pdf):
        for _y, size, text in runs:
            counts[size] = counts.get(size, 0) + len(text.strip())
    return max(counts, key=counts.get)


def metadata(pdf: bytes) -> dict[str, str]:
    info = PdfReader(io.BytesIO(pdf)).metadata or {}
    return {key: str(value) for key, value in info.items()}


def render_pngs(pdf: bytes, stem: str, dpi: int = 60) -> list[Path]:
    """Render each page to tests/output/<stem>-<n>.png for a person to look at; return the paths."""
    import pypdfium2 as pdfium

    OUTPUT.mkdir(exist_ok=True)
    document = pdfium.PdfDocument(pdf)
    paths = []
    for number, page in enumerate(document, start=1):
        path = OUTPUT / f"{stem}-{number}.png"
        page.render(scale=dpi / 72).to_pil().save(path)
        paths.append(path)
    document.close()
    return paths


# ------------------------------------------------------------ tags (issue 17)


def structure(pdf: bytes) -> list[tuple[int, str, dict]]:
    """The structure tree in reading order: (depth, role, attributes: Lang, ActualText, Scope), read with pikepdf."""
    import pikepdf

    out: list[tuple[int, str, dict]] = []
    with pikepdf.open(io.BytesIO(pdf)) as doc:

        def visit(element, depth):
            attrs = {key[1:]: str(element[key]) for key in ("/Lang", "/ActualText", "/Alt") if key in element}
            if "/A" in element and "/Scope" in element.A:
                attrs["Scope"] = str(element.A.Scope)[1:]
            out.append((depth, str(element.S)[1:], attrs))
            kids = element.get("/K")
            kids = list(kids) if isinstance(kids, pikepdf.Array) else [] if kids is None else [kids]
            for kid in kids:
                if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    visit(kid, depth + 1)

        visit(doc.Root.StructTreeRoot.K, 0)
    return out


def marked_content(pdf: bytes) -> list[dict]:
    """Each page's marked content: MCIDs in stream order, text-showing operators outside any mark, and artifacts."""
    import pikepdf

    pages = []
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            stack: list[str] = []
            found = {"mcids": [], "unmarked_text": 0, "artifacts": 0, "nested_artifacts": 0}
            for operands, operator in pikepdf.parse_content_stream(page):
                op = str(operator)
                if op in ("BDC", "BMC"):
                    tag = str(operands[0])
                    if tag == "/Artifact":
                        found["artifacts"] += 1
                        found["nested_artifacts"] += any(t != "/Artifact" for t in stack)
                    elif op == "BDC" and "/MCID" in operands[1]:
                        found["mcids"].append(int(operands[1].MCID))
                    stack.append(tag)
                elif op == "EMC":
                    stack.pop()
                elif op in ("Tj", "TJ", "'", '"') and not stack:
                    found["unmarked_text"] += 1
            found["balanced"] = not stack
            pages.append(found)
    return pages


def struct_text(pdf: bytes, stem: str) -> str:
    """poppler's `pdfinfo -struct-text`: the text of the structure tree, in its order, as a screen reader gets it."""
    import subprocess

    OUTPUT.mkdir(exist_ok=True)
    path = OUTPUT / f"{stem}.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdfinfo", "-struct-text", str(path)], capture_output=True, text=True, check=True).stdout


def drawn_lines(pdf: bytes) -> list[list[dict]]:
    """Every printed line of every page as its characters (pdfplumber), left to right as they are drawn.

    Grouped by baseline (the text matrix's y): Arabic and Latin faces reach
    down differently and marks ride higher. Characters drawn at one place
    (a cluster's second letter on an empty glyph before its first) keep the
    order they were drawn in. Each character carries its page's width.
    """
    import pdfplumber

    lines = []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            chars = [{**char, "page_width": page.width, "drawn": n} for n, char in enumerate(page.chars)]
            rows: list[list[dict]] = []
            for char in sorted(chars, key=lambda c: -c["matrix"][5]):
                if not rows or rows[-1][-1]["matrix"][5] - char["matrix"][5] > 5:
                    rows.append([])
                rows[-1].append(char)
            lines += [sorted(row, key=lambda c: (round(c["x0"], 1), c["drawn"])) for row in rows]
    return lines


def drawn_text(line: list[dict]) -> str:
    """A drawn line's text left to right: right-to-left words read reversed, as they are drawn."""
    return "".join(char["text"] for char in line)


# ------------------------------------------------------------ ink: do lines touch? (Nastaliq's tall letters)
def ink_boxes(pdf: bytes) -> list[list[tuple[float, float, float, float, float]]]:
    """Per page, each drawn glyph's ink (its outline's box, from pdfium) with the baseline of the line it is on
    (the text matrix's y, from pdfplumber, before a shaped glyph's rise): (left, bottom, right, top, baseline).

    pdfium's boxes are tight to the outline but sit where the glyph is drawn, risen (Nastaliq climbs), so the
    line's own baseline comes from pdfplumber's character drawn at the same place. Glyphs with no ink (spaces)
    are left out.
    """
    import ctypes

    import pdfplumber
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pages = []
    document = pdfium.PdfDocument(pdf)
    with pdfplumber.open(io.BytesIO(pdf)) as plumbed:
        for page, plumbed_page in zip(document, plumbed.pages, strict=True):
            height = plumbed_page.height
            at: dict[float, list[dict]] = {}
            for char in plumbed_page.chars:
                at.setdefault(round(char["matrix"][4], 1), []).append(char)
            textpage = page.get_textpage()
            boxes = []
            x, y = ctypes.c_double(), ctypes.c_double()
            for index in range(textpage.count_chars()):
                left, bottom, right, top = textpage.get_charbox(index, loose=False)
                if right - left < 0.05 or top - bottom < 0.05:
                    continue
                raw.FPDFText_GetCharOrigin(textpage.raw, index, ctypes.byref(x), ctypes.byref(y))
                drawn = [
                    char
                    for key in (round(x.value, 1), round(x.value + 0.1, 1), round(x.value - 0.1, 1))
                    for char in at.get(key, [])
                    if height - char["bottom"] - 0.5 <= y.value <= height - char["top"] + 0.5
                ]
                if drawn:
                    boxes.append((left, bottom, right, top, round(drawn[0]["matrix"][5], 1)))
            textpage.close()
            pages.append(boxes)
    document.close()
    return pages


def overlapping_lines(pdf: bytes, deeper_than: float) -> list[tuple[int, float, float, float]]:
    """Where a glyph's ink box reaches more than `deeper_than` points into a glyph of another line, one above the
    other: (page, depth, baseline, other baseline). Boxes are larger than a diagonal stroke's ink, so a shallow
    overlap need not be ink touching; a deep one is (a letter's tail running into the line below)."""
    found = []
    for number, boxes in enumerate(ink_boxes(pdf), start=1):
        boxes = sorted(boxes, key=lambda box: box[4])
        for i, (l1, b1, r1, t1, base1) in enumerate(boxes):
            for l2, b2, r2, t2, base2 in boxes[i + 1 :]:
                if base2 - base1 > 80:
                    break
                depth = t1 - b2
                if base2 - base1 > 1 and l1 < r2 and l2 < r1 and depth > deeper_than and b1 < t2:
                    found.append((number, round(depth, 1), base1, base2))
    return found


def pdfua_findings(pdf: bytes, name: str) -> list[str]:
    """What the `pdfua` checker finds in `pdf` (written to tests/output/NAME.pdf for a person to open)."""
    from pdfua import validate

    OUTPUT.mkdir(exist_ok=True)
    path = OUTPUT / f"{name}.pdf"
    path.write_bytes(pdf)
    return [f"{f.rule_id}: {f.message}" for f in validate(str(path)).findings]
