"""Who may use the nurses' page: loopback by default, a token when on a network, and only under its own name.

A web page on another site can make a browser send requests to
127.0.0.1:8000 (DNS rebinding, cross-site form posts). Checking the Host
header against the address we serve stops the rebinding; an access token in
a SameSite=Strict cookie stops the rest when the app is opened to a network.
"""

from __future__ import annotations

import hmac
import ipaddress
import re
import socket
from collections.abc import Iterable

TOKEN_ENVIRONMENT = "HANDOUTS_TOKEN"
TOKEN_COOKIE = "handouts_token"
# Over HTTPS the cookie is Secure and __Host-: only this exact host, over TLS, may set or read it.
SECURE_TOKEN_COOKIE = "__Host-handouts_token"
MIN_TOKEN_LENGTH = 16
MIN_DISTINCT_CHARACTERS = 8  # "aaaaaaaaaaaaaaaa" or sixteen spaces is long enough but guessable
TOKEN_CHARACTERS = re.compile(r"[!-~]+")  # printable ASCII, no spaces: it travels in addresses and cookies
MAKE_A_TOKEN = "python3 -c 'import secrets; print(secrets.token_urlsafe(24))'"


def is_loopback(host: str) -> bool:
    """127.0.0.1, ::1 or localhost (what only this computer can reach)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def allowed_hosts(host: str, port: int) -> frozenset[str]:
    """The Host header values a request to this server may carry."""
    names = {host}
    if is_loopback(host):
        names |= {"localhost", "127.0.0.1", "[::1]"}
    elif host in ("0.0.0.0", "::"):
        names |= {socket.gethostname(), socket.getfqdn(), "localhost", "127.0.0.1", *local_addresses()}
    found = set()
    for name in names:
        bracketed = f"[{name}]" if ":" in name and not name.startswith("[") else name
        found |= {f"{bracketed}:{port}".lower()}
        if port == 80:
            found.add(bracketed.lower())
    return frozenset(found)


def local_addresses() -> set[str]:
    """This computer's own addresses, which other computers use to reach a server listening on all of them."""
    found: set[str] = set()
    try:
        for info in socket.getaddrinfo(socket.gethostname(), None):
            found.add(str(info[4][0]))
    except OSError:
        pass
    try:  # the address of the route out (no packet is sent by a UDP connect)
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))
            found.add(probe.getsockname()[0])
    except OSError:
        pass
    return {address for address in found if not address.startswith("127.")}


def public_hosts(names: tuple[str, ...]) -> frozenset[str]:
    """The Host values a TLS proxy in front of the page passes on: its public name, with or without :443."""
    return frozenset(f"{name.lower()}{suffix}" for name in names for suffix in ("", ":443"))


def serve_problem(host: str, allow_network: bool, token: str | None) -> str | None:
    """Why the server must not start on `host`; None when it may."""
    if is_loopback(host):
        return None
    if not allow_network:
        return (
            f"--host {host} would let other computers reach patient data; it is refused unless you also give "
            f"--allow-network and set an access token in {TOKEN_ENVIRONMENT}"
        )
    return token_problem(token)


def token_problem(token: str | None) -> str | None:
    """Why `token` is too weak to guard patient data; None when it will do."""
    need = f"--allow-network needs an access token of at least {MIN_TOKEN_LENGTH} characters in {TOKEN_ENVIRONMENT}"
    make = f"make one with: {MAKE_A_TOKEN}"
    if not token or len(token) < MIN_TOKEN_LENGTH:
        return f"{need}; {make}"
    if not TOKEN_CHARACTERS.fullmatch(token):
        return f"{TOKEN_ENVIRONMENT} may hold only letters, digits and punctuation (no spaces or accents); {make}"
    if len(set(token)) < MIN_DISTINCT_CHARACTERS:
        return f"{TOKEN_ENVIRONMENT} has too few different characters to be hard to guess; {make}"
    return None


def token_matches(given: str | None, expected: str) -> bool:
    """Compared in constant time; a token that is not plain text (a mangled cookie) simply does not match."""
    if not given or not TOKEN_CHARACTERS.fullmatch(given):
        return False
    return hmac.compare_digest(given.encode("ascii"), expected.encode("ascii"))


def refusal(
    host: str,
    method: str,
    origin: str,
    offered: Iterable[str | None],
    allowed: frozenset[str],
    token: str | None,
    scheme: str = "http",
) -> tuple[int, str] | None:
    """Why a request is refused, as (status, message), from its headers alone; None when it may go on.

    The same rules run twice: in the server, before a request's body is read (server.py), and in the app.
    """
    if host.lower() not in allowed:
        return 400, "This page is only served under its own address."
    origin = origin.lower()
    own = origin.startswith(f"{scheme}://") and origin.removeprefix(f"{scheme}://") in allowed
    if method == "POST" and origin and not own:  # a form on another site, posted through this browser
        return 403, "Forms may only be sent from this page itself."
    if token and not any(token_matches(given, token) for given in offered):
        return 401, "An access token is needed: open the address you were given, which ends in ?token=..."
    return None
