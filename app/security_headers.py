"""Security headers: what a page may load, run and use, and what may keep it.

Flask-Talisman sets them, with three choices of our own:

- No redirect to https and no say over cookies: TLS ends at the proxy (README), and create_app
  decides whether cookies are Secure. Talisman's defaults would rewrite SESSION_COOKIE_SECURE on
  every request and redirect plain-http health checks.
- ``Strict-Transport-Security`` only when ``request.is_secure``. Talisman also believes any
  ``X-Forwarded-Proto: https``; ProxyFix (wrapped by create_app when TRUSTED_PROXIES is set) has
  already turned a trusted proxy's header into ``is_secure``, and a forged one must not count.
  (A browser ignores HSTS over plain http anyway, but the header should not claim what is false.)
- The only inline script is the import map of learner pages. The policy allows it by its SHA-256,
  not by a per-request nonce: the service worker shows stored pages, and a stored page's import
  map must still match its policy. Both change only with a deploy (app/pwa/assets.py).

Answers to a logged-in user, and the printed log-in cards, are ``no-store``: on a shared phone
the browser must keep no copy. The learner's lessons are kept by the service worker in the Cache
API, which ignores ``Cache-Control``; it asks for changes with its own ``If-None-Match``
(static/js/pages-core.js), so nothing relies on the browser's HTTP cache.
"""

from __future__ import annotations

from collections.abc import Iterator

from flask import Flask, Response, request
from flask_login import current_user
from flask_talisman import DENY, Talisman

from app.pwa.assets import import_map_hash

NO_STORE = "private, no-store"
HSTS = "max-age=31536000; includeSubDomains"


class ScriptSources:
    """``script-src`` read afresh for each answer (Talisman joins the sources per response):
    the import map's hash depends on the asset versions and the URL prefix of this request."""

    def __iter__(self) -> Iterator[str]:
        yield "'self'"
        yield f"'{import_map_hash()}'"


# Everything the app loads is its own: default-src 'self' covers images (icons, card photos under
# /media/, evidence photos under /api/v1/photos/; the QR codes are inline <svg>, so no data:), the
# one stylesheet (no style
# attributes anywhere: templates, icon and QR SVGs, card text all have none), fetch (the outbox,
# the offline download, the worker), fonts (none: system fonts), the manifest and the service
# worker (worker-src falls back to script-src, whose 'self' allows /sw.js). They are not listed
# one by one: the header goes with every answer, and over HTTP/1.1 every byte of it counts on a
# first visit (bench/budgets.py). Only what must differ from default-src is named.
CONTENT_SECURITY_POLICY: dict[str, str | ScriptSources] = {
    "default-src": "'self'",
    "script-src": ScriptSources(),  # modules from /static/, and the import map
    # blob: for images only: the thumbnails of photos a learner just took (static/js/photos.js)
    # are shown from the phone's own memory before anything is sent.
    "img-src": "'self' blob:",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}

# Only the camera (photo evidence, to come) for the app itself; speech synthesis needs no
# permission. Off, also for anything embedded: the features that would ask the user or reach
# hardware (microphone, location, payments, USB/serial/HID/MIDI devices, screen capture), and
# the Topics API.
PERMISSIONS_POLICY = {
    "camera": "(self)",
    **dict.fromkeys(
        (
            "microphone",
            "geolocation",
            "payment",
            "usb",
            "serial",
            "hid",
            "midi",
            "display-capture",
            "browsing-topics",
        ),
        "()",
    ),
}

# Answers that are the same for everyone: they keep the caching their view chose (immutable
# assets, the worker's no-cache), and /healthz must not touch the database to find the user.
SHARED_ENDPOINTS = frozenset(
    {"static", "main.media", "pwa.service_worker", "pwa.web_manifest", "main.healthz"}
)
# A printed card logs a learner in, and the page a scanned card opens greets the learner by
# name: no copy of either may stay in any cache.
LOGIN_CARD_ENDPOINTS = frozenset(
    {"supervisor.login_card", "supervisor.login_cards", "auth.qr_login"}
)


def forbid_storing(response: Response) -> Response:
    if request.endpoint in SHARED_ENDPOINTS:
        return response
    # ``is_anonymous``, not ``is_authenticated``: the latter reads ``active``, which reloads the
    # user after a route's commit (one query more). Anyone logged in, active or not, gets no-store.
    if request.endpoint in LOGIN_CARD_ENDPOINTS or not current_user.is_anonymous:
        response.headers["Cache-Control"] = NO_STORE
    return response


def strict_transport_security(response: Response) -> Response:
    if request.is_secure:
        response.headers["Strict-Transport-Security"] = HSTS
    return response


# Headers a browser reads only from a document (or a worker's own script): a stylesheet, a module
# script, an image or a JSON answer loaded by a page is governed by that page's policy.
DOCUMENT_ONLY_HEADERS = ("Content-Security-Policy", "Permissions-Policy", "X-Frame-Options")
# What never becomes a document that runs anything. SVG is left out: opened on its own it is a
# document and may hold script, so it keeps the policy.
SUBRESOURCE_TYPES = frozenset(
    {
        "text/css",
        "text/javascript",
        "application/javascript",
        "application/json",
        "image/png",
        "image/webp",
        "image/jpeg",
        "image/x-icon",
        "image/vnd.microsoft.icon",
    }
)


def trim_subresource_headers(response: Response) -> Response:
    """Drop the document-only headers from answers that are never documents, except the service
    worker's script, whose policy is the worker's own.

    A learner's first visit fetches about 18 answers over HTTP/1.1, most of them the app shell's
    scripts; these headers on each cost about 6 KB of the 40 KB first-visit budget
    (bench/budgets.py) and protect nothing there. ``nosniff`` and the referrer policy stay on all.
    """
    if request.endpoint != "pwa.service_worker" and response.mimetype in SUBRESOURCE_TYPES:
        for name in DOCUMENT_ONLY_HEADERS:
            response.headers.pop(name, None)
    return response


def init_app(app: Flask) -> None:
    # Registered before Talisman, so it runs after Talisman has set its headers: Flask runs
    # after_request functions last-registered first.
    app.after_request(trim_subresource_headers)
    Talisman(
        app,
        force_https=False,
        strict_transport_security=False,  # set by strict_transport_security() above
        session_cookie_secure=False,  # create_app decides (SESSION_COOKIE_SECURE)
        session_cookie_http_only=app.config["SESSION_COOKIE_HTTPONLY"],
        session_cookie_samesite=app.config["SESSION_COOKIE_SAMESITE"],
        frame_options=DENY,
        content_security_policy=CONTENT_SECURITY_POLICY,
        permissions_policy=PERMISSIONS_POLICY,
        # Not no-referrer: Flask-WTF checks the Referer of every form POST over https.
        referrer_policy="same-origin",
    )
    app.after_request(strict_transport_security)
    app.after_request(forbid_storing)
