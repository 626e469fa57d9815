"""Error pages for browsers, one JSON error shape for API clients."""

from __future__ import annotations

from typing import Any

from flask import Flask, jsonify, make_response, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from app.extensions import db


def wants_json_response() -> bool:
    if request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return best == "application/json" and (
        request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]
    )


def json_error(
    code: int, message: str, description: str, errors: dict[str, Any] | None = None
) -> tuple[Response, int]:
    """The one JSON error shape, ``{code, message, description}``, plus ``errors`` per field.

    Every JSON error answer is built here (the API's ``ErrorSchema`` documents it), so the
    phone's outbox can read any of them the same way. ``errors`` is left out, not empty, when
    there are no field messages: clients test for its presence.
    """
    payload: dict[str, Any] = {"code": code, "message": message, "description": description}
    if errors is not None:
        payload["errors"] = errors
    return jsonify(payload), code


def validation_error(
    errors: dict[str, Any], description: str = "The request does not have the expected shape."
) -> tuple[Response, int]:
    """Invalid input: 400 ``validation`` with a message per field (a list field by item index)."""
    return json_error(400, "validation", description, errors)


def error_page(code: int, message: str) -> tuple[str, int]:
    return render_template("errors/error.html", code=code, message=message), code


def _friendly_message(code: int) -> str:
    messages = {
        400: _("Er ging iets mis met wat je stuurde. Probeer het nog eens."),
        401: _("Log eerst in."),
        403: _("Deze pagina is niet voor jou."),
        404: _("Deze pagina bestaat niet."),
        405: _("Dat kan hier niet."),
        413: _("Wat je stuurde is te groot."),
        429: _("Te veel pogingen. Wacht even en probeer het opnieuw."),
        500: _("Er ging iets mis bij ons. Probeer het later nog eens."),
    }
    return messages.get(code, _("Er ging iets mis. Probeer het later nog eens."))


def error_response(error: HTTPException) -> Response:
    """The error as JSON or as a page, with the headers the error itself carries: ``Allow`` on
    a 405, ``WWW-Authenticate`` on a 401, ``Retry-After`` on a 429 (werkzeug's own answer has
    them; a handler that builds its own body must copy them)."""
    code = error.code or 500
    if wants_json_response():
        response = make_response(json_error(code, error.name, error.description or ""))
    else:
        response = make_response(error_page(code, _friendly_message(code)))
    for name, value in error.get_headers():
        if name.lower() != "content-type":
            response.headers.add(name, value)
    return response


def register_error_handlers(app: Flask) -> None:
    # Each handler first rolls back: a request that failed halfway may leave the session in a
    # failed transaction, and the page itself (the user in the menu) must still load.
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> tuple[Response | str, int]:
        db.session.rollback()
        if wants_json_response():
            return json_error(400, "csrf", error.description or "")
        message = _(
            "Deze pagina stond te lang open. "
            "Ga terug, laad de pagina opnieuw en probeer het nog eens."
        )
        return error_page(400, message)

    # Unhandled exceptions reach this handler too, as an InternalServerError.
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Response:
        db.session.rollback()
        return error_response(error)
