"""Every JSON error answer has the one documented shape, and keeps the headers its status needs.

The phone's outbox reads ``code`` and, for invalid input, ``errors``; a handler that built its
own body could drift from the ``Error`` schema in the OpenAPI document.
"""

from __future__ import annotations

import ast
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from app.api.schemas import ErrorSchema
from tests.api.conftest import LearnerApi, completion
from tests.conftest import Auth
from tests.factories import Demo

APP = Path(__file__).parents[2] / "app"


def error_body(response: TestResponse, code: int) -> dict:
    """The body, after checking it against the documented Error schema (unknown keys fail)."""
    assert response.status_code == code, response.get_data(as_text=True)
    assert response.is_json
    body = response.get_json()
    assert ErrorSchema().validate(body) == {}, body
    assert body["code"] == code
    return body


def test_not_logged_in(demo: Demo, client: FlaskClient) -> None:
    body = error_body(client.get("/api/v1/csrf"), 401)
    assert body["message"] == "unauthorized"
    assert "errors" not in body


def test_another_role(demo: Demo, client: FlaskClient, auth: Auth) -> None:
    auth.login("begeleider1")
    error_body(client.get("/api/v1/learner/content"), 403)


def test_an_unknown_api_path(client: FlaskClient) -> None:
    error_body(client.get("/api/v1/bestaat-niet"), 404)


def test_a_wrong_method_keeps_its_allow_header(client: FlaskClient) -> None:
    response = client.delete("/api/v1/csrf")
    error_body(response, 405)
    assert "GET" in response.headers["Allow"]


def test_a_missing_csrf_token(learner_api: LearnerApi, demo: Demo) -> None:
    item = completion(demo.tasks["veilig-werken"][0])
    response = learner_api.client.post("/api/v1/sync", json={"completions": [item]})
    assert error_body(response, 400)["message"] == "csrf"


def test_invalid_input_names_its_fields(learner_api: LearnerApi) -> None:
    body = error_body(learner_api.sync({"completions": []}), 400)
    assert body["message"] == "validation"
    assert list(body["errors"]) == ["completions"]


def test_too_many_tries_keep_their_retry_after_header(other_app) -> None:
    limited: Flask = other_app(QR_RATE_LIMIT="1 per minute")
    client = limited.test_client()
    json_only = {"Accept": "application/json"}
    client.get("/qr/onbekend", headers=json_only)
    response = client.get("/qr/onbekend", headers=json_only)
    error_body(response, 429)
    assert int(response.headers["Retry-After"]) > 0


def _builds_an_error_body(node: ast.AST) -> bool:
    """A dict literal or ``jsonify(...)`` call with both a ``code`` and a ``message``."""
    if isinstance(node, ast.Dict):
        keys = {key.value for key in node.keys if isinstance(key, ast.Constant)}
    elif isinstance(node, ast.Call) and getattr(node.func, "id", None) == "jsonify":
        keys = {keyword.arg for keyword in node.keywords}
    else:
        return False
    return {"code", "message"} <= keys


def test_only_the_errors_package_builds_the_error_shape() -> None:
    builders = [
        f"{path.relative_to(APP.parent)}:{node.lineno}"
        for path in sorted(APP.rglob("*.py"))
        if path != APP / "errors" / "__init__.py"
        for node in ast.walk(ast.parse(path.read_text()))
        if _builds_an_error_body(node)
    ]
    assert builders == [], "use app.errors.json_error"
