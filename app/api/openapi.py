"""The OpenAPI 3 document, generated from the same marshmallow schemas the API uses."""

from __future__ import annotations

from functools import cache
from typing import Any

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin

from app.api.schemas import (
    CsrfSchema,
    ErrorSchema,
    FeedbackReadResultSchema,
    FeedbackReadSchema,
    OfflineManifestSchema,
    PhotoUploadSchema,
    SupervisorManifestSchema,
)
from app.models import EvidencePhoto
from app.sync.schemas import (
    MAX_BODY_BYTES,
    SUPERVISOR_ITEM_SCHEMAS,
    FeedbackItemSchema,
    SignoffItemSchema,
    SupervisorItem,
    SupervisorSyncRequestSchema,
    SyncRequestSchema,
    SyncResponseSchema,
)


def _json(schema: str, description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    """The documented error answers of an operation, all in the one Error shape; ``default``
    covers the rest (404, 405 with ``Allow``, 429 with ``Retry-After``, 500)."""
    texts = {
        400: "Invalid input (message `validation`, `errors` has a message per field), "
        "or a missing or expired CSRF token (message `csrf`)",
        401: "Not logged in (message `unauthorized`): the phone asks to log in again",
        403: "Logged in, but not in the role the operation is for",
        404: "No such item, or not one the logged-in user may see",
        409: "Photo {number} of this task is stored already, with other bytes (message `conflict`)",
        413: "The body is larger than one full batch can be (about 1.4 MB)",
    }
    documented: dict[int | str, dict[str, Any]] = {
        code: _json("Error", texts[code]) for code in codes
    }
    documented["default"] = _json("Error", "Any other error, in the same shape")
    return documented


def _supervisor_item(self: Any, field: Any, **kwargs: Any) -> dict[str, Any]:
    """A supervisor's outbox item is one of two shapes, told apart by ``kind``."""
    if not isinstance(field, SupervisorItem):
        return {}
    names = {"signoff": "SignoffItem", "feedback": "FeedbackItem"}
    return {
        "oneOf": [
            {"$ref": f"#/components/schemas/{names[kind]}"} for kind in SUPERVISOR_ITEM_SCHEMAS
        ],
        "discriminator": {
            "propertyName": "kind",
            "mapping": {kind: f"#/components/schemas/{name}" for kind, name in names.items()},
        },
    }


@cache
def build_spec() -> dict[str, Any]:
    marshmallow_plugin = MarshmallowPlugin()
    spec = APISpec(
        title="Leerplek API",
        version="1",
        openapi_version="3.0.3",
        plugins=[marshmallow_plugin],
        info={
            "description": "Offline manifest and outbox sync for the learner's phone. "
            "Authentication is the session cookie; POST requests need an X-CSRFToken header "
            "with a token from GET /api/v1/csrf. Every error answer is JSON in one shape "
            "(the Error schema): `code`, `message`, `description`, and `errors` per field "
            "for invalid input."
        },
        servers=[{"url": "/"}],
    )
    assert marshmallow_plugin.converter is not None  # set when the spec was made
    marshmallow_plugin.converter.add_attribute_function(_supervisor_item)
    spec.components.security_scheme(
        "session", {"type": "apiKey", "in": "cookie", "name": "session"}
    )
    spec.components.security_scheme(
        "csrf", {"type": "apiKey", "in": "header", "name": "X-CSRFToken"}
    )
    for name, schema in [
        ("Error", ErrorSchema),
        ("Csrf", CsrfSchema),
        ("OfflineManifest", OfflineManifestSchema),
        ("SyncRequest", SyncRequestSchema),
        ("SyncResponse", SyncResponseSchema),
        ("PhotoUpload", PhotoUploadSchema),
        ("FeedbackRead", FeedbackReadSchema),
        ("FeedbackReadResult", FeedbackReadResultSchema),
        ("SupervisorManifest", SupervisorManifestSchema),
        ("SignoffItem", SignoffItemSchema),
        ("FeedbackItem", FeedbackItemSchema),
        ("SupervisorSyncRequest", SupervisorSyncRequestSchema),
    ]:
        spec.components.schema(name, schema=schema)

    spec.path(
        path="/api/v1/csrf",
        operations={
            "get": {
                "summary": "A fresh CSRF token for the next POST (learners and supervisors)",
                "security": [{"session": []}],
                "responses": {
                    200: _json("Csrf", "Token and the logged-in user's id"),
                    **_errors(401, 403),
                },
            }
        },
    )
    spec.path(
        path="/api/v1/learner/content",
        operations={
            "get": {
                "summary": "Offline manifest: assigned packages, card versions, page and image URLs",
                "security": [{"session": []}],
                "parameters": [
                    {
                        "in": "header",
                        "name": "If-None-Match",
                        "required": False,
                        "schema": {"type": "string"},
                    }
                ],
                "responses": {
                    200: _json("OfflineManifest", "The manifest, with an ETag"),
                    304: {"description": "Unchanged since the ETag given"},
                    **_errors(401, 403),
                },
            }
        },
    )
    spec.path(
        path="/api/v1/sync",
        operations={
            "post": {
                "summary": "Send outbox items; each is stored exactly once",
                "security": [{"session": [], "csrf": []}],
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": "SyncRequest"}},
                },
                "responses": {
                    200: _json("SyncResponse", "One result per item, in the same order"),
                    **_errors(400, 401, 403, 413),
                },
            }
        },
    )
    spec.path(
        path="/api/v1/completions/{client_id}/photos/{number}",
        operations={
            "put": {
                "summary": "Upload a photo of a completed task; the same upload again is stored once",
                "description": "Send the task itself through /api/v1/sync first. The body is the "
                "image (JPEG, PNG or WebP; the phone sends a JPEG of at most 1600 px). The server "
                "checks the real type and pixel count, re-encodes it and strips all metadata. "
                f"At most {MAX_BODY_BYTES // 1000} kB and {EvidencePhoto.MAX_PHOTOS} photos a task.",
                "security": [{"session": [], "csrf": []}],
                "parameters": [
                    _path_parameter(
                        "client_id", {"type": "string", "format": "uuid"}, "The task's id"
                    ),
                    _path_parameter(
                        "number",
                        {"type": "integer", "minimum": 1, "maximum": EvidencePhoto.MAX_PHOTOS},
                        "The photo's place on the phone",
                    ),
                    {
                        "in": "header",
                        "name": "X-Content-SHA256",
                        "required": True,
                        "description": "SHA-256 of the body, hex: the upload's identity",
                        "schema": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                    },
                ],
                "requestBody": {
                    "required": True,
                    "content": {
                        kind: {"schema": {"type": "string", "format": "binary"}}
                        for kind in ("image/jpeg", "image/webp", "image/png")
                    },
                },
                "responses": {
                    201: _json("PhotoUpload", "Stored now"),
                    200: _json("PhotoUpload", "Stored before (a retry): nothing changed"),
                    **_errors(400, 401, 403, 404, 409, 413),
                },
            }
        },
    )
    spec.path(
        path="/api/v1/photos/{photo_id}",
        operations={
            "get": {
                "summary": "A photo, for the learner, their organisation's supervisors and admins",
                "security": [{"session": []}],
                "parameters": [
                    _path_parameter(
                        "photo_id",
                        {"type": "integer", "minimum": 1, "maximum": 2**31 - 1},
                        "From the upload's answer",
                    ),
                    {
                        "in": "query",
                        "name": "size",
                        "required": False,
                        "schema": {"type": "string", "enum": ["full", "thumb"]},
                    },
                ],
                "responses": {
                    200: {
                        "description": "The WebP image; never stored by a shared cache",
                        "content": {
                            "image/webp": {"schema": {"type": "string", "format": "binary"}}
                        },
                    },
                    **_errors(401, 404),
                },
            }
        },
    )
    spec.path(
        path="/api/v1/feedback/read",
        operations={
            "post": {
                "summary": "Mark feedback the phone has shown as read",
                "security": [{"session": [], "csrf": []}],
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": "FeedbackRead"}},
                },
                "responses": {
                    200: _json("FeedbackReadResult", "Marked; ids of others' feedback are ignored"),
                    **_errors(400, 401, 403),
                },
            }
        },
    )
    spec.path(
        path="/api/v1/supervisor/content",
        operations={
            "get": {
                "summary": "For supervisors: the pages of their own group to keep on the phone",
                "security": [{"session": []}],
                "responses": {
                    200: _json("SupervisorManifest", "The manifest, with an ETag"),
                    304: {"description": "Unchanged since the ETag given"},
                    **_errors(401, 403),
                },
            }
        },
    )
    spec.path(
        path="/api/v1/supervisor/sync",
        operations={
            "post": {
                "summary": "For supervisors: send sign-offs and feedback from the outbox; each is "
                "stored exactly once",
                "description": "A sign-off is a new row in the competence's history; the newest "
                "by `signed_at` is the current level. An item is refused (per item, with `code` "
                "and a Dutch `error`) when its learner left the organisation or was erased, "
                "the competence is not in the learner's packages, there is nothing to withdraw, "
                "a date lies in the future, or its id was sent before with other content.",
                "security": [{"session": [], "csrf": []}],
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": "SupervisorSyncRequest"}},
                },
                "responses": {
                    200: _json("SyncResponse", "One result per item, in the same order"),
                    **_errors(400, 401, 403, 413),
                },
            }
        },
    )
    return spec.to_dict()


def _path_parameter(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {
        "in": "path",
        "name": name,
        "required": True,
        "description": description,
        "schema": schema,
    }
