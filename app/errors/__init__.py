"""Error pages for browsers, one JSON error shape for API clients."""
from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response


def wants_json_response() -> bool:
    if request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return best == "application/json" and (
        request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]
    )


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


def error_response(error: HTTPException) -> tuple[Response | str, int]:
    code = error.code or 500
    if wants_json_response():
        payload = {"code": code, "message": error.name, "description": error.description}
        return jsonify(payload), code
    return render_template("errors/error.html", code=code, message=_friendly_message(code)), code


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> tuple[Response | str, int]:
        if wants_json_response():
            return jsonify(code=400, message="csrf", description=error.description), 400
        message = _("Deze pagina stond te lang open. Ga terug, laad de pagina opnieuw en probeer het nog eens.")
        return render_template("errors/error.html", code=400, message=message), 400

    # Unhandled exceptions reach this handler too, as an InternalServerError.
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[Response | str, int]:
        return error_response(error)
