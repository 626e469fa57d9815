from __future__ import annotations

import hashlib
import json

from flask import jsonify, request
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from marshmallow import ValidationError
from werkzeug.wrappers import Response

from app.api import bp
from app.api.openapi import build_spec
from app.api.schemas import CsrfSchema, OfflineManifestSchema
from app.learner.offline_manifest import offline_manifest
from app.models import Role
from app.permissions import role_required
from app.sync.schemas import SyncRequestSchema, SyncResponseSchema
from app.sync.services import record_completions


def validation_error(errors: dict) -> tuple[Response, int]:
    payload = {
        "code": 400,
        "message": "validation",
        "description": "The request does not have the expected shape.",
        "errors": errors,
    }
    return jsonify(payload), 400


@bp.get("/csrf")
@role_required(Role.LEARNER)
def csrf() -> dict:
    """A fresh CSRF token, fetched by the outbox right before every flush.

    Tokens expire after an hour; a task queued offline yesterday must still be sent.
    """
    return CsrfSchema().dump({"csrf_token": generate_csrf(), "user_id": current_user.id})


@bp.get("/learner/content")
@role_required(Role.LEARNER)
def learner_content() -> Response:
    payload = OfflineManifestSchema().dump(offline_manifest(current_user))
    body = json.dumps(payload, sort_keys=True, separators=(",", ":"))
    response = Response(body, mimetype="application/json")
    response.set_etag(hashlib.sha256(body.encode()).hexdigest()[:32])
    response.headers["Cache-Control"] = "private, no-cache"
    return response.make_conditional(request)


@bp.post("/sync")
@role_required(Role.LEARNER)
def sync() -> Response | tuple[Response, int]:
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        return validation_error({"_schema": ["Send a JSON object."]})
    try:
        loaded = SyncRequestSchema().load(data)
    except ValidationError as error:
        return validation_error(error.normalized_messages())
    results = record_completions(current_user, loaded["completions"])
    return jsonify(SyncResponseSchema().dump({"results": [r.as_dict() for r in results]}))


@bp.get("/openapi.json")
def openapi() -> dict:
    return build_spec()

