"""The informed-consent form, modelled on the UK NHS Consent Form 1.

Order: patient details; the procedure; the health professional's statement
(benefits, risks with how often, extra procedures, alternatives including no
treatment, leaflet given with its version, anaesthesia, signature); the
interpreter's statement; the patient's statement with a witness line; a
"copy given" tick box; confirmation of consent on the day. Every statement is
kept on one page with its signature lines.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from handout_engine.models import Sheet, signer

from .blocks import (
    bullets,
    choices,
    details_table,
    grid,
    heading_over_table,
    how_often,
    keep,
    para,
    signed,
)
from .fields import Slot
from .fit import Name, identity_rows, name_or_none
from .parts import patient_part
from .styles import Styles
from .write_in import ruled_lines, tick_line, tick_rows, write_in_lines, yes_no

# Fields of a fillable copy besides the signers' own lines (their names are read back: keep them stable).
LEAFLET_GIVEN = "leaflet_given"
ANAESTHESIA = "anaesthesia_{number}"  # one check box per option, numbered from 1
PATIENT_CONCERNS = "patient_concerns"
COPY_GIVEN = "copy_given"  # two check boxes: copy_given_yes, copy_given_no
WITHDRAWN = "withdrawn"
INTERPRETER_MODE = "interpreter_mode"  # check boxes interpreter_mode_face_to_face, _telephone, _video
INTERPRETER_MODES = ("face_to_face", "telephone", "video")
INTERPRETER_MODE_FIELDS = tuple(f"{INTERPRETER_MODE}_{mode}" for mode in INTERPRETER_MODES)  # one check box each
INTERPRETER_DETAILS = ("interpreter_language", "interpreter_agency", "interpreter_id")


def build(sheet: Sheet, styles: Styles, labels: dict, width: float) -> list[Flowable]:
    """The consent form: the patient's details, then its five numbered parts, each statement with its signature."""
    return [
        *_details(sheet, styles, labels, width),
        *_procedure(sheet, styles, labels, width),
        _professional(sheet, styles, labels, width),
        interpreter_statement(labels, width, styles),
        *_patient(sheet, styles, labels, width),
        _confirmation(styles, labels, width),
    ]


def _details(sheet: Sheet, styles: Styles, L: dict, width: float) -> list[Flowable]:  # noqa: N803 - the labels
    def details(patient: Sheet) -> list[Flowable]:
        rows = [
            *identity_rows(patient.label, L),
            (L["responsible_professional"], name_or_none(patient.clinician)),
            (L["ward"], patient.ward),
            (L["special_requirements"], None),
        ]
        return [heading_over_table(L["patient_details"], styles.heading, details_table(rows, width, styles))]

    return [
        para(L["consent_title"], styles.title),
        para(sheet.procedure, styles.subtitle),
        *patient_part(sheet, details),
    ]


def _procedure(sheet: Sheet, styles: Styles, L: dict, width: float) -> list[Flowable]:  # noqa: N803 - the labels
    """1. The procedure."""

    def procedure(patient: Sheet) -> list[Flowable]:
        rows = [
            (L["procedure_name"], patient.procedure),
            (L["levels"], patient.levels),
            (L["planned_date"], patient.procedure_date),
        ]
        return [heading_over_table(L["procedure_heading"], styles.heading, details_table(rows, width, styles))]

    return [
        *patient_part(sheet, procedure),
        Spacer(0, 3 * mm),
        para(L["what_it_involves"], styles.subheading),
        *[para(text, styles.body) for text in sheet.handout.consent.explanation],
    ]


def _professional(sheet: Sheet, styles: Styles, L: dict, width: float) -> Flowable:  # noqa: N803 - the labels
    """2. Statement of the health professional, kept with its signature."""
    consent, meta = sheet.handout.consent, sheet.handout.meta
    anaesthesia = [ANAESTHESIA.format(number=n) for n in range(1, len(consent.anaesthesia.options) + 1)]
    leaflet_title = L["leaflet_title"].format(title=meta.title, subtitle=meta.subtitle, version=sheet.content_version)
    if meta.reference:
        leaflet_title += f" ({L['reference'].format(reference=meta.reference)})"
    heading = L["professional_heading"]
    clinic = sheet.brand.clinic_phone
    return signed(
        para(heading, styles.heading),
        [
            keep(
                para(L["professional_intro"], styles.body),
                para(L["benefits"], styles.subheading),
                *bullets(consent.benefits, styles),
            ),
            heading_over_table(L["risks"], styles.table_heading, risks_table(sheet, styles, L, width)),
            Spacer(0, 2 * mm),
            *patient_part(sheet, lambda patient: patient_concerns(patient, styles, L, width)),
            keep(para(L["extra_procedures"], styles.subheading), *bullets(consent.extra_procedures, styles)),
            keep(para(L["alternatives"], styles.subheading), *choices(consent.alternatives, styles)),
            keep(
                para(L["leaflet_given"], styles.subheading),
                tick_rows([leaflet_title], width, styles, [LEAFLET_GIVEN]),
            ),
            keep(
                para(L["anaesthesia"], styles.subheading),
                tick_rows(consent.anaesthesia.options, width, styles, anaesthesia),
                *[para(text, styles.body) for text in consent.anaesthesia.explanation],
            ),
        ],
        [
            para(L["contact_later"].format(number=clinic.number), styles.body),
            write_in_lines(
                signer_lines("professional", L, (LEAFLET_GIVEN, *anaesthesia, PATIENT_CONCERNS)), width, styles
            ),
        ],
        continued(heading, L["professional_core"], L, styles),
    )


def _patient(sheet: Sheet, styles: Styles, L: dict, width: float) -> list[Flowable]:  # noqa: N803 - the labels
    """4. Statement of the patient, kept with its signature and printed name; the witness; the copy given."""
    heading = L["patient_heading"]
    return [
        signed(
            para(heading, styles.heading),
            [para(L["patient_intro"], styles.body), *bullets(L["patient_statements"], styles)],
            [
                write_in_lines(signer_lines("patient", L), width, styles),
                # The name is pre-printed, so it gets the whole width: a long name stays on one line.
                *patient_part(
                    sheet,
                    lambda patient: [
                        write_in_lines([(L["patient_name"], Name(patient.label.name))], width, styles, per_row=1)
                    ],
                ),
            ],
            continued(heading, L["patient_core"], L, styles),
        ),
        keep(  # the copy-given line is the form's last question: never alone at the top of a page
            Spacer(0, 3 * mm),
            para(L["witness_heading"], styles.body_bold),
            para(L["witness_statement"], styles.body),
            write_in_lines(signer_lines("witness", L), width, styles),
            Spacer(0, 4 * mm),
            yes_no(L["copy_given"], L["yes"], L["no"], width, styles, COPY_GIVEN),
        ),
    ]


def _confirmation(styles: Styles, L: dict, width: float) -> Flowable:  # noqa: N803 - the labels
    """5. Confirmation of consent on the day, and the place to record a withdrawal."""
    heading = L["confirmation_heading"]
    return signed(
        para(heading, styles.heading),
        [para(L["confirmation_statement"], styles.body)],
        [write_in_lines(signer_lines("confirmation", L), width, styles)],
        continued(heading, L["confirmation_statement"], L, styles),
        [  # a withdrawal says what it is beside its own signature
            [
                Spacer(0, 3 * mm),
                tick_rows([L["withdrawn"]], width, styles, [WITHDRAWN]),
                write_in_lines(signer_lines("withdrawal", L, (WITHDRAWN,)), width, styles),
            ]
        ],
    )


def continued(heading: str, core: str, labels: dict, styles: Styles) -> list[Flowable]:
    """What heads a statement's signing lines on a page of their own: its heading, continued, and its core."""
    return [para(labels["continued"].format(heading=heading), styles.heading), para(core, styles.body)]


def interpreter_statement(L: dict, width: float, styles: Styles) -> Flowable:  # noqa: N803 - the layouts' label table
    """Who interpreted, in which language, from where and how.

    A telephone or video interpreter cannot sign the paper, so the health
    professional records that they took part, with their own signature.
    """
    heading = L["interpreter_heading"]
    language, agency, interpreter_id = ((L[key], Slot(key, tooltip=f"{L[key]}")) for key in INTERPRETER_DETAILS)
    return signed(
        para(heading, styles.heading),
        [
            write_in_lines([language, agency], width, styles),
            write_in_lines([interpreter_id], width, styles, per_row=1),
            Spacer(0, 2 * mm),
            tick_line(L["interpreter_how"], L["interpreter_modes"], width, styles, INTERPRETER_MODE, INTERPRETER_MODES),
            para(L["interpreter_statement"], styles.body),
        ],
        [
            write_in_lines(
                signer_lines("interpreter", L, (*INTERPRETER_DETAILS, *INTERPRETER_MODE_FIELDS)), width, styles
            ),
        ],
        continued(heading, L["interpreter_statement"], L, styles),
        [  # the health professional's record of a telephone or video interpreter: its own statement and signature
            [
                Spacer(0, 3 * mm),
                para(L["interpreter_remote"], styles.body),
                write_in_lines(
                    signer_lines("remote_interpreter", L, (*INTERPRETER_DETAILS, *INTERPRETER_MODE_FIELDS)),
                    width,
                    styles,
                ),
            ]
        ],
    )


# The label of each write-in line a signer has, by its field's line name.
LINE_LABELS = {"date": "date", "name": "printed_name", "job_title": "job_title"}


def signer_lines(role: str, labels: dict, locks: tuple[str, ...] = ()) -> list[tuple[str, Slot]]:
    """A signer's write-in lines (signature, date, printed name...), each a field on a fillable copy.

    Signing fixes the signer's own lines and `locks` (the fields of the
    statement they sign), so a later change to any of them shows.
    """
    person = signer(role)
    lines = [
        (labels[LINE_LABELS[line]], Slot(person.field(line), tooltip=f"{person.title}: {labels[LINE_LABELS[line]]}"))
        for line in person.lines
    ]
    own = tuple(slot.name for _label, slot in lines)
    signature = Slot(person.field(), "signature", f"{person.title}: {labels['signed']}", (*own, *locks))
    return [(labels["signed"], signature), *lines]


def patient_concerns(sheet: Sheet, styles: Styles, labels: dict, width: float) -> list[Flowable]:
    """The risks that matter to this patient (from the record), then lines to write more on.

    With none in the record, the paper form is as it always was: the heading and three lines.
    """
    heading = para(labels["patient_concerns"], styles.subheading)
    lines = ruled_lines(3, width, Slot(PATIENT_CONCERNS, tooltip=labels["patient_concerns"]))
    if not sheet.patient_risks:
        return [keep(heading, lines)]
    rows = [[para(labels["risk"], styles.cell_bold), para(labels["what_it_means_for_patient"], styles.cell_bold)]]
    rows += [[para(risk.risk, styles.cell_bold), para(risk.meaning, styles.cell)] for risk in sheet.patient_risks]
    table = grid(rows, [width * 0.27, width * 0.73], header=True, styles=styles)
    return [keep(heading, table), Spacer(0, 1 * mm), lines]


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
