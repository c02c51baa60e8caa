"""Errors a user can fix, each naming where the problem is.

Every error here is printed as one line per problem, never as a traceback.
`InputError` refuses a run before anything is written (exit 2); `RecordError`
skips one patient record while the others are still made (exit 1).
"""

from __future__ import annotations

from dataclasses import dataclass

# Exit statuses, one meaning each, for the command line (README "Commands").
EXIT_MADE = 0  # everything asked for was made
EXIT_SOME_FAILED = 1  # some records failed and the rest were made (or lint found text above its target)
EXIT_REFUSED = 2  # the run was refused before anything was written: bad usage or input that cannot be used
EXIT_INTERRUPTED = 130  # the shell's code for a run stopped by Ctrl-C or `kill`


@dataclass(frozen=True)
class Problem:
    """One thing wrong, and exactly where: file, record, field."""

    source: str
    field: str
    message: str
    row: int | None = None
    patient_id: str | None = None
    row_label: str = "row"
    warning: bool = False  # made anyway, but someone should know (a language that fell back to English)
    # The run setting that would change the outcome ("out", "bundle", "allow_overdue"): each front end names it
    # its own way (the command line's flag, the page's control), so the engine's words stay the same for both.
    setting: str | None = None

    def __str__(self) -> str:
        where = self.source if self.row is None else f"{self.source}, {self.row_label} {self.row}"
        who = f" (patient {self.patient_id})" if self.patient_id else ""
        field = f" {self.field}:" if self.field else ""
        return f"{where}{who}:{field} {self.message}"


class HandoutError(Exception):
    """A problem the user can fix; printed as lines, never as a traceback."""

    exit_status = EXIT_REFUSED

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]):
        # Batch workers are processes: an exception survives pickling only if
        # its args rebuild it, so the problems are the only argument.
        super().__init__(tuple(problems))
        self.problems: tuple[Problem, ...] = tuple(problems)

    def __str__(self) -> str:
        return "\n".join(str(problem) for problem in self.problems)

    @property
    def fields(self) -> list[str]:
        """The field of each problem, so tests can assert where as well as what."""
        return [problem.field for problem in self.problems]


class InputError(HandoutError):
    """A file cannot be used: the run is refused before anything is written."""


class ContentError(InputError):
    """A handout content file is malformed."""


class BrandError(InputError):
    """A brand file is malformed or points at something missing."""


class PatientFileError(InputError):
    """A patient file cannot be read, or one of its records is invalid."""


class PrintError(HandoutError):
    """The printer (CUPS's lp) refused or could not be reached: what was made is on disk, whole."""

    exit_status = EXIT_SOME_FAILED


class RecordError(HandoutError):
    """One patient record cannot be made; the rest of the run goes on."""

    exit_status = EXIT_SOME_FAILED


class BatchStoppedError(RuntimeError):
    """A batch stopped part-way for a reason that is no record's fault (a lost worker, a full disk under the
    bundle). What was made is whole; running the same command again completes the batch."""

    exit_status = EXIT_SOME_FAILED
