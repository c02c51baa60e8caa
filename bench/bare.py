"""The baseline: the same three documents in bare ReportLab, for bench/run.py to compare the generator with.

    python bench/bare.py PATIENTS.csv --out DIR [--workers N]

For each patient in the CSV: the leaflet, the consent form and the discharge
sheet, with the content of handouts/kyphoplasty/en.yaml and the brand of
assets/brands/northbrook.yaml, read directly with yaml.safe_load; Atkinson
Hyperlegible (embedded TrueType), 12 pt body; on every page, drawn in onPage:
clinic name, department and logo, the patient band (name, date of birth,
patient id, NHS number) and the footer, and "Page X of Y" by a canvas
subclass that draws the page numbers when the document is saved (as the
generator does). SimpleDocTemplate, Paragraph, Table, ListFlowable and
Spacer only, invariant=1; each PDF is written straight to DIR/<id>/<doc>.pdf.

Deliberately nothing else: no validation, no font check, no escaping beyond
xml.sax.saxutils.escape, no KeepTogether or conditional page breaks (headings
only keep with the next paragraph), no atomic writes or fsync, no manifest, no
hashes. With --workers N > 1, a fork Pool renders patients in N processes,
each of which registers the fonts and reads the content once.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import multiprocessing
import sys
import time
from pathlib import Path
from types import SimpleNamespace
from xml.sax.saxutils import escape

import yaml
from reportlab.lib import colors
from reportlab.lib.fonts import addMapping
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import ListFlowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

ROOT = Path(__file__).resolve().parent.parent
REGULAR, BOLD = "Atkinson", "Atkinson-Bold"
PAGE_W, PAGE_H = A4
MARGIN, MARGIN_V = 18 * mm, 13 * mm
HEADER_H, BAND_GAP, BAND_PAD, LOGO_H = 17 * mm, 2.5 * mm, 2.2 * mm, 14 * mm
BAND_H = 16 + 13.5 + 2 * BAND_PAD + 1 * mm  # one line of name (13 pt) and one of details (10.5 pt)
FOOTER_TOP = MARGIN_V + max(14 * mm, 3 * 11 + 3 * mm)  # three footer lines at 8.5/11 pt
FRAME_TOP = PAGE_H - MARGIN_V - HEADER_H - BAND_GAP - BAND_H - 4 * mm
FRAME_BOTTOM = FOOTER_TOP + 5 * mm
PADDING = 6  # SimpleDocTemplate's frame pads 6 pt on each side: the margins give it back
WIDTH = PAGE_W - 2 * MARGIN
INK, GREY, RULE, URGENT = (colors.HexColor(c) for c in ("#1A1A1A", "#555555", "#9A9A9A", "#A4111B"))
DOCUMENTS = ("leaflet", "consent", "discharge")
TITLES = {"leaflet": "Information for patients", "consent": "Consent form", "discharge": "Discharge information"}

K = SimpleNamespace()  # this process's fonts, styles, content, brand and logo: set up once by setup()


def setup() -> None:
    pdfmetrics.registerFont(TTFont(REGULAR, str(ROOT / "assets/fonts/AtkinsonHyperlegible-Regular.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(ROOT / "assets/fonts/AtkinsonHyperlegible-Bold.ttf")))
    for bold, italic in ((0, 0), (1, 0), (0, 1), (1, 1)):
        addMapping(REGULAR, bold, italic, BOLD if bold else REGULAR)
    K.content = yaml.safe_load((ROOT / "handouts/kyphoplasty/en.yaml").read_text(encoding="utf-8"))
    K.brand = _english(yaml.safe_load((ROOT / "assets/brands/northbrook.yaml").read_text(encoding="utf-8")))
    K.primary = colors.HexColor(K.brand["colours"]["primary"])
    K.accent = colors.HexColor(K.brand["colours"]["accent"])
    K.band = tint(K.primary, 0.10)
    K.logo = ImageReader(str(ROOT / "assets/brands" / K.brand["logo"]))
    iw, ih = K.logo.getSize()
    K.logo_w = LOGO_H * iw / ih
    base = ParagraphStyle(
        "body", fontName=REGULAR, fontSize=12, leading=16.5, textColor=INK, spaceAfter=6, allowWidows=0
    )

    def style(name: str, **changes) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **changes)

    K.s = SimpleNamespace(
        body=base,
        bold=style("bold", fontName=BOLD),
        item=style("item", spaceAfter=3.6),
        title=style("title", fontName=BOLD, fontSize=24, leading=29, textColor=K.primary, spaceAfter=2),
        subtitle=style("subtitle", fontSize=15, leading=20, spaceAfter=12),
        heading=style(
            "heading",
            fontName=BOLD,
            fontSize=15.5,
            leading=20,
            textColor=K.primary,
            spaceBefore=11,
            spaceAfter=4,
            keepWithNext=1,
        ),
        subheading=style("subheading", fontName=BOLD, spaceBefore=6, spaceAfter=3, keepWithNext=1),
        urgent=style("urgent", fontName=BOLD, fontSize=15.5, leading=20, textColor=URGENT),
        cell=style("cell", spaceAfter=0, leading=15.6),
        cell_bold=style("cell_bold", fontName=BOLD, spaceAfter=0, leading=15.6),
        small=style("small", fontSize=10.5, leading=14, textColor=GREY),
    )


def tint(colour: colors.Color, amount: float) -> colors.Color:
    return colors.Color(*(1 - amount * (1 - c) for c in (colour.red, colour.green, colour.blue)))


def when(iso: str) -> str:
    """2026-03-03 -> 3 March 2026."""
    if not iso:
        return ""
    day = dt.date.fromisoformat(iso)
    return f"{day.day} {day:%B} {day.year}"


def grouped(nhs: str) -> str:
    digits = nhs.replace(" ", "")
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}" if digits else ""


# ------------------------------------------------------------ building blocks


def p(text: str, style: ParagraphStyle | None = None) -> Paragraph:
    return Paragraph(escape(text or ""), style or K.s.body)


def bullets(items, markup: bool = False) -> ListFlowable:
    rows = [Paragraph(item if markup else escape(item), K.s.item) for item in items]
    return ListFlowable(rows, bulletType="bullet", start="•", leftIndent=16.8, bulletFontName=REGULAR)


def steps(items, start: int = 1) -> ListFlowable:
    rows = [p(item, K.s.item) for item in items]
    return ListFlowable(rows, bulletType="1", start=start, leftIndent=21.6, bulletFontName=BOLD, bulletFontSize=12)


def table(rows, widths, *commands, **options) -> Table:
    """A Table in our font: Table's own default is Helvetica, which is not embedded."""
    style = TableStyle([("FONTNAME", (0, 0), (-1, -1), REGULAR), *commands])
    return Table(rows, colWidths=widths, style=style, **options)


def grid(rows, widths, header: bool = True) -> Table:
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.6, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 2 * mm),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2 * mm),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5 * mm),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.8 * mm),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), K.band))
    return table(rows, widths, *commands, repeatRows=1 if header else 0)


def details(pairs, columns: int = 1) -> Table:
    cells = [[p(label, K.s.cell_bold), p(value, K.s.cell)] for label, value in pairs]
    rows = [[cell for pair in cells[i : i + columns] for cell in pair] for i in range(0, len(cells), columns)]
    rows[-1] += [""] * (2 * columns - len(rows[-1]))
    share = WIDTH / columns
    shade = [("BACKGROUND", (c, 0), (c, -1), K.band) for c in range(0, 2 * columns, 2)]
    return table(rows, [share * 0.42, share * 0.58] * columns, ("GRID", (0, 0), (-1, -1), 0.6, RULE), *shade)


def panel(title: Paragraph, rows, border, background, border_width: float = 1.5) -> Table:
    return table(
        [[title]] + [[row] for row in rows],
        [WIDTH],
        ("BOX", (0, 0), (-1, -1), border_width, border),
        ("BACKGROUND", (0, 0), (-1, -1), background),
        ("LEFTPADDING", (0, 0), (-1, -1), 4 * mm),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4 * mm),
        ("TOPPADDING", (0, 0), (-1, 0), 3 * mm),
        ("BOTTOMPADDING", (0, -1), (-1, -1), 3 * mm),
    )


def ruled(count: int, width: float = WIDTH) -> Table:
    return table([[""]] * count, [width], ("LINEBELOW", (0, 0), (-1, -1), 0.6, RULE), rowHeights=[10 * mm] * count)


def box() -> Table:
    """An empty tick box: a one-cell table with a border."""
    return table([[""]], [11], ("BOX", (0, 0), (-1, -1), 1, INK), rowHeights=[11])


def ticks(options) -> Table:
    rows = [[box(), p(option)] for option in options]
    return table(rows, [8 * mm, WIDTH - 8 * mm], ("VALIGN", (0, 0), (-1, -1), "TOP"))


def signatures(labels, per_row: int = 2, values=None) -> Table:
    """Label and a line to write on, `per_row` to a row."""
    values = values or [""] * len(labels)
    label_w, gap = 34 * mm, 7 * mm
    value_w = (WIDTH - per_row * label_w - (per_row - 1) * gap) / per_row
    rows, lines = [], []
    for r in range(0, len(labels), per_row):
        row = []
        for label, value in zip(labels[r : r + per_row], values[r : r + per_row], strict=True):
            row += ([""] if row else []) + [p(label, K.s.cell_bold), p(value, K.s.cell)]
            lines.append(("LINEBELOW", (len(row) - 1, r // per_row), (len(row) - 1, r // per_row), 0.8, INK))
        rows.append(row + [""] * (3 * per_row - 1 - len(row)))
    widths = ([label_w, value_w, gap] * per_row)[:-1]
    room = ("TOPPADDING", (0, 0), (-1, -1), 6.5 * mm)  # room to sign above the line
    return table(rows, widths, ("VALIGN", (0, 0), (-1, -1), "BOTTOM"), room, *lines)


def _english(node):
    """The brand with each per-language text ({en: ..., es: ...}) replaced by its English one."""
    if isinstance(node, dict):
        if "en" in node and all(isinstance(v, str) for v in node.values()):
            return node["en"]
        return {key: _english(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_english(item) for item in node]
    return node


def often(risk: dict) -> Paragraph:
    word = risk["frequency"]
    return Paragraph(f"<b>{escape(word[:1].upper() + word[1:])}:</b> {escape(risk['numbers'])}", K.s.cell)


def choices() -> ListFlowable:
    alternatives = K.content["consent"]["alternatives"]
    return bullets([f"<b>{escape(a['option'])}.</b> {escape(a['detail'])}" for a in alternatives], markup=True)


def phones() -> Table:
    b = K.brand
    names = {"clinic": "Clinic", "ward": "Ward", "out_of_hours": "Out of hours"}
    rows = [
        [p(names[key], K.s.cell_bold), p(phone["number"], K.s.cell_bold), p(phone["hours"], K.s.cell)]
        for key, phone in b["phones"].items()
    ]
    number = b["emergency_number"]
    call = p(f"Call {number} for an ambulance", K.s.cell)
    rows.append([p("Emergency", K.s.cell_bold), p(number, K.s.cell_bold), call])
    return grid(rows, [WIDTH * 0.25, WIDTH * 0.27, WIDTH * 0.48], header=False)


def body(blocks) -> list:
    out = []
    for block in blocks:
        if isinstance(block, str):
            out.append(p(block))
        elif "bullets" in block:
            out.append(bullets(block["bullets"]))
        else:
            out.append(steps(block["steps"]))
    return out


# ------------------------------------------------------------ the three documents


def leaflet(patient: dict) -> list:
    s, meta, content = K.s, K.content["metadata"], K.content["leaflet"]
    story = [p(meta["title"], s.title), p(meta["subtitle"], s.subtitle), *(p(t) for t in content["intro"])]
    for part in content["sections"]:
        story += [p(part["heading"], s.heading), *body(part["body"])]
    risks = [[p("Risk", s.cell_bold), p("How often", s.cell_bold)]]
    risks += [[p(risk["risk"], s.cell), often(risk)] for risk in K.content["consent"]["risks"]]
    questions = [
        bullets(content["questions"]),
        p("Write your own questions here, and bring this leaflet to your appointment:", s.bold),
        ruled(3, WIDTH - 8 * mm),
    ]
    story += [
        p("What are the risks?", s.heading),
        p(
            "Like any treatment, this procedure has risks. This table shows how often each one happens. "
            "We will go through them with you before you sign the consent form."
        ),
        grid(risks, [WIDTH * 0.5, WIDTH * 0.5]),
        Spacer(0, 2 * mm),
        p("What are the other choices?", s.heading),
        p("You do not have to have this procedure. Other choices are:"),
        choices(),
        Spacer(0, 4 * mm),
        panel(p("Questions you may want to ask", s.heading), questions, K.accent, tint(K.accent, 0.08)),
        Spacer(0, 5 * mm),
        p("Contact us", s.heading),
        phones(),
        Spacer(0, 4 * mm),
        p("Where this information comes from", s.subheading),
        p(f"Written by {meta['owner']}.", s.small),
        *(p(source, s.small) for source in meta["sources"]),
    ]
    return story


def consent(patient: dict) -> list:
    s, meta, content = K.s, K.content["metadata"], K.content["consent"]
    risks = [[p("Risk", s.cell_bold), p("How often", s.cell_bold), p("What it means for you", s.cell_bold)]]
    risks += [[p(r["risk"], s.cell_bold), often(r), p(r["meaning"], s.cell)] for r in content["risks"]]
    sign4 = ["Signature", "Date", "Print name", "Job title"]
    leaflet_title = f"{meta['title']}: {meta['subtitle']}, version {meta['content_version']} (Ref. {meta['reference']})"
    return [
        p("Consent form: agreement to a procedure", s.title),
        p(content["procedure"], s.subtitle),
        p("Patient details", s.heading),
        details(
            [
                ("Name", patient["name"]),
                ("Date of birth", when(patient["date_of_birth"])),
                ("Patient ID", patient["patient_id"]),
                ("NHS number", grouped(patient["nhs_number"])),
                ("Responsible health professional", patient["clinician"]),
                ("Ward or clinic", patient["ward"]),
                ("Special requirements (for example, another language or a way of communicating)", ""),
            ]
        ),
        p("1. The procedure", s.heading),
        details(
            [
                ("Name of the procedure", content["procedure"]),
                ("Spinal levels to be treated", patient["levels"].replace(";", ", ")),
                ("Planned date", when(patient["procedure_date"])),
            ]
        ),
        Spacer(0, 3 * mm),
        p("What it involves, in plain words", s.subheading),
        *(p(text) for text in content["explanation"]),
        p("2. Statement of the health professional", s.heading),
        p(
            "To be filled in by a health professional who knows the procedure well. "
            "I have explained the procedure to the patient. In particular, I have explained:"
        ),
        p("What we hope the procedure will do", s.subheading),
        bullets(content["benefits"]),
        p("Serious or frequent risks", s.subheading),
        grid(risks, [WIDTH * 0.27, WIDTH * 0.25, WIDTH * 0.48]),
        Spacer(0, 2 * mm),
        p("Any risks or concerns that matter to this patient in particular", s.subheading),
        ruled(3),
        p("Other procedures that may become necessary", s.subheading),
        bullets(content["extra_procedures"]),
        p("Other choices, including no treatment", s.subheading),
        choices(),
        p("The patient has been given this leaflet:", s.subheading),
        ticks([leaflet_title]),
        p("Anaesthesia: the procedure will involve", s.subheading),
        ticks(content["anaesthesia"]["options"]),
        *(p(text) for text in content["anaesthesia"]["explanation"]),
        p(
            "If the patient wants to talk about their options later, they can ring "
            f"{K.brand['phones']['clinic']['number']}."
        ),
        signatures(sign4),
        p("3. Statement of interpreter (where one is used)", s.heading),
        p(
            "I have interpreted the information above to the patient as well as I can, "
            "in a way that I believe they understand."
        ),
        signatures(sign4[:3]),
        p("4. Statement of the patient", s.heading),
        p(
            "Please read this form and the leaflet carefully. If you have any questions, ask us: we are here to "
            "help. You have the right to change your mind at any time, even after you have signed."
        ),
        bullets(
            [
                "I have read this form and the leaflet, and I have been able to ask questions.",
                "I agree to the procedure described on this form.",
                "I understand that I can change my mind at any time, even after I have signed.",
                "I understand that no one can promise which person will do the procedure. "
                "It will be done by someone with the right training and experience.",
                "I understand that I will be able to talk about the anaesthetic with the team before the procedure.",
                "I understand that nothing else will be done to me unless it is needed to save my life "
                "or to prevent serious harm to my health.",
                "I have been told about other procedures that may become necessary during my treatment.",
            ]
        ),
        signatures(sign4[:2]),
        signatures(["Patient's name"], per_row=1, values=[patient["name"]]),
        Spacer(0, 3 * mm),
        p("A witness signs here if the patient cannot write but has shown that they agree.", s.bold),
        p("I confirm that the patient has shown me that they agree to the procedure."),
        signatures(sign4[:3]),
        Spacer(0, 4 * mm),
        table(
            [[p("A copy of this form has been given to the patient:"), box(), p("Yes"), box(), p("No")]],
            [WIDTH - 42 * mm, 7 * mm, 14 * mm, 7 * mm, 14 * mm],
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ),
        p("5. Confirmation of consent on the day of the procedure", s.heading),
        p(
            "To be filled in by a health professional on the day when the patient signed the form in advance. "
            "On behalf of the team treating the patient, I have checked with the patient that they have no "
            "further questions and still want the procedure to go ahead."
        ),
        signatures(sign4),
        Spacer(0, 3 * mm),
        ticks(["The patient has withdrawn consent (ask the patient to sign and date here)."]),
        signatures(sign4[:2]),
    ]


def discharge(patient: dict) -> list:
    s, content, brand = K.s, K.content["discharge"], K.brand
    clinic, ooh = brand["phones"]["clinic"], brand["phones"]["out_of_hours"]
    urgent = [
        p(f"Call {brand['emergency_number']} for an ambulance straight away if you have:", s.bold),
        bullets(content["call_emergency"]),
        p(f"Ring the clinic on {clinic['number']} ({clinic['hours']}) if you have:", s.bold),
        bullets(content["call_clinic"]),
        p(f"Out of hours, ring {ooh['number']} ({ooh['hours']}).", s.bold),
    ]
    story = [
        p(content["title"], s.title),
        p("Discharge information", s.subtitle),
        *(p(text) for text in content["intro"]),
        p("Your details", s.heading),
        details(
            [
                ("Name", patient["name"]),
                ("Date of birth", when(patient["date_of_birth"])),
                ("Patient ID", patient["patient_id"]),
                ("NHS number", grouped(patient["nhs_number"])),
                ("Procedure", K.content["consent"]["procedure"]),
                ("Date of procedure", when(patient["procedure_date"])),
                ("Spinal levels treated", patient["levels"].replace(";", ", ")),
                ("Health professional", patient["clinician"]),
                ("Ward or clinic", patient["ward"]),
                ("Date you went home", when(patient["discharge_date"])),
            ],
            columns=2,
        ),
        Spacer(0, 5 * mm),
        panel(p("Get help now if…", s.urgent), urgent, URGENT, tint(URGENT, 0.06), 2.5),
        p("Your medicines", s.heading),
    ]
    medicines = [m for m in patient["medications"].split(";") if m.strip()]
    story.append(
        bullets(medicines)
        if medicines
        else p("No new medicines. Keep taking your usual medicines unless we told you otherwise.")
    )
    story.append(p("Looking after yourself at home", s.heading))
    number = 1
    for group in content["advice"]:
        story += [p(group["heading"], s.subheading), steps(group["items"], number)]
        number += len(group["items"])
    if patient["notes"]:
        story += [p("Notes from your care team", s.heading), p(patient["notes"])]
    story += [
        p("Your follow-up appointment", s.heading),
        *(p(text) for text in content["follow_up"]),
        signatures(["Date", "With"], 1, [when(patient["follow_up_date"]), patient["follow_up_with"]]),
        p("Phone numbers", s.heading),
        phones(),
    ]
    return story


BUILD = {"leaflet": leaflet, "consent": consent, "discharge": discharge}


# ------------------------------------------------------------ page furniture and paging


def furniture(canvas: Canvas, doc, patient: dict, document: str) -> None:
    """Brand header, patient band and footer text: everything but the page count."""
    meta, brand = K.content["metadata"], K.brand
    top = PAGE_H - MARGIN_V
    canvas.saveState()
    canvas.setFont(BOLD, 13.5)
    canvas.setFillColor(K.primary)
    canvas.drawString(MARGIN, top - 13, brand["clinic_name"])
    canvas.setFont(REGULAR, 10.5)
    canvas.setFillColor(INK)
    canvas.drawString(MARGIN, top - 26, brand["department"])
    canvas.drawImage(K.logo, PAGE_W - MARGIN - K.logo_w, top - LOGO_H, K.logo_w, LOGO_H, mask="auto")
    rule_y = top - HEADER_H
    canvas.setStrokeColor(K.primary)
    canvas.setLineWidth(1.6)
    canvas.line(MARGIN, rule_y, PAGE_W - MARGIN, rule_y)

    band_top = rule_y - BAND_GAP
    canvas.setFillColor(K.band)
    canvas.setLineWidth(0.8)
    canvas.roundRect(MARGIN, band_top - BAND_H, WIDTH, BAND_H, 1.5 * mm, stroke=1, fill=1)
    canvas.setFillColor(INK)
    canvas.setFont(BOLD, 13)
    canvas.drawString(MARGIN + BAND_PAD, band_top - BAND_PAD - 12.5, patient["name"])
    x, y = MARGIN + BAND_PAD, band_top - BAND_PAD - 16 - 1 * mm - 10.5
    details = [("Date of birth", when(patient["date_of_birth"])), ("Patient ID", patient["patient_id"])]
    if patient["nhs_number"]:
        details.append(("NHS number", grouped(patient["nhs_number"])))
    for label, value in details:
        for font, text in ((BOLD, f"{label}: "), (REGULAR, f"{value}      ")):
            canvas.setFont(font, 10.5)
            canvas.drawString(x, y, text)
            x += pdfmetrics.stringWidth(text, font, 10.5)

    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.6)
    canvas.line(MARGIN, FOOTER_TOP, PAGE_W - MARGIN, FOOTER_TOP)
    canvas.setFont(REGULAR, 8.5)
    canvas.setFillColor(GREY)
    lines = (
        f"{meta['title']}: {TITLES[document]}",
        f"Ref. {meta['reference']} · Version {meta['content_version']} · "
        f"Last reviewed {when(str(meta['last_reviewed']))} · Next review {when(str(meta['next_review']))}",
        brand["footer"],
    )
    for number, line in enumerate(lines, start=1):
        canvas.drawString(MARGIN, FOOTER_TOP - 2 * mm - 11 * number + 2, line)
    canvas.restoreState()


class NumberedCanvas(Canvas):
    """Keeps each page until the document is saved, then draws "Page X of Y" on every one."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []

    def showPage(self):  # noqa: N802 - ReportLab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self.setFont(BOLD, 11)
            self.setFillColor(INK)
            self.drawRightString(PAGE_W - MARGIN, FOOTER_TOP - 2 * mm - 11, f"Page {number} of {total}")
            super().showPage()
        super().save()


def render_patient(patient: dict, out: Path) -> tuple[int, int]:
    """Write the three PDFs of one patient; return (documents, pages)."""
    folder = out / patient["patient_id"]
    folder.mkdir(parents=True, exist_ok=True)
    pages = 0
    for document in DOCUMENTS:
        doc = SimpleDocTemplate(
            str(folder / f"{document}.pdf"),
            pagesize=A4,
            invariant=1,
            initialFontName=REGULAR,
            title=f"{K.content['metadata']['title']}: {TITLES[document]}",
            author=K.brand["clinic_name"],
            leftMargin=MARGIN - PADDING,
            rightMargin=MARGIN - PADDING,
            topMargin=PAGE_H - FRAME_TOP - PADDING,
            bottomMargin=FRAME_BOTTOM - PADDING,
        )

        def on_page(canvas, doc, document=document):
            furniture(canvas, doc, patient, document)

        doc.build(BUILD[document](patient), onFirstPage=on_page, onLaterPages=on_page, canvasmaker=NumberedCanvas)
        pages += doc.page
    return len(DOCUMENTS), pages


def _work(job: tuple[dict, Path]) -> tuple[int, int]:
    return render_patient(*job)


def main() -> None:
    parser = argparse.ArgumentParser(description="The generator's three documents in bare ReportLab (baseline).")
    parser.add_argument("patients", type=Path, help="patient CSV (as bench/patients.py writes it)")
    parser.add_argument("--out", type=Path, required=True, help="folder for <patient id>/<document>.pdf")
    parser.add_argument("--workers", type=int, default=1, help="processes (default 1: no pool)")
    args = parser.parse_args()
    started = time.perf_counter()
    with args.patients.open(encoding="utf-8-sig", newline="") as handle:
        patients = list(csv.DictReader(handle))
    jobs = [(patient, args.out) for patient in patients]
    if args.workers <= 1:
        setup()
        results = [_work(job) for job in jobs]
    else:
        with multiprocessing.get_context("fork").Pool(args.workers, initializer=setup) as pool:
            results = list(pool.imap_unordered(_work, jobs, chunksize=2))
    documents = sum(r[0] for r in results)
    pages = sum(r[1] for r in results)
    seconds = time.perf_counter() - started
    sys.stdout.write(f"bare: {documents} documents, {pages} pages, {len(patients)} patients in {seconds:.1f} s\n")


if __name__ == "__main__":
    main()
