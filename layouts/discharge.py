"""The discharge sheet: what was done, medicines, aftercare, when to get help, follow-up, phone numbers.

The "Get help now if…" panel comes straight under the title, on the first page, because
it is the part of this sheet that matters most at home: first, on A4 and Letter, in
normal and large print (where it fills most of the page).
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from handout_engine.models import Sheet

from .blocks import bullets, details_table, keep, para, steps, unbroken_list, urgent_panel, write_in_lines
from .leaflet import phone_table
from .styles import Styles


def build(sheet: Sheet, styles: Styles, labels: dict, width: float) -> list[Flowable]:
    content = sheet.handout.discharge
    brand = sheet.brand
    label = sheet.label
    L = labels
    story: list[Flowable] = [
        para(content.title, styles.title),
        para(L["discharge"], styles.subtitle),
    ]
    clinic = brand.clinic_phone
    groups = [
        (L["call_emergency"].format(number=brand.emergency_number), content.call_emergency),
        (L["call_clinic"].format(number=clinic.number, hours=clinic.hours), content.call_clinic),
    ]
    ooh = brand.out_of_hours_phone
    closing = L["call_out_of_hours"].format(number=ooh.number, hours=ooh.hours) if ooh else ""
    get_help = [urgent_panel(L["get_help_now"], groups, width, styles, closing), Spacer(0, 4 * mm)]
    details = [
        para(L["your_details"], styles.heading),
        details_table(
            [
                (L["name"], label.name),
                (L["date_of_birth"], label.born),
                (L["patient_id"], label.patient_id),
                (L["nhs_number"], label.nhs_number),
                (L["procedure"], sheet.procedure),
                (L["procedure_date"], sheet.procedure_date),
                (L["levels_treated"], sheet.levels),
                (L["clinician"], sheet.clinician),
                (L["ward"], sheet.ward),
                (L["discharge_date"], sheet.discharge_date),
            ],
            width,
            styles,
            columns=1 if styles.large_print else 2,  # large print: labels need the width, never a split word
        ),
        Spacer(0, 4 * mm),
    ]
    intro = [para(text, styles.body) for text in content.intro]
    story += get_help + intro + details

    story.append(para(L["medicines"], styles.heading))
    if sheet.medications:
        story += bullets(sheet.medications, styles)
    else:
        story.append(para(L["no_medicines"], styles.body))

    # The heading joins the first group's KeepTogether: keepWithNext cannot see inside one.
    lead = [para(L["aftercare"], styles.heading)]
    number = 1
    for group in content.advice:
        lead.append(para(group.heading, styles.subheading))
        story += unbroken_list(lead, steps(group.items, styles, start=number))
        lead = []
        number += len(group.items)

    if sheet.notes:
        story.append(para(L["notes"], styles.heading))
        story += [para(line, styles.body) for line in sheet.notes.splitlines() if line.strip()]

    story.append(
        keep(
            para(L["follow_up"], styles.heading),
            *[para(text, styles.body) for text in content.follow_up],
            write_in_lines(
                [(L["follow_up_date"], sheet.follow_up_date), (L["follow_up_with"], sheet.follow_up_with)],
                width,
                styles,
                per_row=1,  # a clinic's name can be long: give each its whole line
            ),
        )
    )
    story.append(keep(para(L["phone_numbers"], styles.heading), phone_table(sheet, styles, L, width)))
    return story
