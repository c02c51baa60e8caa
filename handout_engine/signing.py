"""Sealing a fillable consent form's signature fields (PAdES, with pyHanko), and checking a sealed file.

A signer's field is filled with a PAdES signature made with the clinic's key
(a PKCS#12 file named by HANDOUTS_SIGNING_KEY, its password in
HANDOUTS_SIGNING_PASSWORD): the person who signed is named in the signature
(/Name) and in its appearance, with the time and their ink, typed name or
image. The field's lock (written by layouts/fields.py) fixes that signer's own
lines and what their statement covers, and allows only form filling and
further signatures afterwards, so a later change shows when the file is
checked: `verify_pdf` reports each signature as intact or not, trusted or
not, and what changed.

Signing adds an incremental update: the bytes already signed stay as they
are, and each signature covers everything before it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import logging
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pyhanko import stamp
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils import content, images, layout
from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers
from pyhanko.sign.diff_analysis import policies
from pyhanko.sign.diff_analysis.rules import form_field_rules
from pyhanko.sign.signers.pdf_signer import PdfSignatureMetadata, PdfSigner
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from .consent_form import fill_lines, form_update
from .errors import EXIT_SOME_FAILED, InputError, Problem
from .models import SIGNER_ROLES, signer
from .paths import FONTS
from .text.fonts import face_with_every
from .write import write_atomically

KEY_ENVIRONMENT = "HANDOUTS_SIGNING_KEY"
PASSWORD_ENVIRONMENT = "HANDOUTS_SIGNING_PASSWORD"
TRUST_ENVIRONMENT = "HANDOUTS_TRUST_ROOTS"  # PEM files of the authorities a clinic trusts, separated by os.pathsep
MAX_NAME_LENGTH = 100
MAX_STROKES = 200  # ink: strokes and points per stroke are bounded, so a posted signature cannot grow without end
MAX_POINTS = 2000
INK_COLOUR = b"0.05 0.1 0.45 RG"  # dark blue, as a pen: a signature stands out from the printed form
INK_BOX = (540, 100)  # the drawing's own units, shaped like a signature line; the stamp scales it into the field


@dataclass(frozen=True)
class Ink:
    """A signature drawn on screen: strokes of points, each (x, y) from 0 to 1 across the box, y downwards."""

    strokes: tuple[tuple[tuple[float, float], ...], ...]


@dataclass(frozen=True)
class SignatureCheck:
    """One signature in a checked file, and what became of it."""

    field: str
    role: str  # from the field's name: patient, professional...
    name: str  # the person who signed, as typed
    signed_at: dt.datetime | None
    intact: bool  # the signed bytes unchanged, and nothing changed since that it does not allow
    trusted: bool  # the signing certificate chains to an authority the clinic trusts
    problem: str = ""  # what changed, or why it is not trusted

    def describe(self) -> str:
        when = self.signed_at.strftime("%Y-%m-%d %H:%M UTC") if self.signed_at else "time unknown"
        title = signer(self.role).title if self.role in SIGNER_ROLES else self.field
        state = "intact" if self.intact else "NOT INTACT"
        trust = "trusted" if self.trusted else "not trusted"
        line = f"{title}: {self.name}, signed {when}: {state}, {trust}"
        return f"{line} ({self.problem})" if self.problem else line


class SigningError(InputError):
    """The file, the key or the signer cannot be used: nothing is written."""


class DamagedFileError(SigningError):
    """A file to check cannot be read as a PDF any more: `verify` says so and exits 1, as for any change."""

    exit_status = EXIT_SOME_FAILED


@contextlib.contextmanager
def _quiet_pyhanko():
    """pyHanko logs what it finds (a changed file, an unknown authority) with tracebacks; we report it in words."""
    loggers = [logging.getLogger(name) for name in ("pyhanko", "pyhanko_certvalidator")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL + 1)  # their children inherit it
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def _refuse(source: str, field: str, message: str) -> SigningError:
    return SigningError([Problem(source, field, message)])


def load_signing_key(key_path: str | None = None, password: str | None = None) -> signers.SimpleSigner:
    """The clinic's signing key and certificate, from HANDOUTS_SIGNING_KEY and HANDOUTS_SIGNING_PASSWORD."""
    key_path = key_path or os.environ.get(KEY_ENVIRONMENT)
    password = password if password is not None else os.environ.get(PASSWORD_ENVIRONMENT)
    if not key_path:
        raise _refuse(KEY_ENVIRONMENT, "", "not set: name the clinic's PKCS#12 (.p12) signing key file")
    path = Path(key_path)
    if not path.is_file():
        raise _refuse(KEY_ENVIRONMENT, "", f"no such file: {path}")
    key = signers.SimpleSigner.load_pkcs12(str(path), passphrase=(password or "").encode("utf-8") or None)
    if key is None:
        raise _refuse(
            str(path), "", f"cannot be opened: is it a PKCS#12 file, and is {PASSWORD_ENVIRONMENT} its password?"
        )
    return key


def write_signed(path: Path, pdf: bytes) -> None:
    """The signed file in place of the old one (or at a new path), whole or not at all."""
    try:
        write_atomically(path, pdf)
    except OSError as exc:
        raise _refuse(str(path), "", f"cannot be written ({exc.strerror or exc}); the file is unchanged") from None


def trust_roots(paths: Sequence[str] = ()) -> list:
    """The certificates of the authorities `verify` trusts: given, or from HANDOUTS_TRUST_ROOTS."""
    names = list(paths) or [p for p in os.environ.get(TRUST_ENVIRONMENT, "").split(os.pathsep) if p]
    roots = []
    for name in names:
        try:
            roots.append(load_cert_from_pemder(name))
        except (OSError, ValueError) as exc:
            raise _refuse(name, "", f"cannot be read as a certificate (PEM or DER): {exc}") from None
    return roots


def _ink_content(ink: Ink) -> content.PdfContent:
    class InkContent(content.PdfContent):
        """The strokes as vector lines (the stamp's layout scales the box into the field)."""

        def render(self) -> bytes:
            width, height = self.box.width, self.box.height
            ops = [INK_COLOUR, b"4 w 1 J 1 j"]
            for stroke in ink.strokes:
                points = [f"{x * width:.2f} {(1 - y) * height:.2f}" for x, y in stroke]
                if len(points) == 1:
                    points.append(points[0])
                ops.append(f"{points[0]} m " + " ".join(f"{p} l" for p in points[1:]) + " S")
            return b"\n".join(op if isinstance(op, bytes) else op.encode("ascii") for op in ops)

    return InkContent(box=layout.BoxConstraints(*INK_BOX))


class _FontFromMemory(GlyphAccumulatorFactory):
    """pyHanko's font engine, given the font's bytes: its own leaves the file open for the process's life."""

    def create_font_engine(self, writer, obj_stream=None) -> GlyphAccumulator:
        data = io.BytesIO(Path(self.font_file).read_bytes())
        if obj_stream is None and writer.stream_xrefs and self.create_objstream_if_needed:
            obj_stream = writer.prepare_object_stream()
        return GlyphAccumulator(writer=writer, font_handle=data, font_size=self.font_size, obj_stream=obj_stream)


def _stamp(name: str, title: str, background, when: dt.datetime) -> tuple[stamp.TextStampStyle, str]:
    """How the signed field looks: the ink (or image) across the box, the name and time small at its foot.

    The text is set in the first shipped face that has every character (a name
    may be in any script); a face without Latin letters gets the date in
    digits only, one without digits the name alone. The signature itself
    records the name and the time exactly.
    """
    lines = [
        (name, f"{title}, {when:%Y-%m-%d %H:%M} UTC"),
        (name, f"{when:%Y-%m-%d %H:%M}"),
        (name, ""),
    ]
    for first, second in lines:
        text = f"{first}\n{second}" if second else first
        face = face_with_every(text)
        if face is not None:
            font = _FontFromMemory(str(FONTS / face.regular_file))
            box_style = TextBoxStyle(
                font=font,
                font_size=6,
                box_layout_rule=layout.SimpleBoxLayoutRule(
                    layout.AxisAlignment.ALIGN_MIN, layout.AxisAlignment.ALIGN_MIN, layout.Margins(2, 2, 1, 1)
                ),
            )
            style = stamp.TextStampStyle(
                stamp_text="%(text)s",
                text_box_style=box_style,
                border_width=0,
                background=background,
                background_opacity=1,
                background_layout=layout.SimpleBoxLayoutRule(
                    layout.AxisAlignment.ALIGN_MID,
                    layout.AxisAlignment.ALIGN_MAX,
                    inner_content_scaling=layout.InnerScaling.STRETCH_TO_FIT,
                ),
                inner_content_layout=layout.SimpleBoxLayoutRule(
                    layout.AxisAlignment.ALIGN_MIN,
                    layout.AxisAlignment.ALIGN_MIN,
                    inner_content_scaling=layout.InnerScaling.NO_SCALING,
                ),
            )
            return style, text
    raise _refuse("--name", "", "has a character no shipped font has")  # validation refuses these earlier


def checked_ink(strokes: object) -> Ink:
    """Ink posted by the page: a list of strokes, each a list of [x, y] from 0 to 1; bounded; ValueError if not."""
    if not isinstance(strokes, list) or not strokes or len(strokes) > MAX_STROKES:
        raise ValueError(f"expected 1 to {MAX_STROKES} strokes")
    out = []
    for stroke in strokes:
        if not isinstance(stroke, list) or not stroke or len(stroke) > MAX_POINTS:
            raise ValueError(f"expected strokes of 1 to {MAX_POINTS} points")
        points = []
        for point in stroke:
            if not (isinstance(point, list) and len(point) == 2 and all(isinstance(v, int | float) for v in point)):
                raise ValueError("expected points as [x, y]")
            x, y = (min(1.0, max(0.0, float(v))) for v in point)
            points.append((round(x, 4), round(y, 4)))
        out.append(tuple(points))
    return Ink(tuple(out))


def signature_fields(pdf: bytes) -> dict[str, bool]:
    """Each signature field of a file by name, and whether it is signed already."""
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    return {name: value is not None for name, value, _ref in fields.enumerate_sig_fields(reader)}


def sign_pdf(
    pdf: bytes,
    role: str,
    name: str,
    key: signers.SimpleSigner,
    source: str = "the file",
    image: Path | None = None,
    ink: Ink | None = None,
) -> bytes:
    """The file with `role`'s signature field signed (PAdES) by `name` with the clinic's key, and locked."""
    name = " ".join(name.split())
    if not name or len(name) > MAX_NAME_LENGTH:
        raise _refuse(source, "--name", f"expected the signer's name, 1 to {MAX_NAME_LENGTH} characters")
    if role not in SIGNER_ROLES:
        raise _refuse(source, "--signer", f"expected one of {', '.join(SIGNER_ROLES)}, got '{role}'")
    field = signer(role).field()
    try:
        existing = signature_fields(pdf)
    except Exception as exc:
        raise _refuse(source, "", f"cannot be read as a PDF ({exc})") from None
    if field not in existing:
        raise _refuse(source, "", f"has no {field} field: make the consent form with --fillable")
    if existing[field]:
        raise _refuse(source, "", f"{field} is signed already")
    background = None
    if image is not None:
        background = images.PdfImage(str(image))
    elif ink is not None:
        background = _ink_content(ink)
    signed_at = dt.datetime.now(dt.UTC)
    style, text = _stamp(name, signer(role).title, background, signed_at)
    meta = PdfSignatureMetadata(
        field_name=field,
        name=name,
        reason=f"Consent form signed by the {signer(role).title.lower()}",
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
    )
    writer = form_update(pdf)
    person = signer(role)
    lines = {person.field("date"): f"{signed_at:%Y-%m-%d}", person.field("name"): name}
    fill_lines(writer, {field: value for field, value in lines.items() if field.split("_", 1)[1] in person.lines})
    out = io.BytesIO()
    with _quiet_pyhanko():
        PdfSigner(meta, signer=key, stamp_style=style).sign_pdf(
            writer, output=out, appearance_text_params={"text": text}
        )
    return out.getvalue()


# pyHanko's default rules for what may change after a signature, less one allowance: a field's look rewritten
# in place. With it, every locked field that already has a look counts as changed at the next signature (a
# PDF/A form gives every field a look, empty or not); without it, a look may still change, but only as a new
# stream, which is how every update here fills a field (consent_form.fill_lines).
_FIELD_RULES = (form_field_rules.SigFieldModificationRule, form_field_rules.GenericFieldModificationRule)
DIFF_POLICY = policies.StandardDiffPolicy(
    global_rules=policies.DEFAULT_DIFF_POLICY.global_rules,
    form_rule=policies.FormUpdatingRule(
        field_rules=[
            form_field_rules.SigFieldCreationRule(),
            *(rule(allow_in_place_appearance_stream_changes=False) for rule in _FIELD_RULES),
        ]
    ),
)


def verify_pdf(pdf: bytes, roots: Sequence = (), source: str = "the file") -> list[SignatureCheck]:
    """Every signature in the file, checked: the signed bytes, what changed after each, and trust.

    A file that can no longer be read as a PDF (damaged, cut short, changed
    where its structure is) raises DamagedFileError: it is not intact either.
    """
    try:
        with _quiet_pyhanko():
            reader = PdfFileReader(io.BytesIO(pdf), strict=False)
            signatures = list(reader.embedded_signatures)
    except Exception as exc:  # any failure to parse means the same to the person checking
        raise DamagedFileError(
            [Problem(source, "", f"cannot be read as a PDF: it is damaged or was changed ({exc})")]
        ) from None
    context = ValidationContext(trust_roots=list(roots), allow_fetching=False)
    checks = []
    for embedded in signatures:
        with _quiet_pyhanko():
            status = validate_pdf_signature(embedded, context, diff_policy=DIFF_POLICY)
        field = embedded.field_name
        role = field.removesuffix("_signature") if field.endswith("_signature") else ""
        problem = _what_changed(status)
        trusted = bool(status.trusted)
        if not problem and not trusted:
            problem = "its certificate is from no authority given to verify" if not roots else "untrusted certificate"
        checks.append(
            SignatureCheck(
                field,
                role,
                str(embedded.sig_object.get("/Name", "")),
                status.signer_reported_dt,
                intact=not _what_changed(status),
                trusted=trusted,
                problem=problem,
            )
        )
    return checks


_LOCKED = re.compile(r"form field (\S+) is locked")


def _what_changed(status) -> str:
    """'' when the signature is intact and nothing it forbids changed since; else what changed, in words."""
    if not (status.intact and status.valid):
        return "the signed content was changed: its digest no longer matches"
    if status.docmdp_ok is False or (status.docmdp_ok is None and status.coverage.name != "ENTIRE_FILE"):
        locked = _LOCKED.search(str(status.diff_result))
        if locked:
            return f"the field {locked.group(1)} was changed after this signature locked it"
        return "the file was changed after this signature, in a way it does not allow"
    return ""
