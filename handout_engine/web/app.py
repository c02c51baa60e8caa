"""The nurses' page: make one patient's handouts, preview every page, print; or run a clinic's list.

A thin Flask app on the same engine as the command line, which it reaches
only through the engine's public surface (`handout_engine`): the form
becomes a raw record, `make_record` validates and lays it out (the same
messages as the command line), and an uploaded list goes through
`run_batch`. Flask because it is small, well kept and tested through its
own client; Jinja2 templates escape everything they print. Pages work
without JavaScript.

Each page is a blueprint in `pages/` (make and preview, clinic list,
health); `guard.py` decides who may ask; what is kept between requests
lives in `store.state()`.
"""

from __future__ import annotations

from flask import Flask

import handout_engine as engine

from . import errors, guard, security
from .pages import clinic, health, make
from .store import State, Store

DEFAULT_UPLOAD_LIMIT = 10 * 1024 * 1024
MOST_RUNS_KEPT = 5  # finished runs; one still running is never dropped


def create_app(
    host: str = "127.0.0.1",
    port: int = 8000,
    token: str | None = None,
    upload_limit: int = DEFAULT_UPLOAD_LIMIT,
    workers: int | None = None,
) -> Flask:
    """The app for one address: requests must name that address (Host), and carry `token` when one is set."""
    app = Flask(__name__)
    app.config.update(
        MAX_CONTENT_LENGTH=upload_limit,
        ALLOWED_HOSTS=security.allowed_hosts(host, port),
        TOKEN=token,
        WORKERS=workers or engine.default_workers(),
    )
    app.extensions["handouts"] = State(previews=Store(), runs=Store(most=MOST_RUNS_KEPT))
    guard.install(app)
    errors.install(app)
    for page in (make.page, clinic.page, health.page):
        app.register_blueprint(page)
    return app
