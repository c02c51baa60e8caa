"""Who may ask, checked before any page: the Host header, the Origin of a post, the access token, the form token.

The rules themselves (which hosts, how a token compares) are in security.py
and run in the server too, before a body is read (server.py); this module
applies them to each request, gives each browser session its form token
(a post from another site cannot know it), and adds the headers that keep
patient data out of a shared computer's cache.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from flask import Flask, Response, current_app, g, redirect, request

from . import security

SESSION_COOKIE = "handouts_session"
SECURE_SESSION_COOKIE = "__Host-handouts_session"
FORM_TOKEN_FIELD = "form_token"


def install(app: Flask) -> None:
    app.config.setdefault("FORM_SECRET", secrets.token_bytes(32))  # new each start: old forms are refused
    app.before_request(check_who_is_asking)
    app.after_request(no_caching)
    app.after_request(keep_session)
    app.jinja_env.globals["form_token"] = form_token


def plain(status: int, text: str) -> Response:
    return Response(text + "\n", status=status, mimetype="text/plain")


def cookie_names() -> tuple[str, str]:
    """(token cookie, session cookie): __Host- and Secure over HTTPS, plain names over HTTP on loopback."""
    if request.is_secure:
        return security.SECURE_TOKEN_COOKIE, SECURE_SESSION_COOKIE
    return security.TOKEN_COOKIE, SESSION_COOKIE


def check_who_is_asking() -> Response | None:
    expected = current_app.config["TOKEN"]
    given = request.args.get("token")
    token_cookie, _session = cookie_names()
    bearer = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    offered = (request.cookies.get(token_cookie), bearer, given)
    refused = security.refusal(
        request.host,
        request.method,
        request.headers.get("Origin") or "",
        offered,
        current_app.config["ALLOWED_HOSTS"],
        None,  # the token is checked below, where a token in the address becomes a cookie
        request.scheme,
    )
    if refused:
        return plain(*refused)
    if expected:
        if given is not None and request.method == "GET" and security.token_matches(given, expected):
            # Swap the token in the address for a cookie, so it is not left in the history.
            response = redirect(request.path, code=303)
            set_cookie(response, token_cookie, given)
            return response
        if not any(security.token_matches(value, expected) for value in offered):
            return plain(401, "An access token is needed: open the address you were given, which ends in ?token=...")
    if request.method == "POST" and not hmac.compare_digest(request.form.get(FORM_TOKEN_FIELD, ""), form_token()):
        from .errors import stale_form  # the styled page that leads back

        return stale_form()
    return None


def session_id() -> str:
    """This browser's session id, from its cookie, or a new one sent back with the response."""
    if "session_id" not in g:
        _token, name = cookie_names()
        found = request.cookies.get(name, "")
        g.session_id = found if len(found) == 43 and found.isascii() else secrets.token_urlsafe(32)
        g.new_session = g.session_id != found
    return g.session_id


def form_token() -> str:
    """The hidden field every form carries: derived from the session, so another site cannot forge it."""
    secret = current_app.config["FORM_SECRET"]
    return hmac.new(secret, session_id().encode(), hashlib.sha256).hexdigest()


def keep_session(response: Response) -> Response:
    if g.get("new_session"):
        set_cookie(response, cookie_names()[1], g.session_id)
    return response


def set_cookie(response: Response, name: str, value: str) -> None:
    response.set_cookie(name, value, httponly=True, samesite="Strict", secure=request.is_secure, path="/")


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
