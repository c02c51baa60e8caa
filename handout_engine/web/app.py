"""The nurses' page: make one patient's handouts, preview every page, print; or run a clinic's list.

A thin Flask app on the same engine as the command line, which it reaches
only through the engine's public surface (`handout_engine`): the form
becomes a raw record, `make_record` validates and lays it out (the same
messages as the command line), and an uploaded list goes through
`run_batch`. Flask because it is small, well kept and tested through its
own client; Jinja2 templates escape everything they print. Pages work
without JavaScript.

Each page is a blueprint in `pages/` (make and preview, sign, print on the
ward's printer, clinic list, health); `guard.py` decides who may ask; what is kept between requests
lives in `store.state()`.
"""

from __future__ import annotations

import time
from pathlib import Path

from flask import Flask

import handout_engine as engine

from . import errors, guard, runs, security
from .pages import clinic, health, make, printer, sign
from .store import State, Store
from .store import state as app_state

DEFAULT_UPLOAD_LIMIT = 10 * 1024 * 1024
DEFAULT_MOST_RECORDS = 2_000  # patients in one uploaded list: a long clinic day, a few minutes' work
MOST_RUNS_KEPT = 5  # finished runs (a bundle each, on disk); one still waiting or running is never dropped


def create_app(
    host: str = "127.0.0.1",
    port: int = 8000,
    token: str | None = None,
    upload_limit: int = DEFAULT_UPLOAD_LIMIT,
    workers: int | None = None,
    most_records: int = DEFAULT_MOST_RECORDS,
    runs_at_once: int = 1,
    folder_root: Path | None = None,
    public_names: tuple[str, ...] = (),
    printer_queue: str | None = None,
    printer_simplex: bool = False,
) -> Flask:
    """The app for one address: requests must name that address (Host), and carry `token` when one is set."""
    app = Flask(__name__)
    app.config.update(
        MAX_CONTENT_LENGTH=upload_limit,
        ALLOWED_HOSTS=security.allowed_hosts(host, port) | security.public_hosts(public_names),
        TOKEN=token,
        WORKERS=workers or engine.default_workers(),
        MOST_RECORDS=most_records,
        PRINTER=printer_queue,  # the ward's CUPS queue: "Print on <printer>" on the preview and results pages
        PRINTER_SIMPLEX=printer_simplex,
    )
    folder = runs.AppFolder(folder_root)
    app.extensions["handouts"] = State(
        previews=Store(),
        runs=Store(most=MOST_RUNS_KEPT, on_drop=runs.remove_folder),
        queue=runs.RunQueue(runs_at_once),
        folder=folder,
    )
    guard.install(app)
    app.before_request(_purge)
    app.add_template_filter(_clock_time, "clock_time")
    app.jinja_env.globals["printer"] = printer_queue
    errors.install(app)
    for page in (make.page, sign.page, printer.page, clinic.page, health.page):
        app.register_blueprint(page)
    return app


def _purge() -> None:
    """Expired items leave memory (and runs their folders) at every request, not only at the next make."""
    kept: State = app_state()
    kept.previews.purge()
    kept.runs.purge()


def _clock_time(seconds_from_now: float) -> str:
    """'14:05': when something kept will be dropped, on this computer's clock."""
    return time.strftime("%H:%M", time.localtime(time.time() + seconds_from_now))


def close_app(app: Flask) -> None:
    """Stop: end the running lists after the records in hand, then remove every file the page made."""
    kept: State = app.extensions["handouts"]
    kept.queue.stop()
    kept.folder.remove()
