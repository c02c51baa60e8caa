"""What a patient id may be, and the folder it names: one set of rules for validation and for writing.

The id is the name of the patient's folder under the output folder, so it can
never lead outside it, and it must be a name every system can create.
"""

from __future__ import annotations

import re

from ..load import RawRecord

# What a booking system's id looks like, and all a folder name may hold: the id
# is the folder name, so it can never lead outside the output folder.
PATIENT_ID = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$")

# Names Windows refuses as files whatever the extension; a patient id may be one.
RESERVED_NAMES = {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(1, 10)), *(f"lpt{n}" for n in range(1, 10))}


def is_reserved_name(name: str) -> bool:
    """True for con, nul.txt, COM1 and the like, which Windows cannot have as a file or folder."""
    return name.split(".")[0].lower() in RESERVED_NAMES


def safe_name(patient_id: str) -> str:
    """A folder name made from a patient id that cannot leave the output folder.

    Validation already refuses such ids; this is the second line of defence.

    Only letters, digits, '-', '_' and '.' survive; leading dots go, so '..'
    becomes '_'; reserved device names get a trailing '_'.
    """
    name = re.sub(r"[^A-Za-z0-9._-]", "_", patient_id).lstrip(".") or "_"
    if is_reserved_name(name):
        name += "_"
    return name[:80]


def plain_patient_id(raw: RawRecord) -> str | None:
    """The record's patient id for messages, before validation, but only when it is a plain short value."""
    value = raw.data.get("patient_id")
    if isinstance(value, (str, int)) and not isinstance(value, bool) and len(str(value)) <= 40:
        return str(value).strip() or None
    return None
