"""Starting the nurses' page: who may reach it, the addresses it answers on, and the server that runs it.

The command line's `serve` calls `start_server` and prints what it is told;
everything about the page itself is in app.py.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from . import security


def start_server(
    host: str, port: int, allow_network: bool, upload_limit: int, workers: int, say: Callable[[str], None]
) -> str | None:
    """Serve until stopped; return why the page cannot be served (then nothing was started)."""
    token = os.environ.get(security.TOKEN_ENVIRONMENT) or None
    problem = security.serve_problem(host, allow_network, token)
    if problem:
        return problem
    from waitress import serve as serve_wsgi

    from .app import create_app

    app = create_app(host, port, token if allow_network else None, upload_limit, workers)
    shown = f"[{host}]" if ":" in host else host
    address = f"http://{'localhost' if security.is_loopback(host) else shown}:{port}/"
    say(f"Patient handouts: open {address} in the browser on this computer. Ctrl-C stops it.")
    if allow_network:
        reachable = sorted(security.local_addresses()) if host in ("0.0.0.0", "::") else [shown]
        for each in reachable:
            shown_address = f"[{each}]" if ":" in each and not each.startswith("[") else each
            say(f"On the network: http://{shown_address}:{port}/?token=<{security.TOKEN_ENVIRONMENT}>")
    # Waitress: a production WSGI server in pure Python; no patient data is logged (it logs no requests).
    serve_wsgi(app, host=host, port=port, threads=4, ident="handouts")
    return None
