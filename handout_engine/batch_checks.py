"""What a whole batch depends on, checked before anything is written, and the output folder's lock.

Any fault here refuses the run (InputError, exit 2): the brand, the patient
file's shape, the output folder and bundle, the content the records name.
The lock keeps two batches out of one folder and gives each a clean folder
for its temporary files, swept at the start of the next.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from .catalog import handout_languages, load_brand, load_handout
from .errors import InputError, PatientFileError, Problem
from .load import display_name
from .models import DEFAULT_LANGUAGE, PATIENT_FIELDS
from .records import PatientFile
from .review import overdue_problem
from .validate.values import handout_id, language_code
from .write import check_output_folder

if TYPE_CHECKING:
    from .batch import BatchRequest

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; two batches into one folder are then the user's risk
    fcntl = None

INCOMPLETE = ".incomplete"  # temporary files of a running batch, swept at the start of the next
LOCK = ".batch.lock"


def check_inputs(request: BatchRequest) -> PatientFile:
    """Everything the whole run depends on; any fault refuses the run before a file is written."""
    load_brand(request.brand_id)
    patients = PatientFile(request.patients, PATIENT_FIELDS, request.file_format, request.read)
    if request.most_records is not None and len(patients) > request.most_records:
        message = (
            f"has {len(patients):,} records; at most {request.most_records:,} are made in one run here: "
            "split the list into smaller files"
        )
        raise PatientFileError([Problem(patients.name, "", message)])
    problems = []
    folders = {request.out: ("output folder", "out")}
    if request.bundle:
        folders.setdefault(request.bundle.parent, ("print bundle", "bundle"))
    for path, (role, setting) in folders.items():
        problem = check_output_folder(path)
        if problem:
            problems.append(Problem(display_name(path), role, problem, setting=setting))
    if request.bundle:
        reason = _bundle_problem(request.bundle, request.out, request.patients)
        if reason:
            problems.append(Problem(display_name(request.bundle), "print bundle", reason, setting="bundle"))
    if problems:
        raise InputError(problems)
    # The content files the records name: a broken one is the clinic's content to fix, not a patient's record.
    known = handout_languages()
    overdue = []
    for handout, language in sorted(_content_named(patients, known)):
        content = load_handout(handout, language)
        problem = None if request.allow_overdue else overdue_problem(content)
        if problem:
            overdue.append(problem)
    if overdue:
        raise InputError(overdue)
    return patients


def _bundle_problem(bundle: Path, out: Path, patients: Path | str) -> str | None:
    """Why the bundle may not be written at `bundle`: it must never replace a patient's PDF, the manifest or input."""
    if bundle.suffix.lower() != ".pdf":
        return "give a file name ending .pdf"
    if bundle.is_dir():
        return "is a folder; give a file name ending .pdf"
    target = bundle.resolve()
    folder = out.resolve()
    if target.parent != folder and folder in target.parents:
        return (
            f"is inside a patient's folder under {display_name(out)}; put it in {display_name(out)} itself or elsewhere"
        )
    if str(patients) != "-" and Path(patients).resolve() == target:
        return "is the patient file itself"
    if bundle.exists():
        try:
            with bundle.open("rb") as handle:
                is_pdf = handle.read(5) == b"%PDF-"
        except OSError as exc:
            return f"cannot be read to check it is an old bundle ({exc.strerror or exc})"
        if not is_pdf:
            return "exists and is not a PDF; it will not be overwritten"
    return None


def _content_named(patients: PatientFile, known: dict[str, tuple[str, ...]]) -> Iterator[tuple[str, str]]:
    seen = set()
    for handout, language in patients.named_content():
        language = language or DEFAULT_LANGUAGE
        if isinstance(handout, str) and isinstance(language, str):
            pair = (handout_id(handout.strip(), known), language_code(language.strip()))
            if pair not in seen and pair[1] in known.get(pair[0], ()):
                seen.add(pair)
                yield pair


@contextlib.contextmanager
def lock_output_folder(out: Path) -> Iterator[Path]:
    """Hold DIR's lock for the batch and give it a clean folder for temporary files.

    The lock is released by the system when the process ends, however it
    ends, so a killed batch never blocks the next one.
    """
    try:
        out.mkdir(parents=True, exist_ok=True)
        handle = open(out / LOCK, "a+b")  # noqa: SIM115 - held for the whole batch
    except OSError as exc:
        raise InputError(
            [
                Problem(
                    display_name(out / LOCK), "output folder", f"cannot be used ({exc.strerror or exc})", setting="out"
                )
            ]
        ) from None
    try:
        if fcntl:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise InputError(
                    [
                        Problem(
                            display_name(out),
                            "output folder",
                            "another batch is writing to this folder; wait for it to end",
                            setting="out",
                        )
                    ]
                ) from None
        temp_folder = out / INCOMPLETE
        shutil.rmtree(temp_folder, ignore_errors=True)  # what a killed batch left half-written
        try:
            if temp_folder.is_file() or temp_folder.is_symlink():
                temp_folder.unlink()
            temp_folder.mkdir()
        except OSError as exc:
            raise InputError(
                [
                    Problem(
                        display_name(temp_folder),
                        "output folder",
                        f"cannot be made ({exc.strerror or exc})",
                        setting="out",
                    )
                ]
            ) from None
        try:
            yield temp_folder
        finally:
            shutil.rmtree(temp_folder, ignore_errors=True)
    finally:
        handle.close()
