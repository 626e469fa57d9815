from __future__ import annotations

from flask import Response, render_template, url_for
from flask_babel import get_locale

from app.pwa import bp
from app.pwa.assets import asset_url, shell_files, shell_version

OFFLINE_URL = "/offline"


@bp.get("/sw.js")
def service_worker() -> Response:
    """The worker must be served from the root to control every page, and never from a cache:
    otherwise the browser keeps running yesterday's worker and yesterday's asset list."""
    precache = [asset_url(name) for name in shell_files()] + [OFFLINE_URL]
    body = render_template(
        "pwa/sw.js",
        version=shell_version(),
        precache=precache,
        offline_url=OFFLINE_URL,
        outbox_core=asset_url("js/outbox-core.js"),
        pages_core=asset_url("js/pages-core.js"),
    )
    response = Response(body, mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/manifest.webmanifest")
def web_manifest() -> Response:
    body = render_template(
        "pwa/manifest.webmanifest",
        start_url=url_for("main.index"),
        icon_192=asset_url("icons/icon-192.png"),
        icon_512=asset_url("icons/icon-512.png"),
        icon_maskable=asset_url("icons/icon-maskable-512.png"),
    )
    return Response(body, mimetype="application/manifest+json")


@bp.get(OFFLINE_URL)
def offline() -> Response:
    """Shown by the service worker for a page that is not on the phone while offline.

    The worker fetches it without cookies, so in the browser's language; ``?lang=`` asks for
    another (app/i18n.py), which the worker does when the pages say the user chose another
    language (``Content-Language`` tells which one it has)."""
    response = Response(render_template("pwa/offline.html"), mimetype="text/html")
    response.headers["Content-Language"] = get_locale().language
    return response
