"""Step 5: PDF bytes -> a file, whole or not at all.

A run can be killed at any moment. Bytes go to a temporary name in the same
folder and are renamed over the final name: a rename within one folder is
atomic, so a reader finds the old file, the new one or none, never half a PDF.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

# Names Windows refuses as files whatever the extension; a patient id may be one.
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(1, 10)), *(f"lpt{n}" for n in range(1, 10))}


def safe_name(patient_id: str) -> str:
    """A folder name made from a patient id that cannot leave the output folder.

    Only letters, digits, '-', '_' and '.' survive; leading dots go, so '..'
    becomes '_'; reserved device names get a trailing '_'.
    """
    name = re.sub(r"[^A-Za-z0-9._-]", "_", patient_id).lstrip(".") or "_"
    if name.split(".")[0].lower() in _RESERVED:
        name += "_"
    return name[:80]


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` beside `path` under a temporary name, flush it to disk, then rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
