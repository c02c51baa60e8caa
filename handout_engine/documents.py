"""The kinds of document we make, and every fact about each: one table, read by every step that needs one.

Validation reads `needs_procedure_date`, the content checks
`placeholder_parts`, the render step `same_for_every_patient`, the page
furniture `barcode`, the nurses' page `title`, the command line the names.
A new kind of document is one more row here and one layout in layouts/.
This module imports nothing from the project.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DocumentKind:
    """One kind of document and every fact the engine, the layouts and the nurses' page need about it.

    Each fact is written here once: validation reads `needs_procedure_date`,
    the render step `same_for_every_patient`, the page furniture `barcode`,
    the content checks `placeholder_parts`, the nurses' page `title`.
    """

    name: str  # the file name (consent.pdf), the command line's choice, the label key of its printed name
    title: str  # as the nurses' page names it
    needs_procedure_date: bool  # prints the procedure date, so a record for it must have one
    # The body reads only the content and the brand, never the patient: laid out once per process and replayed
    # under each patient's page furniture (layouts/replay.py).
    same_for_every_patient: bool
    barcode: bool  # signed or filed: its patient band carries the patient id as a barcode on every page
    prints_patient_risks: bool = False  # the record's own risks print here, and its manifest row lists them
    # Content printed on this document alone, by field path: the only text where {placeholders} may stand.
    placeholder_parts: tuple[str, ...] = ()


DOCUMENT_KINDS = (
    DocumentKind(
        "leaflet", "Procedure leaflet", needs_procedure_date=False, same_for_every_patient=True, barcode=False
    ),
    DocumentKind(
        "consent",
        "Consent form",
        needs_procedure_date=True,
        same_for_every_patient=False,
        barcode=True,
        prints_patient_risks=True,
        placeholder_parts=(
            "consent.explanation",
            "consent.benefits",
            "consent.extra_procedures",
            "consent.anaesthesia",
        ),
    ),
    DocumentKind(
        "discharge",
        "Discharge sheet",
        needs_procedure_date=True,
        same_for_every_patient=False,
        barcode=True,
        placeholder_parts=("discharge",),
    ),
)
DOCUMENT_NAMES = tuple(kind.name for kind in DOCUMENT_KINDS)
_KIND_BY_NAME = {kind.name: kind for kind in DOCUMENT_KINDS}


def document_kind(name: str) -> DocumentKind:
    return _KIND_BY_NAME[name]


# ---------------------------------------------------------------- consent signers


@dataclass(frozen=True)
class Signer:
    """Someone who signs the consent form. Their fields on a fillable copy are named from the role.

    `patient_signature`, `patient_date`, `witness_name`...: the layout places
    them, signing fills and locks them, the nurses' page and `verify` name
    them. Stable names, so a clinic's own tools can read them back.
    """

    role: str  # the command line's --signer, the audit log's word
    title: str  # as the nurses' page and `verify` name them
    lines: tuple[str, ...] = ("date",)  # their write-in lines besides the signature

    def field(self, line: str = "signature") -> str:
        return f"{self.role}_{line}"


SIGNERS = (
    Signer("professional", "Health professional", ("date", "name", "job_title")),
    Signer("interpreter", "Interpreter", ("date", "name")),
    # An interpreter by telephone or video cannot sign the paper: the health professional records them.
    Signer("remote_interpreter", "Health professional, for a remote interpreter", ("date", "name", "job_title")),
    Signer("patient", "Patient"),
    Signer("witness", "Witness", ("date", "name")),
    Signer("confirmation", "Health professional, on the day", ("date", "name", "job_title")),
    Signer("withdrawal", "Patient, withdrawing consent"),
)
SIGNER_ROLES = tuple(signer.role for signer in SIGNERS)
_SIGNER_BY_ROLE = {signer.role: signer for signer in SIGNERS}


def signer(role: str) -> Signer:
    return _SIGNER_BY_ROLE[role]
