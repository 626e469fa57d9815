"""The OpenAPI 3 document, generated from the same marshmallow schemas the API uses."""

from __future__ import annotations

from functools import cache
from typing import Any

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin

from app.api.schemas import CsrfSchema, ErrorSchema, OfflineManifestSchema
from app.sync.schemas import SyncRequestSchema, SyncResponseSchema


def _json(schema: str, description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    """The documented error answers of an operation, all in the one Error shape; ``default``
    covers the rest (404, 405 with ``Allow``, 429 with ``Retry-After``, 500)."""
    texts = {
        400: "Invalid input (message `validation`, `errors` has a message per field), "
        "or a missing or expired CSRF token (message `csrf`)",
        401: "Not logged in (message `unauthorized`): the phone asks the learner to log in again",
        403: "Logged in, but not as a learner",
        413: "The body is larger than one full batch can be (about 1.4 MB)",
    }
    documented: dict[int | str, dict[str, Any]] = {
        code: _json("Error", texts[code]) for code in codes
    }
    documented["default"] = _json("Error", "Any other error, in the same shape")
    return documented


@cache
def build_spec() -> dict[str, Any]:
    spec = APISpec(
        title="Leerplek API",
        version="1",
        openapi_version="3.0.3",
        plugins=[MarshmallowPlugin()],
        info={
            "description": "Offline manifest and outbox sync for the learner's phone. "
            "Authentication is the session cookie; POST requests need an X-CSRFToken header "
            "with a token from GET /api/v1/csrf. Every error answer is JSON in one shape "
            "(the Error schema): `code`, `message`, `description`, and `errors` per field "
            "for invalid input."
        },
        servers=[{"url": "/"}],
    )
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
    ]:
        spec.components.schema(name, schema=schema)

    spec.path(
        path="/api/v1/csrf",
        operations={
            "get": {
                "summary": "A fresh CSRF token for the next POST",
                "security": [{"session": []}],
                "responses": {
                    200: _json("Csrf", "Token and the logged-in learner's id"),
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
    return spec.to_dict()
