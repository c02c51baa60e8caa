"""What a nurse sees when a request goes wrong: a styled page that says what happened and leads back.

Never Werkzeug's bare "Not Found": every page here has the site's header,
says why in plain words, and links to where the nurse can carry on (the
clinic form itself, with its message, for a file that is too large).
"""

from __future__ import annotations

from flask import Flask, current_app, render_template, request
from werkzeug.exceptions import BadRequest, HTTPException, NotFound, RequestEntityTooLarge

from . import choices

EXPIRED = "expired"  # the description store.found gives a kept item that is gone


def install(app: Flask) -> None:
    app.register_error_handler(RequestEntityTooLarge, too_large)
    app.register_error_handler(NotFound, not_found)
    app.register_error_handler(BadRequest, bad_request)
    app.register_error_handler(HTTPException, other)


def page(status: int, heading: str, message: str, back: str = "make"):
    return render_template("problem.html", heading=heading, message=message, back=back), status


def too_large(_error):
    limit = current_app.config["MAX_CONTENT_LENGTH"] / (1024 * 1024)
    if not request.path.startswith("/clinic"):  # a form far larger than any patient's details
        return page(413, "That was too much to send", f"The page takes at most {limit:g} MB at once.", "make")
    message = f"The file is larger than {limit:g} MB, the most this page takes. Split the list and try again."
    return render_template("clinic.html", choices=choices.choices(), problem=message), 413


def not_found(error):
    back = "clinic" if request.path.startswith("/clinic") else "make"
    if error.description == EXPIRED:
        what = "clinic list's results" if back == "clinic" else "patient's documents"
        return page(
            404,
            "This page has expired",
            f"This {what} were removed 30 minutes after the page was last opened, so that no patient's details "
            "stay on this computer. Make them again."
            + (
                ""
                if back == "clinic"
                else " If the preview is still open in another tab, its \u201cChange the details\u201d button brings "
                "the form back filled in."
            ),
            back,
        )
    return page(404, "Page not found", "There is no page at this address. Check the address, or start again.", back)


def bad_request(_error):
    back = "clinic" if request.path.startswith("/clinic") else "make"
    return page(400, "The page could not read that", "What was sent could not be read. Please try again.", back)


def stale_form():
    """A post with an expired form token: the patient form again, filled in from the post, when it came from this
    page itself (a form from another site is never filled in: it could put another patient's details in front of a
    nurse); any other form, the page that leads back."""
    if request.endpoint == "make.submit" and _from_this_site():
        from .pages.make import refilled_after_expiry

        return refilled_after_expiry()
    back = "clinic" if request.path.startswith("/clinic") else "make"
    return page(
        400,
        "This form has expired",
        "The form was opened before the page was restarted, or in another window that has since closed, so it was "
        "not used (nothing was made). Open the form again and fill it in.",
        back,
    )


def _from_this_site() -> bool:
    """Whether the browser says the post came from one of our own pages (its Origin, else its Referer)."""
    own = request.host_url.rstrip("/")
    origin = request.headers.get("Origin")
    if origin:
        return origin == own
    return request.headers.get("Referer", "").startswith(own + "/")


def other(error: HTTPException):
    return page(error.code or 500, error.name, "That did not work. Please start again.")
