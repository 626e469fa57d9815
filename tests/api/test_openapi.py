"""The OpenAPI document describes the API, and no generated input makes the server answer 5xx."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import ignored_auth, positive_data_acceptance

from tests.conftest import Auth
from tests.factories import Demo


def test_openapi_document_is_generated_from_the_schemas(client) -> None:
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    assert {
        "/api/v1/sync",
        "/api/v1/learner/content",
        "/api/v1/csrf",
        "/api/v1/supervisor/content",
        "/api/v1/supervisor/sync",
    } <= set(spec["paths"])
    completion = spec["components"]["schemas"]["CompletionIn"]
    assert set(completion["required"]) == {
        "id",
        "task_id",
        "card_version",
        "completed_at",
        "reflection",
    }
    assert completion["properties"]["note"]["maxLength"] == 500
    # StorableString (refuses NUL and lone surrogates) is still a plain string to clients.
    assert completion["properties"]["note"]["type"] == "string"
    assert completion["properties"]["reflection"]["type"] == "string"
    assert "413" in spec["paths"]["/api/v1/sync"]["post"]["responses"]
    assert (
        spec["components"]["schemas"]["SyncRequest"]["properties"]["completions"]["maxItems"] == 200
    )


TYPED = {"type", "$ref", "allOf", "oneOf", "anyOf"}


def _untyped(schema: dict[str, Any], where: str) -> Iterator[str]:
    """Where in ``schema`` a property or list item says nothing of its type."""
    for name, value in schema.get("properties", {}).items():
        yield from _untyped_value(value, f"{where}.{name}")
    if "items" in schema:
        yield from _untyped_value(schema["items"], f"{where}[]")


def _untyped_value(schema: dict[str, Any], where: str) -> Iterator[str]:
    if not TYPED.intersection(schema):
        yield where
    yield from _untyped(schema, where)


def test_every_property_in_the_openapi_document_has_a_type(client) -> None:
    """A ``fields.Function`` or ``fields.Raw`` leaves a property untyped: clients generated from
    the document would see "anything" where the API sends an integer or a list of URLs."""
    schemas = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]
    assert {"OfflineManifest", "ManifestCard", "SyncResult", "Error"} <= set(schemas)
    untyped = [where for name, schema in schemas.items() for where in _untyped(schema, name)]
    assert untyped == []


def test_every_error_response_is_documented_in_the_one_error_shape(client) -> None:
    spec = client.get("/api/v1/openapi.json").get_json()
    error = spec["components"]["schemas"]["Error"]
    assert set(error["properties"]) == {"code", "message", "description", "errors"}
    assert set(error["required"]) == {"code", "message", "description"}
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            errors = {
                code: response
                for code, response in operation["responses"].items()
                if code == "default" or int(code) >= 400
            }
            assert "default" in errors, (method, path)
            for code, response in errors.items():
                schema = response["content"]["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/Error"}, (method, path, code)


def logged_in(app: Flask, username: str) -> dict[str, str]:
    client = app.test_client()
    Auth(client).login(username)
    token = client.get("/api/v1/csrf").get_json()["csrf_token"]
    return {"cookie": client.get_cookie("session").value, "token": token}


@pytest.mark.parametrize(
    ("username", "method", "path"),
    [
        ("leerling1", "GET", "/api/v1/csrf"),
        ("leerling1", "GET", "/api/v1/learner/content"),
        ("leerling1", "POST", "/api/v1/sync"),
        ("leerling1", "PUT", "/api/v1/completions/{client_id}/photos/{number}"),
        ("leerling1", "GET", "/api/v1/photos/{photo_id}"),
        ("leerling1", "POST", "/api/v1/feedback/read"),
        ("begeleider1", "GET", "/api/v1/supervisor/content"),
        ("begeleider1", "POST", "/api/v1/supervisor/sync"),
    ],
)
def test_no_generated_input_makes_the_api_fail(
    app: Flask, demo: Demo, username: str, method: str, path: str
) -> None:
    """Schemathesis generates valid and invalid requests from the OpenAPI document; every
    answer must be below 500 and match the documented responses."""
    session = logged_in(app, username)
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operation = schema[path][method]

    @given(case=operation.as_strategy())
    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    def check(case) -> None:  # type: ignore[no-untyped-def]
        response = case.call(
            # The WSGI transport does not decode compressed bodies; real phones do.
            headers={"X-CSRFToken": session["token"], "Accept-Encoding": "identity"},
            cookies={"session": session["cookie"]},
        )
        assert response.status_code < 500, response.text
        # The session cookie is always a real user's, so the "generated auth is invalid"
        # check does not apply; 401 without a session is tested in test_sync.py. A photo upload
        # is only valid with the SHA-256 of its own body and a task the learner sent, which no
        # schema can say: its refusals are tested in tests/photos.
        excluded = [ignored_auth]
        if "/photos/" in path:
            excluded.append(positive_data_acceptance)
        case.validate_response(response, excluded_checks=excluded)

    check()
