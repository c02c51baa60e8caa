"""What a nurse sees when a request goes wrong: a styled page that says what happened and leads back."""

from __future__ import annotations

from flask import Flask, current_app, render_template
from werkzeug.exceptions import RequestEntityTooLarge

from . import choices


def install(app: Flask) -> None:
    app.register_error_handler(RequestEntityTooLarge, too_large)


def too_large(_error):
    limit = current_app.config["MAX_CONTENT_LENGTH"] / (1024 * 1024)
    message = f"The file is larger than {limit:g} MB, the most this page takes. Split the list and try again."
    return render_template("clinic.html", choices=choices.choices(), problem=message), 413
