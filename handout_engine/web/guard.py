"""Who may ask, checked before any page: the Host header, the Origin of a post, and the access token.

The rules themselves (which hosts, how a token compares) are in security.py;
this module applies them to each request, and adds the headers that keep
patient data out of a shared computer's cache.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, redirect, request

from . import security


def install(app: Flask) -> None:
    app.before_request(check_who_is_asking)
    app.after_request(no_caching)


def plain(status: int, text: str) -> Response:
    return Response(text + "\n", status=status, mimetype="text/plain")


def check_who_is_asking() -> Response | None:
    allowed = current_app.config["ALLOWED_HOSTS"]
    if request.host.lower() not in allowed:
        return plain(400, "This page is only served under its own address.")
    origin = (request.headers.get("Origin") or "").lower()
    own = origin.startswith("http://") and origin.removeprefix("http://") in allowed
    if request.method == "POST" and origin and not own:  # a form on another site, posted through this browser
        return plain(403, "Forms may only be sent from this page itself.")
    return _check_token(current_app.config["TOKEN"])


def _check_token(expected: str | None) -> Response | None:
    if not expected:
        return None
    given = request.args.get("token")
    if given is not None and security.token_matches(given, expected) and request.method == "GET":
        # Swap the token in the address for a cookie, so it is not left in the history.
        response = redirect(request.path, code=303)
        response.set_cookie(security.TOKEN_COOKIE, given, httponly=True, samesite="Strict")
        return response
    bearer = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    for offered in (request.cookies.get(security.TOKEN_COOKIE), bearer, given):
        if security.token_matches(offered, expected):
            return None
    return plain(401, "An access token is needed: open the address you were given, which ends in ?token=...")


def no_caching(response: Response) -> Response:
    # Patient data must not be kept in a shared computer's browser cache.
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    # Same-origin, not no-referrer: with no-referrer, browsers send "Origin: null" on our own forms.
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; img-src 'self'; frame-src 'self'; object-src 'self'; frame-ancestors 'self'"
    )
    return response
