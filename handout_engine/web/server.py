"""Starting the nurses' page: who may reach it, the addresses it answers on, and the server that runs it.

The command line's `serve` calls `start_server` and prints what it is told;
everything about the pages themselves is in app.py. Waitress serves it,
sized for a ward, stopped cleanly, leaving nothing behind.

Waitress reads a request's whole body before the app sees it, so the checks
that need only the headers run inside it, as each request's headers arrive
(`GuardedParser`): a body larger than the upload limit, or one sent without
the access token, from another site or to another host name, is refused
before a byte of it is read. SIGTERM (log-off, shutdown, a service stop) ends
the server as Ctrl-C does; either way the running lists stop after the
records in hand and their files are removed. A server killed outright
(kill -9, power) leaves its folder, which the next start sweeps.
"""

from __future__ import annotations

import os
import signal
import threading
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from http.cookies import CookieError, SimpleCookie

from flask import Flask, render_template
from waitress import create_server
from waitress.channel import HTTPChannel
from waitress.parser import HTTPRequestParser
from waitress.utilities import Error

import handout_engine as engine

from . import security
from .app import close_app, create_app

# For a ward: a few nurses and a clinic's list at a time. Each figure is what bench/load_web.py exercises.
THREADS = 6  # requests answered at once (a PNG preview takes ~0.1 s)
CONNECTION_LIMIT = 250  # open connections; past it waitress stops accepting until some close
CHANNEL_TIMEOUT = 15  # seconds a connection may sit idle (waitress's default 120 lets slow clients pile up)
CLEANUP_INTERVAL = 5  # how often idle connections are looked for
MAX_HEADER_BYTES = 32 * 1024  # a browser sends ~1 KB; waitress's default is 256 KB
MULTIPART_ALLOWANCE = 64 * 1024  # the form fields and boundaries around an uploaded file
PURGE_SECONDS = 10  # expired previews and runs leave memory (and disk) this often, used or not


class RefusedError(Error):
    """A request refused from its headers alone, answered with a small styled page; the connection then closes."""

    def __init__(self, code: int, message: str, page: str):
        super().__init__(message)
        self.code, self.reason, self.page = code, _REASONS.get(code, "Refused"), page

    def to_response(self, ident=None):
        body = self.page.encode("utf-8")
        return f"{self.code} {self.reason}", [("Content-Type", "text/html; charset=utf-8")], body


_REASONS = {400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 413: "Request Entity Too Large"}


@dataclass(frozen=True)
class Rules:
    """What the server checks from a request's headers, before its body."""

    allowed: frozenset[str]
    token: str | None
    body_limit: int
    pages: dict[int, str]  # status -> the styled page to answer with
    scheme: str = "http"


def guarded_parser(rules: Rules) -> type[HTTPRequestParser]:
    class GuardedParser(HTTPRequestParser):
        def parse_header(self, header_plus):
            super().parse_header(header_plus)
            if self.content_length > 0 or self.chunked:
                refused = header_refusal(rules, self.headers, self.query, self.command)
                if refused:
                    self.error = RefusedError(refused[0], refused[1], rules.pages.get(refused[0], refused[1]))
                    # Nothing of the body is read: the answer goes now, and the connection closes after it.
                    self.content_length, self.body_rcv, self.chunked = 0, None, False
                    self.completed = True
                    self.connection_close = True

    return GuardedParser


def header_refusal(rules: Rules, headers: dict, query: str, method: str) -> tuple[int, str] | None:
    """The app's own rules (security.refusal), applied to waitress's parsed headers, and the body's size."""
    offered = [urllib.parse.parse_qs(query).get("token", [None])[0]]
    offered.append(headers.get("AUTHORIZATION", "").removeprefix("Bearer ").strip())
    try:
        cookies = SimpleCookie(headers.get("COOKIE", ""))
    except CookieError:
        cookies = SimpleCookie()
    offered += [
        cookies[name].value for name in (security.TOKEN_COOKIE, security.SECURE_TOKEN_COOKIE) if name in cookies
    ]
    refused = security.refusal(
        headers.get("HOST", ""), method, headers.get("ORIGIN", ""), offered, rules.allowed, rules.token, rules.scheme
    )
    if refused:
        return refused
    length = int(headers.get("CONTENT_LENGTH") or 0)
    if length > rules.body_limit:
        limit = (rules.body_limit - MULTIPART_ALLOWANCE) / (1024 * 1024)
        return 413, f"The file is larger than {limit:g} MB, the most this page takes. Split the list and try again."
    return None


def styled_pages(app: Flask) -> dict[int, str]:
    """The pages the server answers a refused request with, rendered once, with no patient data in them."""
    pages = {}
    with app.test_request_context("/clinic", base_url=f"http://{next(iter(app.config['ALLOWED_HOSTS']))}"):
        for code, heading, message in (
            (400, "This page is only served under its own address", "Open the page from its own address."),
            (401, "An access token is needed", "Open the address you were given, which ends in ?token=..."),
            (403, "Forms may only be sent from this page itself", "Open the page and fill in its own form."),
            (
                413,
                "The file is too large",
                f"The file is larger than {app.config['MAX_CONTENT_LENGTH'] / (1024 * 1024):g} MB, the most this "
                "page takes. Split the list and try again.",
            ),
        ):
            pages[code] = render_template("problem.html", heading=heading, message=message, back="clinic")
    return pages


def make_server(app: Flask, host: str, port: int, trusted_proxy: str | None = None, **extra):
    """A waitress server for `app`, with the header checks in place; not yet serving."""
    options = dict(
        host=host,
        port=port,
        threads=THREADS,
        connection_limit=CONNECTION_LIMIT,
        channel_timeout=CHANNEL_TIMEOUT,
        cleanup_interval=CLEANUP_INTERVAL,
        max_request_header_size=MAX_HEADER_BYTES,
        # Waitress's own body limit is the upload limit: it refuses a longer body without reading it.
        max_request_body_size=app.config["MAX_CONTENT_LENGTH"] + MULTIPART_ALLOWANCE,
        asyncore_use_poll=True,  # select() cannot watch more than 1,024 connections
        ident="handouts",
    )
    if trusted_proxy:  # behind a TLS proxy on this computer: it says the browser used HTTPS
        options.update(trusted_proxy=trusted_proxy, trusted_proxy_headers={"x-forwarded-proto"})
    options.update(extra)
    server = create_server(app, **options)
    rules = Rules(
        app.config["ALLOWED_HOSTS"],
        app.config["TOKEN"],
        options["max_request_body_size"],
        styled_pages(app),
        "https" if trusted_proxy else "http",
    )
    channel = type("GuardedChannel", (HTTPChannel,), {"parser_class": guarded_parser(rules)})
    for each in [server, *getattr(server, "map", {}).values()]:
        if hasattr(each, "channel_class"):
            each.channel_class = channel
    return server


def start_server(
    host: str,
    port: int,
    allow_network: bool,
    upload_limit: int,
    workers: int,
    say: Callable[[str], None],
    max_rows: int = 2000,
    lists_at_once: int = 1,
    trusted_proxy: str | None = None,
    public_name: tuple[str, ...] = (),
    printer: str | None = None,
    simplex: bool = False,
) -> str | None:
    """Serve until Ctrl-C or SIGTERM; return why the page cannot be served (then nothing was started)."""
    if printer and engine.queue_name_problem(printer):
        return f"--printer {printer[:60]!r}: {engine.queue_name_problem(printer)}"
    if simplex and not printer:
        return "--simplex says how the ward's printer prints: give --printer QUEUE (or HANDOUTS_PRINTER) too"
    token = os.environ.get(security.TOKEN_ENVIRONMENT) or None
    if public_name and not allow_network:  # a proxy's public name reaches the page from other computers
        return "--public-name makes the page reachable from other computers: give --allow-network too"
    problem = security.serve_problem("0.0.0.0" if public_name else host, allow_network, token)
    if problem:
        return problem
    app = create_app(
        host,
        port,
        token if allow_network else None,
        upload_limit,
        workers,
        max_rows,
        lists_at_once,
        None,
        public_name,
        printer,
        simplex,
    )
    shown = f"[{host}]" if ":" in host else host

    def ready() -> None:
        address = f"http://{'localhost' if security.is_loopback(host) else shown}:{port}/"
        say(f"Patient handouts: open {address} in the browser on this computer. Ctrl-C stops it.")
        if printer:
            say(f"The page prints on {printer} ({'one-sided' if simplex else 'two-sided'}).")
        if allow_network:
            reachable = sorted(security.local_addresses()) if host in ("0.0.0.0", "::") else [shown]
            for each in reachable:
                shown_address = f"[{each}]" if ":" in each and not each.startswith("[") else each
                say(f"On the network: http://{shown_address}:{port}/?token=<{security.TOKEN_ENVIRONMENT}>")

    try:
        serve(app, host, port, trusted_proxy, on_ready=ready)
    except OSError as error:  # the port is taken, or the address is not this computer's
        close_app(app)
        return f"cannot listen on {shown}:{port} ({error.strerror or error})"
    return None


def serve(
    app: Flask, host: str, port: int, trusted_proxy: str | None = None, on_ready: Callable[[], None] | None = None
):
    """Serve until Ctrl-C or SIGTERM; then stop the runs and remove every file the page made."""
    server = make_server(app, host, port, trusted_proxy)  # bound now: another server on this port fails here
    app.extensions["handouts"].folder.sweep_stale()
    stop = threading.Event()
    janitor = threading.Thread(target=_purge_until, args=(app, stop), daemon=True)
    janitor.start()
    previous = signal.signal(signal.SIGTERM, _as_keyboard_interrupt)
    try:
        if on_ready:
            on_ready()
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        stop.set()
        server.close()
        close_app(app)


def _as_keyboard_interrupt(_signum, _frame):
    raise KeyboardInterrupt


def _purge_until(app: Flask, stop: threading.Event) -> None:
    kept = app.extensions["handouts"]
    while not stop.wait(PURGE_SECONDS):
        kept.previews.purge()
        kept.runs.purge()
