"""Sign: after Preview, the consent form is read page by page, signed on screen by each signer, and sealed.

Each signer draws their signature (pointer, finger or stylus: strokes sent as
numbers and drawn as vector ink into their field) or, where they cannot
draw, their typed name is their signature, with the clinician's attestation
(the keyboard way through the page). The health professional's signature
comes with the form's tick boxes, which it then locks. Every signature is a
PAdES signature with the clinic's key (HANDOUTS_SIGNING_KEY), so a change
after it shows when the file is checked; the clinician confirms, and the
sealed PDF is downloaded. Each step goes into the audit log
(HANDOUTS_AUDIT_LOG): the patient id, never the name.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from flask import Blueprint, abort, make_response, redirect, render_template, request, url_for

import handout_engine as engine

from ..store import found, state
from . import make

page = Blueprint("sign", __name__)
DOCUMENT = "consent"
ORDER = ("professional", "interpreter", "patient", "witness")  # as the form is usually signed
OPTIONAL = ("interpreter", "witness")  # only where one is used
MOST_INK_CHARACTERS = 400_000  # a posted drawing is bounded before it is parsed


@dataclass
class Signing:
    """Where one consent form's signing has got to."""

    signed: dict[str, str] = field(default_factory=dict)  # role -> the name that signed
    sealed_by: str = ""
    errors: dict[str, str] = field(default_factory=dict)  # role (or "seal") -> what to fix


def _made(key: str):
    made = found(state().previews, key)
    if DOCUMENT not in made.pdfs:
        abort(404)
    if made.signing is None:
        made.signing = Signing()
    return made


def _log(event: str, made, role: str | None = None) -> None:
    engine.audit_from_environment().record(
        event, made.pdfs[DOCUMENT], document=DOCUMENT, patient_id=made.label.patient_id, role=role
    )


def _show(key: str, made, status: int = 200):
    pdf = made.pdfs[DOCUMENT]
    boxes = [box for box in engine.tick_boxes(pdf) if box.name != "withdrawn"]
    signers = [engine.signer(role) for role in ORDER]
    html = render_template(
        "sign.html",
        key=key,
        made=made,
        pages=made.pages[DOCUMENT],
        boxes=boxes,
        signers=signers,
        optional=OPTIONAL,
        signing=made.signing,
        can_sign=_key_problem() is None,
        key_problem=_key_problem(),
    )
    return html, status


def _key_problem() -> str | None:
    try:
        engine.load_signing_key()
    except engine.HandoutError as error:
        return str(error)
    return None


@page.get("/sign/<key>")
def form(key: str):
    made = _made(key)
    _log("viewed", made)
    return _show(key, made)


@page.post("/sign/<key>/<role>")
def sign(key: str, role: str):
    made = _made(key)
    if role not in ORDER or role in made.signing.signed or made.signing.sealed_by:
        abort(409)
    signing = made.signing
    signing.errors.pop(role, None)
    name = " ".join(request.form.get("name", "").split())
    typed = bool(request.form.get("typed"))
    ink_text = request.form.get("ink", "")
    ink = None
    problem = ""
    if not name:
        problem = "Type the signer's name."
    elif typed:
        if not request.form.get("attested"):
            problem = "For a typed signature, tick to confirm that the signer agreed to it."
    else:
        try:
            if not ink_text or len(ink_text) > MOST_INK_CHARACTERS:
                raise ValueError
            ink = engine.checked_ink(json.loads(ink_text))
        except ValueError:
            problem = "Draw the signature in the box, or choose a typed signature."
    if problem:
        signing.errors[role] = problem
        return _show(key, made, 400)
    pdf = made.pdfs[DOCUMENT]
    if role == "professional":  # the tick boxes the professional's signature then locks
        chosen = set(request.form.getlist("tick")) & {box.name for box in engine.tick_boxes(pdf)}
        pdf = engine.tick(pdf, chosen)
    try:
        with make.render_lock:
            pdf = engine.sign_pdf(pdf, role, name, engine.load_signing_key(), source="the consent form", ink=ink)
    except engine.HandoutError as error:
        signing.errors[role] = "; ".join(problem.message for problem in error.problems)
        return _show(key, made, 400)
    _replace(made, pdf)
    signing.signed[role] = name
    _log("signed", made, role)
    return redirect(url_for("sign.form", key=key) + f"#{role}", code=303)


@page.post("/sign/<key>/seal")
def seal(key: str):
    made = _made(key)
    signing = made.signing
    name = " ".join(request.form.get("name", "").split())
    copy_given = request.form.get("copy_given")
    if "patient" not in signing.signed or "professional" not in signing.signed:
        signing.errors["seal"] = "The health professional and the patient must sign first."
    elif not name or not request.form.get("confirmed"):
        signing.errors["seal"] = "Type your name and tick to confirm the form is complete."
    else:
        signing.errors.pop("seal", None)
        if copy_given in ("yes", "no"):
            _replace(made, engine.tick(made.pdfs[DOCUMENT], [f"copy_given_{copy_given}"]))
        signing.sealed_by = name
        _log("sealed", made, "professional")
        return redirect(url_for("sign.form", key=key) + "#sealed", code=303)
    return _show(key, made, 400)


@page.get("/sign/<key>/sealed.pdf")
def sealed(key: str):
    made = _made(key)
    if not made.signing.sealed_by:
        abort(404)
    _log("downloaded", made)
    response = make_response(made.pdfs[DOCUMENT])
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="{made.label.patient_id}-consent-signed.pdf"'
    return response


def _replace(made, pdf: bytes) -> None:
    """The consent form as it is now; its page pictures are drawn again from it."""
    made.pdfs[DOCUMENT] = pdf
    for number in range(1, made.pages[DOCUMENT] + 1):
        made.pngs.pop((DOCUMENT, number), None)
