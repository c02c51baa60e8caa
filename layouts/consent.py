"""The informed-consent form, modelled on the UK NHS Consent Form 1.

Order: patient details; the procedure; the health professional's statement
(benefits, risks with how often, extra procedures, alternatives including no
treatment, leaflet given with its version, anaesthesia, signature); the
interpreter's statement; the patient's statement with a witness line; a
"copy given" tick box; confirmation of consent on the day. Every statement is
kept on one page with its signature lines (blocks.SignedStatement), or, taller
than a page, its signing lines start a page with its heading "continued".
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from handout_engine.models import Sheet

from .blocks import (
    bullets,
    choices,
    details_table,
    grid,
    heading_over_table,
    how_often,
    keep,
    para,
    ruled_lines,
    signed,
    tick_line,
    tick_rows,
    write_in_lines,
    yes_no,
)
from .styles import Styles


def build(sheet: Sheet, styles: Styles, labels: dict, width: float) -> list[Flowable]:
    consent = sheet.handout.consent
    meta = sheet.handout.meta
    label = sheet.label
    L = labels
    story: list[Flowable] = [
        para(L["consent_title"], styles.title),
        para(sheet.procedure, styles.subtitle),
        heading_over_table(
            L["patient_details"],
            styles.heading,
            details_table(
                [
                    (L["name"], label.name),
                    (L["date_of_birth"], label.born),
                    (L["patient_id"], label.patient_id),
                    (L["nhs_number"], label.nhs_number),
                    (L["responsible_professional"], sheet.clinician),
                    (L["ward"], sheet.ward),
                    (L["special_requirements"], None),
                ],
                width,
                styles,
            ),
        ),
    ]

    # 1. The procedure
    procedure = [
        (L["procedure_name"], sheet.procedure),
        (L["levels"], sheet.levels),
        (L["planned_date"], sheet.procedure_date),
    ]
    story += [
        heading_over_table(L["procedure_heading"], styles.heading, details_table(procedure, width, styles)),
        Spacer(0, 3 * mm),
        para(L["what_it_involves"], styles.subheading),
    ]
    story += [para(text, styles.body) for text in consent.explanation]

    # 2. Statement of the health professional
    leaflet_title = L["leaflet_title"].format(title=meta.title, subtitle=meta.subtitle, version=sheet.content_version)
    if meta.reference:
        leaflet_title += f" ({L['reference'].format(reference=meta.reference)})"
    heading = L["professional_heading"]
    clinic = sheet.brand.clinic_phone
    story.append(
        signed(
            para(heading, styles.heading),
            [
                keep(
                    para(L["professional_intro"], styles.body),
                    para(L["benefits"], styles.subheading),
                    *bullets(consent.benefits, styles),
                ),
                heading_over_table(L["risks"], styles.table_heading, risks_table(sheet, styles, L, width)),
                Spacer(0, 2 * mm),
                keep(para(L["patient_concerns"], styles.subheading), ruled_lines(3, width)),
                keep(para(L["extra_procedures"], styles.subheading), *bullets(consent.extra_procedures, styles)),
                keep(para(L["alternatives"], styles.subheading), *choices(consent.alternatives, styles)),
                keep(para(L["leaflet_given"], styles.subheading), tick_rows([leaflet_title], width, styles)),
                keep(
                    para(L["anaesthesia"], styles.subheading),
                    tick_rows(consent.anaesthesia.options, width, styles),
                    *[para(text, styles.body) for text in consent.anaesthesia.explanation],
                ),
            ],
            [
                para(L["contact_later"].format(number=clinic.number), styles.body),
                write_in_lines(
                    [(L["signed"], None), (L["date"], None), (L["printed_name"], None), (L["job_title"], None)],
                    width,
                    styles,
                ),
            ],
            continued(heading, L["professional_core"], L, styles),
        )
    )

    # 3. Interpreter
    story.append(interpreter_statement(L, width, styles))

    # 4. Patient
    heading = L["patient_heading"]
    story.append(
        signed(
            para(heading, styles.heading),
            [para(L["patient_intro"], styles.body), *bullets(L["patient_statements"], styles)],
            [
                write_in_lines([(L["signed"], None), (L["date"], None)], width, styles),
                # The name is pre-printed, so it gets the whole width: a long name stays on one line.
                write_in_lines([(L["patient_name"], label.name)], width, styles, per_row=1),
            ],
            continued(heading, L["patient_core"], L, styles),
        )
    )
    story.append(
        keep(
            Spacer(0, 3 * mm),
            para(L["witness_heading"], styles.body_bold),
            para(L["witness_statement"], styles.body),
            write_in_lines([(L["signed"], None), (L["date"], None), (L["printed_name"], None)], width, styles),
        )
    )
    story.append(Spacer(0, 4 * mm))
    story.append(yes_no(L["copy_given"], L["yes"], L["no"], width, styles))

    # 5. Confirmation on the day
    heading = L["confirmation_heading"]
    story.append(
        signed(
            para(heading, styles.heading),
            [para(L["confirmation_statement"], styles.body)],
            [
                write_in_lines(
                    [(L["signed"], None), (L["date"], None), (L["printed_name"], None), (L["job_title"], None)],
                    width,
                    styles,
                ),
                Spacer(0, 3 * mm),
                tick_rows([L["withdrawn"]], width, styles),
                write_in_lines([(L["signed"], None), (L["date"], None)], width, styles),
            ],
            continued(heading, L["confirmation_statement"], L, styles),
        )
    )
    return story


def continued(heading: str, core: str, labels: dict, styles: Styles) -> list[Flowable]:
    """What heads a statement's signing lines on a page of their own: its heading, continued, and its core."""
    return [para(labels["continued"].format(heading=heading), styles.heading), para(core, styles.body)]


def interpreter_statement(L: dict, width: float, styles: Styles) -> Flowable:  # noqa: N803 - the layouts' label table
    """Who interpreted, from where, and how: a telephone or video interpreter cannot sign, so the
    health professional records them instead."""
    heading = L["interpreter_heading"]
    return signed(
        para(heading, styles.heading),
        [
            write_in_lines([(L["interpreter_language"], None), (L["interpreter_agency"], None)], width, styles),
            write_in_lines([(L["interpreter_id"], None)], width, styles, per_row=1),
            Spacer(0, 2 * mm),
            tick_line(L["interpreter_how"], L["interpreter_modes"], width, styles),
            para(L["interpreter_statement"], styles.body),
        ],
        [
            write_in_lines([(L["signed"], None), (L["date"], None), (L["printed_name"], None)], width, styles),
            Spacer(0, 3 * mm),
            para(L["interpreter_remote"], styles.body),
            write_in_lines(
                [(L["signed"], None), (L["date"], None), (L["printed_name"], None), (L["job_title"], None)],
                width,
                styles,
            ),
        ],
        continued(heading, L["interpreter_statement"], L, styles),
    )


def risks_table(sheet: Sheet, styles: Styles, labels: dict, width: float):
    """Risk | how often, in words and numbers | what it means. The header repeats on a new page."""
    rows = [
        [
            para(labels["risk"], styles.cell_bold),
            para(labels["how_often"], styles.cell_bold),
            para(labels["what_it_means"], styles.cell_bold),
        ]
    ]
    for risk in sheet.handout.consent.risks:
        rows.append(
            [
                para(risk.risk, styles.cell_bold),
                how_often(risk, styles.cell, labels),
                para(risk.meaning, styles.cell),
            ]
        )
    return grid(rows, [width * 0.27, width * 0.25, width * 0.48], header=True, styles=styles)
