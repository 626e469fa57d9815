from __future__ import annotations

from flask import abort, current_app, jsonify, redirect, request, session, url_for
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.wrappers import Response

from app.extensions import db
from app.main import bp
from app.media import media_storage, media_type, valid_name
from app.models import Role, User
from app.photos.processing import is_photo_name
from app.urls import safe_local_path

HOME_ENDPOINTS = {
    Role.LEARNER: "learner.home",
    Role.SUPERVISOR: "supervisor.home",
    Role.EDITOR: "editor.home",
    Role.ADMIN: "admin.home",
}


def home_url_for(user: User) -> str:
    return url_for(HOME_ENDPOINTS[user.role])


@bp.get("/")
def index() -> Response:
    if current_user.is_authenticated:
        return redirect(home_url_for(current_user))
    return redirect(url_for("auth.login"))


@bp.post("/language")
def set_language() -> Response:
    """Remember the chosen language: on the account when logged in, else in the session."""
    locale = request.form.get("locale", "")
    if locale in current_app.config["LANGUAGES"]:
        if current_user.is_authenticated:
            current_user.locale = locale
            db.session.commit()
        session["locale"] = locale
    return redirect(safe_local_path(request.form.get("next")) or url_for("main.index"))


@bp.get("/media/<path:filename>")
def media(filename: str) -> Response:
    """Card images under content-hashed names: they never change, so phones, proxies and a CDN
    may keep them for a year without asking again. Whichever storage holds them (``app/media``),
    every server answers the same; the name is the ETag, as the bytes behind it never change."""
    if not valid_name(filename) or is_photo_name(filename):
        abort(404)  # evidence photos only through the access-checked /api/v1/photos/<id>
    if request.if_none_match.contains(filename):
        response = Response(status=304)
    else:
        data = media_storage().get(filename)
        if data is None:
            abort(404)
        response = Response(data, mimetype=media_type(filename))
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    response.set_etag(filename)
    return response


@bp.get("/healthz")
def healthz() -> tuple[Response, int]:
    """For the proxy or orchestrator: is this process up, and does its database answer?

    A database that does not answer is a 503, never a 500: the check must say "not ready" instead
    of looking like a bug. ``no-store``: a cached "ok" would hide an outage. The body is a status
    report for probes, ``{"status": ...}`` on 200 and 503 alike, not the API's error shape.
    """
    try:
        db.session.execute(text("SELECT 1"))
        status, code = "ok", 200
    except SQLAlchemyError:
        db.session.rollback()
        status, code = "unavailable", 503
    response = jsonify(status=status)
    response.headers["Cache-Control"] = "no-store"
    return response, code
