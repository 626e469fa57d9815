from __future__ import annotations

import hashlib
import json

from flask import abort, current_app, jsonify, request
from flask_login import current_user, login_required
from flask_wtf.csrf import generate_csrf
from marshmallow import Schema, ValidationError
from werkzeug.wrappers import Response

from app.api import bp
from app.api.openapi import build_spec
from app.api.schemas import (
    CsrfSchema,
    FeedbackReadResultSchema,
    FeedbackReadSchema,
    OfflineManifestSchema,
    PhotoUploadSchema,
    SupervisorManifestSchema,
)
from app.errors import json_error, validation_error
from app.extensions import csrf as csrf_protection
from app.extensions import db
from app.feedback.services import mark_read
from app.learner.offline_manifest import offline_manifest
from app.models import Role
from app.permissions import role_required
from app.photos.services import PhotoRefused, photo_bytes, photo_for, store_photo
from app.supervisor.offline_manifest import supervisor_manifest
from app.sync.schemas import (
    MAX_BODY_BYTES,
    SupervisorSyncRequestSchema,
    SyncRequestSchema,
    SyncResponseSchema,
)
from app.sync.services import record_completions
from app.sync.supervisor import record_supervisor_items

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@bp.before_request
def check_state_change() -> Response | tuple[Response, int] | None:
    """Every API request body is at most one sync batch (a larger one gets 413); a state change
    needs a session first (else 401 JSON, which the outbox turns into "log in again"), then a
    CSRF token (else 400 "csrf").

    The blueprint is exempt from the app-wide CSRF check, which would answer a phone whose
    session ended with "bad token" and keep it retrying instead of asking to log in.
    """
    # Set before anything reads the body. The app's own before_request functions run first and
    # leave a JSON body unread (the input guard reads only forms; this blueprint is CSRF-exempt).
    request.max_content_length = MAX_BODY_BYTES
    if request.method in SAFE_METHODS:
        return None
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()  # type: ignore[attr-defined]
    if current_app.config["WTF_CSRF_ENABLED"]:
        csrf_protection.protect()
    return None


@bp.get("/csrf")
@role_required(Role.LEARNER, Role.SUPERVISOR)
def csrf() -> dict:
    """A fresh CSRF token, fetched by the outbox right before every flush.

    Tokens expire after an hour; a task (or a supervisor's sign-off) queued offline yesterday
    must still be sent.
    """
    return CsrfSchema().dump({"csrf_token": generate_csrf(), "user_id": current_user.id})


def _manifest_response(payload: dict) -> Response:
    """A manifest with an ETag: the phone asks with If-None-Match and mostly gets a 304."""
    body = json.dumps(payload, sort_keys=True, separators=(",", ":"))
    response = Response(body, mimetype="application/json")
    response.set_etag(hashlib.sha256(body.encode()).hexdigest()[:32])
    response.headers["Cache-Control"] = "private, no-cache"
    return response.make_conditional(request)


def _load_body(schema: Schema) -> dict:
    """The JSON body loaded by ``schema``; raises ``ValidationError`` (per-field errors)."""
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise ValidationError({"_schema": ["Send a JSON object."]})
    return schema.load(data)


@bp.get("/learner/content")
@role_required(Role.LEARNER)
def learner_content() -> Response:
    return _manifest_response(OfflineManifestSchema().dump(offline_manifest(current_user)))


@bp.post("/sync")
@role_required(Role.LEARNER)
def sync() -> Response | tuple[Response, int]:
    try:
        loaded = _load_body(SyncRequestSchema())
    except ValidationError as error:
        return validation_error(error.normalized_messages())
    results = record_completions(current_user, loaded["completions"])
    return jsonify(SyncResponseSchema().dump({"results": results}))


@bp.get("/supervisor/content")
@role_required(Role.SUPERVISOR)
def supervisor_content() -> Response:
    """The pages of the supervisor's own group to keep on the phone."""
    return _manifest_response(SupervisorManifestSchema().dump(supervisor_manifest(current_user)))


@bp.post("/supervisor/sync")
@role_required(Role.SUPERVISOR)
def supervisor_sync() -> Response | tuple[Response, int]:
    """Sign-offs and feedback from the supervisor's outbox; one result per item."""
    try:
        loaded = _load_body(SupervisorSyncRequestSchema())
    except ValidationError as error:
        return validation_error(error.normalized_messages())
    results = record_supervisor_items(current_user, loaded["items"], loaded["sent_at"])
    return jsonify(SyncResponseSchema().dump({"results": results}))


@bp.put("/completions/<client_id>/photos/<int:number>")
@role_required(Role.LEARNER)
def upload_photo(client_id: str, number: int) -> tuple[Response, int]:
    """One photo of a task the server has; the phone sends it again until it gets 200 or 201."""
    data = request.get_data(cache=False)  # at most MAX_BODY_BYTES (check_state_change)
    try:
        stored = store_photo(
            current_user, client_id, number, data, request.headers.get("X-Content-SHA256", "")
        )
    except PhotoRefused as refused:
        db.session.rollback()
        return json_error(refused.status, refused.message, refused.description, refused.errors)
    db.session.commit()
    photo = stored.photo
    answer = {
        "id": photo.id,
        "number": photo.number,
        "status": "duplicate" if stored.duplicate else "stored",
        "width": photo.width,
        "height": photo.height,
    }
    return jsonify(PhotoUploadSchema().dump(answer)), 200 if stored.duplicate else 201


@bp.get("/photos/<int:photo_id>")
@login_required
def photo(photo_id: int) -> Response:
    """A photo for whom may see its learner; 404 for everyone else, as for no such photo."""
    found = photo_for(current_user, photo_id)
    data = photo_bytes(found, request.args.get("size", "full")) if found else None
    if data is None:
        abort(404)
    response = Response(data, mimetype="image/webp")
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.post("/feedback/read")
@role_required(Role.LEARNER)
def feedback_read() -> Response | tuple[Response, int]:
    """The phone showed these feedback notes: they are no longer new (for the learner's other
    pages and for the supervisor, who sees "gelezen")."""
    try:
        loaded = _load_body(FeedbackReadSchema())
    except ValidationError as error:
        return validation_error(error.normalized_messages())
    marked = mark_read(current_user, loaded["ids"])
    db.session.commit()
    return jsonify(FeedbackReadResultSchema().dump(marked))


@bp.get("/openapi.json")
def openapi() -> dict:
    return build_spec()
