"""The discharge sheet: what was done, medicines, aftercare, when to get help, follow-up, phone numbers.

The "Get help now if…" panel comes straight under the title, on the first page, because
it is the part of this sheet that matters most at home: first, on A4 and Letter, in
normal and large print (where it fills most of the page).
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from handout_engine.models import Sheet

from .blocks import (
    CELL_PADDING,
    Headed,
    TitleMakingRoom,
    bullets,
    column_widths,
    details_table,
    fitted,
    grid,
    heading_over_table,
    keep,
    para,
    steps,
    unbroken_list,
    urgent_panel,
)
from .fit import identity_rows, name_or_none, sized
from .leaflet import phone_table
from .parts import patient_part
from .styles import Styles
from .write_in import ruled_lines, write_in_lines


def build(sheet: Sheet, styles: Styles, labels: dict, width: float) -> list[Flowable]:
    content = sheet.handout.discharge
    brand = sheet.brand
    L = labels
    clinic = brand.clinic_phone
    groups = [
        (L["call_emergency"].format(number=brand.emergency_number), content.call_emergency),
        (L["call_clinic"].format(number=clinic.number, hours=clinic.hours), content.call_clinic),
    ]
    ooh = brand.out_of_hours_phone
    closing = L["call_out_of_hours"].format(number=ooh.number, hours=ooh.hours) if ooh else ""
    get_help_panel = urgent_panel(L["get_help_now"], groups, width, styles, closing)
    # The title gives way (no subtitle, then smaller) before "Get help now" would leave page 1.
    title = TitleMakingRoom(
        [
            [para(content.title, styles.title), para(L["discharge"], styles.subtitle)],
            [para(content.title, styles.title)],
            [para(content.title, sized(styles.title, max(styles.body_size_pt * 1.2, 18)))],
        ],
        get_help_panel,
    )
    story: list[Flowable] = [title]
    get_help = [get_help_panel, Spacer(0, 4 * mm)]
    intro = [para(text, styles.body) for text in content.intro]
    story += get_help + intro + patient_part(sheet, lambda patient: details(patient, styles, L, width))
    story.append(Spacer(0, 4 * mm))

    story += patient_part(sheet, lambda patient: medicines(patient, styles, L, width))

    # The heading joins the first group's KeepTogether: keepWithNext cannot see inside one.
    lead = [para(L["aftercare"], styles.heading)]
    number = 1
    for group in content.advice:
        lead.append(para(group.heading, styles.subheading))
        story += unbroken_list(lead, steps(group.items, styles, start=number))
        lead = []
        number += len(group.items)

    story += patient_part(sheet, lambda patient: notes(patient, styles, L))
    story += patient_part(sheet, lambda patient: follow_up(patient, styles, L, width))
    story.append(keep(para(L["phone_numbers"], styles.heading), phone_table(sheet, styles, L, width)))
    return story


def details(sheet: Sheet, styles: Styles, L: dict, width: float) -> list[Flowable]:  # noqa: N803
    """The patient's details: who, what was done, when and by whom."""
    rows = [
        *identity_rows(sheet.label, L),
        (L["procedure"], sheet.procedure),
        (L["procedure_date"], sheet.procedure_date),
        (L["levels_treated"], sheet.levels),
        (L["clinician"], name_or_none(sheet.clinician)),
        (L["ward"], sheet.ward),
        (L["discharge_date"], sheet.discharge_date),
    ]
    columns = 1 if styles.large_print else 2  # large print: labels need the width, never a split word
    return [heading_over_table(L["your_details"], styles.heading, details_table(rows, width, styles, columns=columns))]


def notes(sheet: Sheet, styles: Styles, L: dict) -> list[Flowable]:  # noqa: N803
    if not sheet.notes:
        return []
    return [para(L["notes"], styles.heading)] + [
        para(line, styles.body) for line in sheet.notes.splitlines() if line.strip()
    ]


def follow_up(sheet: Sheet, styles: Styles, L: dict, width: float) -> list[Flowable]:  # noqa: N803
    """When and with whom, under what the content says about follow-up (its placeholders filled for this patient)."""
    return [
        keep(
            para(L["follow_up"], styles.heading),
            *[para(text, styles.body) for text in sheet.handout.discharge.follow_up],
            write_in_lines(
                [(L["follow_up_date"], sheet.follow_up_date), (L["follow_up_with"], sheet.follow_up_with)],
                width,
                styles,
                per_row=1,  # a clinic's name can be long: give each its whole line
            ),
        )
    ]


def medicines(sheet: Sheet, styles: Styles, L: dict, width: float) -> list[Flowable]:  # noqa: N803
    """The medicines to take home: a table a nurse can check, plain lines, or lines to write them on.

    Only a record that says `none` prints "No new medicines": a list nobody
    filled in prints empty lines, never a statement about the patient's medicines.
    """
    heading = para(L["medicines"], styles.heading)
    if sheet.no_new_medicines:
        return [keep(heading, para(L["no_medicines"], styles.body))]
    if not sheet.medications:
        lines = ruled_lines(6, width, height=styles.signature_space + 2.5 * mm)
        return [keep(heading, para(L["medicines_write_in"], styles.body), lines)]
    if not any(medicine.structured for medicine in sheet.medications):
        return unbroken_list([heading], bullets([medicine.name for medicine in sheet.medications], styles))
    return [Headed([heading], medicines_table(sheet, styles, L, width)), Spacer(0, 3 * mm)]


MEDICINE_COLUMNS = (0.26, 0.15, 0.22, 0.19, 0.18)  # name, dose, when, what for, change


def medicines_table(sheet: Sheet, styles: Styles, L: dict, width: float) -> Table:  # noqa: N803
    """Medicine | dose | when | what it is for | new or changed; a plain line spans the row."""
    keys = ("medicine", "dose", "when", "what_for", "medicine_change")
    structured = [m for m in sheet.medications if m.structured]
    changes = [L["medicine_status"][m.change.value] if m.change else "" for m in structured]
    cells = [
        [(L[keys[0]], styles.cell_bold), *((m.name, styles.cell_bold) for m in structured)],
        [(L[keys[1]], styles.cell_bold), *((m.dose, styles.cell) for m in structured)],
        [(L[keys[2]], styles.cell_bold), *((m.when, styles.cell) for m in structured)],
        [(L[keys[3]], styles.cell_bold), *((m.purpose, styles.cell) for m in structured)],
        [(L[keys[4]], styles.cell_bold), *((change, styles.cell_bold) for change in changes)],
    ]
    widths = column_widths(cells, MEDICINE_COLUMNS, width)
    header = [para(L[key], styles.cell_bold) for key in keys]
    rows, spans = [header], []
    for medicine in sheet.medications:
        if not medicine.structured:
            spans.append(len(rows))
            rows.append([fitted(medicine.name, styles.cell, width - 2 * CELL_PADDING, styles.name_floor)] + [""] * 4)
            continue
        values = (medicine.name, medicine.dose, medicine.when, medicine.purpose)
        row = [
            fitted(value, styles.cell_bold if n == 0 else styles.cell, w - 2 * CELL_PADDING, styles.name_floor)
            for n, (value, w) in enumerate(zip(values, widths, strict=False))
        ]
        change = L["medicine_status"][medicine.change.value] if medicine.change else ""
        row.append(para(change, styles.cell_bold))
        rows.append(row)
    table = grid(rows, widths, header=True, styles=styles)
    table.setStyle(TableStyle([("SPAN", (0, r), (-1, r)) for r in spans]))
    return table
