"""Step 1 for EHR records: one FHIR R4 Bundle -> one patient record, in our field names.

Each resource we read is parsed by `fhir.resources` (its R4B classes, which
read R4 and UK Core data), so a value FHIR itself forbids ("1974-13-45") is
refused with the resource and the FHIR path, never read by hand. What is read:

- Patient: the official name (given names then family name), birthDate; the
  NHS number from the identifier whose system is NHS_NUMBER_SYSTEM; the
  patient id from the identifier whose type is MR (HL7 v2-0203), or from the
  system named with --id-system; communication -> language; a recorded need
  for large print (below) -> large_print.
- Procedure: code (by the column map's `procedures:`) -> handout, performed
  date, body site -> levels (a site that names no vertebra is not a level).
- MedicationRequest / MedicationStatement (not stopped, cancelled or entered
  in error) -> medicines, with their dosage text.
- Appointment (booked or pending) -> follow-up date and with whom.
- Practitioner (the procedure's performer, else the first) -> clinician.
- Encounter: location -> ward, period end -> discharge date.

Large print: an active Flag, or an extension on the Patient, coded `large-print`
(HL7's reading-mode code system) or whose coding or text says "large print",
as the Accessible Information Standard's large-print need is written.

Anything else in the Bundle is ignored. A Bundle with no Patient, or two, is
one bad record; the others in the file go on.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from .columns import ReadOptions, normal

NHS_NUMBER_SYSTEM = "https://fhir.nhs.uk/Id/nhs-number"
MR_TYPE_SYSTEM = "http://terminology.hl7.org/CodeSystem/v2-0203"
READING_MODE_SYSTEM = "http://terminology.hl7.org/CodeSystem/reading-mode"
READ = ("Patient", "Procedure", "MedicationRequest", "MedicationStatement", "Appointment", "Practitioner", "Encounter")
NOT_TAKEN = {"stopped", "cancelled", "entered-in-error", "completed", "not-taken", "on-hold", "draft"}
MAX_ENTRIES = 10_000  # a Bundle larger than this is not one patient's record
MAX_PROBLEMS = 5

FIELD_PATHS = (
    ("patient_id", "Patient.identifier"),
    ("name", "Patient.name"),
    ("date_of_birth", "Patient.birthDate"),
    ("nhs_number", "Patient.identifier (NHS number)"),
    ("language", "Patient.communication"),
    ("large_print", "Flag.code"),
    ("handout", "Procedure.code"),
    ("procedure_date", "Procedure.performed"),
    ("levels", "Procedure.bodySite"),
    ("medications", "MedicationRequest.medication"),
    ("follow_up_date", "Appointment.start"),
    ("follow_up_with", "Appointment.participant"),
    ("clinician", "Practitioner.name"),
    ("ward", "Encounter.location"),
    ("discharge_date", "Encounter.period.end"),
)
_ORDINALS = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
]
_REGIONS = {"cervical": "C", "thoracic": "T", "lumbar": "L"}
_LEVEL = re.compile(r"\b([CTL])\s?(\d{1,2})\b")
_NAMED_LEVEL = re.compile(rf"\b({'|'.join(_ORDINALS)})\s+({'|'.join(_REGIONS)})\s+vertebra", re.IGNORECASE)


def is_resource(item: object) -> bool:
    return isinstance(item, dict) and "resourceType" in item


def bundle_record(
    bundle: dict, options: ReadOptions
) -> tuple[dict[str, Any], tuple[str, ...], tuple[tuple[str, str], ...]]:
    """(record data, problems, field -> FHIR path) for one Bundle; no data when it cannot be read at all."""
    kind = bundle.get("resourceType")
    if kind != "Bundle":
        return {}, (f"expected a FHIR Bundle (one patient's resources), got a {str(kind)[:40]} resource",), ()
    entries = bundle.get("entry") or []
    if not isinstance(entries, list) or len(entries) > MAX_ENTRIES:
        return {}, (f"Bundle.entry: expected a list of at most {MAX_ENTRIES} entries",), ()
    resources, problems = _parse(entries)
    patients = resources.get("Patient", [])
    if len(patients) != 1 and not problems:
        problems.append(f"Bundle.entry: expected one Patient resource, found {len(patients)}")
    if problems:  # the id as typed, when it is plainly there, so the message and manifest name the patient
        return _plain_id(entries), tuple(problems[:MAX_PROBLEMS]), ()
    data = _patient(patients[0], options)
    data.update(_procedure(resources, options))
    data.update(_medicines(resources))
    data.update(_appointment(resources, data.get("procedure_date")))
    data.update(_encounter(resources))
    if _wants_large_print(patients[0], resources.get("Flag", [])):
        data["large_print"] = "yes"
    return {key: value for key, value in data.items() if value not in (None, "", [])}, (), FIELD_PATHS


def peek(bundle: dict, options: ReadOptions) -> dict[str, Any]:
    """The handout and language a Bundle asks for, read from the plain JSON without parsing it (5 ms a Bundle).

    Only for the run's look, before it starts, at which content files it will use (is any past its review
    date?); every Bundle is still parsed and validated in full when its record is made.
    """
    entries = bundle.get("entry")
    resources = [e.get("resource") for e in entries if isinstance(e, dict)] if isinstance(entries, list) else []
    mapping = dict(options.column_map.procedures) if options.column_map else {}
    handout = language = None
    for resource in resources:
        code = resource.get("code") if fhir_kind(resource) == "Procedure" else None
        if isinstance(code, dict) and handout is None:
            codings = [c for c in code.get("coding") or [] if isinstance(c, dict)]
            keys = [code.get("text"), *(c.get(k) for c in codings for k in ("code", "display"))]
            handout = next((mapping[normal(k)] for k in keys if isinstance(k, str) and normal(k) in mapping), None)
        if fhir_kind(resource) == "Patient" and isinstance(resource.get("communication"), list):
            spoken = [c for c in resource["communication"] if isinstance(c, dict)]
            concept = (spoken[0].get("language") if spoken else None) or {}
            codings = concept.get("coding") if isinstance(concept, dict) else None
            first = codings[0] if isinstance(codings, list) and codings and isinstance(codings[0], dict) else {}
            language = first.get("code") if isinstance(first.get("code"), str) else None
    return {"handout": handout, "language": language}


def _plain_id(entries: list) -> dict[str, str]:
    """The one Patient's MR identifier value, read without trusting the rest: only a short plain string."""
    patients = [e["resource"] for e in entries if isinstance(e, dict) and fhir_kind(e.get("resource")) == "Patient"]
    identifiers = patients[0].get("identifier") if len(patients) == 1 else None
    for identifier in identifiers if isinstance(identifiers, list) else []:
        value = identifier.get("value") if isinstance(identifier, dict) else None
        codings = (identifier.get("type") or {}).get("coding") if isinstance(identifier.get("type"), dict) else None
        is_mr = isinstance(codings, list) and any(isinstance(c, dict) and c.get("code") == "MR" for c in codings)
        if is_mr and isinstance(value, str) and 0 < len(value) <= 40:
            return {"patient_id": value}
    return {}


def fhir_kind(resource: object) -> str | None:
    return resource.get("resourceType") if isinstance(resource, dict) else None


def _parse(entries: list) -> tuple[dict[str, list], list[str]]:
    """Each resource we read, as a fhir.resources model; a resource FHIR refuses is a problem at its path."""
    from fhir.resources.R4B import get_fhir_model_class
    from pydantic import ValidationError

    resources: dict[str, list] = {}
    problems = []
    for index, entry in enumerate(entries):
        resource = entry.get("resource") if isinstance(entry, dict) else None
        kind = resource.get("resourceType") if isinstance(resource, dict) else None
        if kind not in (*READ, "Flag"):
            continue
        try:
            resources.setdefault(kind, []).append(get_fhir_model_class(kind).model_validate(resource))
        except ValidationError as exc:
            for error in exc.errors()[:2]:
                path = ".".join(str(part) for part in error["loc"] if not str(part).startswith("function"))
                problems.append(f"entry {index + 1}: {kind}.{path}: {error['msg'][:120]}")
        except (ValueError, TypeError, RecursionError) as exc:
            problems.append(f"entry {index + 1}: {kind}: not valid FHIR ({str(exc)[:120]})")
    return resources, problems


def _patient(patient, options: ReadOptions) -> dict[str, Any]:
    names = patient.name or []
    name = next((n for n in names if n.use == "official"), names[0] if names else None)
    system = options.id_system or (options.column_map.id_system if options.column_map else None)
    identifiers = patient.identifier or []
    if system:
        pid = next((i.value for i in identifiers if i.system == system), None)
    else:
        pid = next((i.value for i in identifiers if _is_mr(i)), None)
    nhs = next((i.value for i in identifiers if i.system == NHS_NUMBER_SYSTEM), None)
    language = None
    spoken = patient.communication or []
    chosen = next((c for c in spoken if c.preferred), spoken[0] if spoken else None)
    if chosen is not None:
        codes = chosen.language.coding or []
        language = codes[0].code if codes and codes[0].code else chosen.language.text
    return {
        "patient_id": pid,
        "name": _human_name(name),
        "date_of_birth": _date(patient.birthDate),
        "nhs_number": nhs,
        "language": language,
    }


def _is_mr(identifier) -> bool:
    codings = identifier.type.coding if identifier.type and identifier.type.coding else []
    return any(c.code == "MR" and c.system in (MR_TYPE_SYSTEM, None) for c in codings)


def _human_name(name, prefix: bool = False) -> str | None:
    if name is None:
        return None
    parts = [*(name.prefix or [] if prefix else []), *(name.given or []), *([name.family] if name.family else [])]
    return " ".join(parts) if parts else name.text


def _procedure(resources: dict[str, list], options: ReadOptions) -> dict[str, Any]:
    procedures = [p for p in resources.get("Procedure", []) if p.status != "entered-in-error"]
    if not procedures:
        return {"clinician": _clinician(None, resources)}
    mapping = dict(options.column_map.procedures) if options.column_map else {}
    procedure = procedures[0]
    handout = None
    for procedure in procedures:  # the first procedure the map names a handout for
        handout = _handout_for(procedure.code, mapping)
        if handout:
            break
    else:
        procedure = procedures[0]
    performed = procedure.performedDateTime or (procedure.performedPeriod.start if procedure.performedPeriod else None)
    sites = [_concept_text(site) for site in procedure.bodySite or []]
    levels = [level for site in sites for level in _levels(site or "")]
    return {
        "handout": handout,
        "procedure_date": _date(performed),
        "levels": ";".join(dict.fromkeys(levels)),
        "clinician": _clinician(procedure, resources),
    }


def _handout_for(code, mapping: dict[str, str]) -> str | None:
    if code is None:
        return None
    keys = [code.text, *(c.code for c in code.coding or []), *(c.display for c in code.coding or [])]
    return next((mapping[normal(k)] for k in keys if k and normal(k) in mapping), None)


def _levels(text: str) -> list[str]:
    found = [f"{letter}{number}" for letter, number in _LEVEL.findall(text.upper())]
    for ordinal, region in _NAMED_LEVEL.findall(text):
        found.append(f"{_REGIONS[region.lower()]}{_ORDINALS.index(ordinal.lower()) + 1}")
    return found


def _clinician(procedure, resources: dict[str, list]) -> str | None:
    practitioners = resources.get("Practitioner", [])
    by_reference = {f"Practitioner/{p.id}": p for p in practitioners if p.id}
    for performer in (procedure.performer or []) if procedure else []:
        actor = performer.actor
        if actor and actor.reference in by_reference:
            return _human_name((by_reference[actor.reference].name or [None])[0], prefix=True)
        if actor and actor.display and (actor.reference or "").startswith("Practitioner/"):
            return actor.display
    if practitioners:
        return _human_name((practitioners[0].name or [None])[0], prefix=True)
    return None


def _medicines(resources: dict[str, list]) -> dict[str, Any]:
    items = []
    for kind in ("MedicationRequest", "MedicationStatement"):
        for order in resources.get(kind, []):
            if order.status in NOT_TAKEN:  # a course finished, stopped or never started is not taken home
                continue
            name = _medication_name(order)
            if not name:
                continue
            dosage = order.dosageInstruction if kind == "MedicationRequest" else order.dosage
            how = next((d.text for d in dosage or [] if d.text), None)
            items.append(f"{name}: {how}" if how else name)
    return {"medications": items}


def _medication_name(order) -> str | None:
    if order.medicationCodeableConcept is not None:
        return _concept_text(order.medicationCodeableConcept)
    reference = order.medicationReference
    if reference is None:
        return None
    if reference.reference and reference.reference.startswith("#"):
        for contained in order.contained or []:
            if getattr(contained, "id", None) == reference.reference[1:] and getattr(contained, "code", None):
                return _concept_text(contained.code)
    return reference.display


def _appointment(resources: dict[str, list], after: str | None) -> dict[str, Any]:
    booked = [a for a in resources.get("Appointment", []) if a.status in ("booked", "pending", "proposed") and a.start]
    booked.sort(key=lambda a: a.start)
    if not booked:
        return {}
    appointment = booked[0]
    with_whom = next(
        (
            p.actor.display
            for p in appointment.participant or []
            if p.actor and p.actor.display and not (p.actor.reference or "").startswith(("Patient/", "Location/"))
        ),
        None,
    )
    return {"follow_up_date": _date(appointment.start), "follow_up_with": with_whom}


def _encounter(resources: dict[str, list]) -> dict[str, Any]:
    encounters = [e for e in resources.get("Encounter", []) if e.status != "entered-in-error"]
    if not encounters:
        return {}
    encounter = encounters[0]
    ward = next((loc.location.display for loc in encounter.location or [] if loc.location.display), None)
    end = encounter.period.end if encounter.period else None
    return {"ward": ward, "discharge_date": _date(end)}


def _wants_large_print(patient, flags: Iterable) -> bool:
    concepts = [f.code for f in flags if f.status == "active"]
    concepts += [e.valueCodeableConcept for e in _extensions(patient) if e.valueCodeableConcept]
    codings = [c for concept in concepts for c in concept.coding or []]
    codings += [e.valueCoding for e in _extensions(patient) if e.valueCoding]
    texts = [concept.text for concept in concepts] + [c.display for c in codings]
    return any(c.code == "large-print" and c.system == READING_MODE_SYSTEM for c in codings) or any(
        text and "large print" in text.lower() for text in texts
    )


def _extensions(resource, depth: int = 0) -> list:
    found = []
    for extension in resource.extension or []:
        found.append(extension)
        if depth < 3:
            found += _extensions(extension, depth + 1)
    return found


def _concept_text(concept) -> str | None:
    if concept is None:
        return None
    return concept.text or next((c.display for c in concept.coding or [] if c.display), None)


def _date(value: Any) -> str | None:
    """A FHIR date or dateTime as the date it was written on (a partial date stays as typed, to be refused)."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value) if value else None
