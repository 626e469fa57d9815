"""Cheap revalidation of learner pages.

The service worker shows a stored learner page at once and asks the server in the background
whether it changed (``If-None-Match``). That question comes with every tap, so it must be cheap:
each view names the data its page shows (card version, done tasks, titles, ...), and when the
page's ETag still matches, the answer is a 304 without rendering the template.

The question is asked by the page itself (static/js/pages-core.js sends ``If-None-Match`` with
``cache: "no-store"``), never left to the browser's HTTP cache: learner pages are ``no-store``
like every logged-in page (app/security_headers.py), so a shared phone keeps no copy outside the
service worker's cache, which the next log-in empties.

The ETag is weak: two renders of the same data differ in bytes (a fresh CSRF token, a fresh
form id) but show the same thing, which is what a weak validator promises. Flask-Compress also
leaves weak ETags alone, so the tag the phone stored is the tag the view computes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable

from flask import Response, g, make_response, request, session
from flask_babel import get_locale
from flask_login import current_user

from app.pwa.assets import page_version
from app.security_headers import NO_STORE


def page_build() -> str:
    """Which deploy built a page, and in which language: a stored page of another build is
    fetched again (pages-core.js), since its asset URLs and words may be gone."""
    return hashlib.sha256(f"{page_version()}:{get_locale()}".encode()).hexdigest()[:12]


def page_etag(data: Hashable, build: str) -> str:
    """The page's data plus what every learner page shows: who is logged in, and the ``build``
    (the language, the templates and assets it was made with)."""
    key = (current_user.id, current_user.display_name, build, data)
    return hashlib.sha256(repr(key).encode()).hexdigest()[:32]


def conditional_page(
    data: Hashable, render: Callable[[], str], headers: dict[str, str] | None = None
) -> Response:
    """Answer 304 when the phone's copy shows the same ``data``, else render the page.

    A page with a flash message on it ("Opgeslagen") is a one-off: it gets no ETag, so it is never
    declared equal to a stored copy without the message.
    """
    build = page_build()
    if session.get("_flashes"):
        response = make_response(render())
    else:
        etag = page_etag(data, build)
        if request.if_none_match.contains_weak(etag):
            response = make_response("", 304)
        else:
            g.page_etag = etag  # the page carries it: it can tell whether it is the stored copy
            response = make_response(render())
        response.set_etag(etag, weak=True)
    response.headers["Cache-Control"] = NO_STORE
    response.headers["Page-Version"] = build
    response.headers.update(headers or {})
    return response
