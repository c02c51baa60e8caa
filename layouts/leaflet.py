"""The procedure leaflet: what it is, how it is done, recovery, and questions to ask."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from handout_engine.models import Sheet
from handout_engine.text.paragraphs import paragraph

from .blocks import (
    bullets,
    choices,
    esc,
    grid,
    heading_over_table,
    how_often,
    measured,
    panel,
    para,
    section,
    unbroken_list,
)
from .styles import Styles
from .write_in import ruled_lines


def build(sheet: Sheet, styles: Styles, labels: dict, width: float) -> list[Flowable]:
    content = sheet.handout.leaflet
    meta = sheet.handout.meta
    story: list[Flowable] = [
        para(meta.title, styles.title),
        para(meta.subtitle, styles.subtitle),
    ]
    story += [para(text, styles.body) for text in content.intro]
    for part in content.sections:
        story += section(part.heading, part.body, styles)
    if sheet.handout.glossary:
        story += [Spacer(0, 3 * mm), words_we_use(sheet, styles, labels, width)]

    # Risks and other choices come from the consent content, so the leaflet a
    # patient reads before deciding and the form they sign can never disagree.
    consent = sheet.handout.consent
    story += [
        heading_over_table(
            labels["leaflet_risks"],
            styles.heading,
            risk_summary(sheet, styles, labels, width),
            para(labels["leaflet_risks_intro"], styles.body),
        ),
        Spacer(0, 2 * mm),
    ]
    # The heading goes inside the KeepTogether: keepWithNext cannot join a heading to one.
    choices_heading = para(labels["leaflet_choices"], styles.heading)
    intro = para(labels["leaflet_choices_intro"], styles.body)
    story.append(KeepTogether([choices_heading, intro, *choices(consent.alternatives, styles)]))

    story.append(Spacer(0, 4 * mm))
    rows = bullets(content.questions, styles)
    rows.append(para(labels["questions_hint"], styles.body_bold))
    rows.append(ruled_lines(3, width - 8 * mm))
    questions = panel(paragraph(esc(labels["questions"]), styles.heading), rows, width, styles.accent, styles.panel)
    story.append(KeepTogether([questions]))
    story.append(Spacer(0, 5 * mm))
    story.append(para(labels["contact_us"], styles.heading))
    story.append(phone_table(sheet, styles, labels, width))
    story.append(Spacer(0, 4 * mm))
    # The last lines of the leaflet: never one source alone at the top of a last page.
    sources = [para(source, styles.small) for source in meta.sources]
    owner = para(labels["leaflet_owner"].format(owner=meta.owner), styles.small)
    story += unbroken_list([para(labels["sources"], styles.subheading), owner], sources)
    return story


def phone_table(sheet: Sheet, styles: Styles, labels: dict, width: float):
    """Clinic, ward, out-of-hours and emergency numbers, as the brand gives them."""
    brand = sheet.brand
    rows = []
    for key, phone in (
        ("phone_clinic", brand.clinic_phone),
        ("phone_ward", brand.ward_phone),
        ("phone_out_of_hours", brand.out_of_hours_phone),
    ):
        if phone is not None:
            rows.append(
                [
                    para(labels[key], styles.cell_bold),
                    para(phone.number, styles.cell_bold),
                    para(phone.hours, styles.cell),
                ]
            )
    rows.append(
        [
            para(labels["emergency"], styles.cell_bold),
            para(brand.emergency_number, styles.cell_bold),
            para(labels["emergency_detail"].format(number=brand.emergency_number), styles.cell),
        ]
    )
    return grid(rows, [width * 0.25, width * 0.27, width * 0.48], header=False, styles=styles, header_columns=(0,))


def risk_summary(sheet: Sheet, styles: Styles, labels: dict, width: float):
    """Each risk and how often it happens, in words and numbers: the consent form's table without the detail."""
    rows = [[para(labels["risk"], styles.cell_bold), para(labels["how_often"], styles.cell_bold)]]
    for risk in sheet.handout.consent.risks:
        rows.append(
            [
                para(risk.risk, styles.cell),
                how_often(risk, styles.cell, labels),
            ]
        )
    return grid(rows, [width * 0.5, width * 0.5], header=True, styles=styles)


def words_we_use(sheet: Sheet, styles: Styles, labels: dict, width: float):
    """The glossary as a boxed list: each medical term in bold, then what it means in plain words.

    A table row per term, so a long glossary can break between pages, with its title repeated.
    """
    rows = [
        measured(paragraph(f"<b>{esc(entry.term)}</b>: {esc(entry.meaning)}", styles.body))
        for entry in sheet.handout.glossary
    ]
    return panel(paragraph(esc(labels["words_we_use"]), styles.heading), rows, width, styles.accent, styles.panel)
