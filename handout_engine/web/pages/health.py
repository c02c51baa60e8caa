"""A health check for whoever watches the service: it says "ok" and touches no patient data."""

from __future__ import annotations

from flask import Blueprint

from ..guard import plain

page = Blueprint("health", __name__)


@page.get("/health")
def health():
    return plain(200, "ok")
