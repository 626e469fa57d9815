"""The easy-reading panel's request is checked by a schema: bad input gets 400 JSON per field."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from tests.conftest import Auth
from tests.factories import Demo


def ask(client: FlaskClient, auth: Auth, **kwargs):
    headers = {"X-CSRFToken": auth.csrf("/editor/")}
    return client.post("/editor/readability", headers=headers, **kwargs)


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"json": {"kind": "easy"}}, {"text"}),
        ({"json": {"text": "Een zin.", "kind": "moeilijk"}}, {"kind"}),
        ({"json": {"text": ["Een zin."], "kind": "easy"}}, {"text"}),
        ({"json": {"text": "Een zin. " * 2300}}, {"text"}),
        ({"json": ["Een zin."]}, {"text"}),
        ({"data": "text=Een zin.", "content_type": "text/plain"}, {"text"}),
        ({"data": "{niet: json", "content_type": "application/json"}, {"text"}),
    ],
    ids=[
        "no-text",
        "wrong-kind",
        "text-not-a-string",
        "text-too-long",
        "a-list",
        "not-json",
        "bad-json",
    ],
)
def test_bad_readability_requests_get_400_json_per_field(
    demo: Demo, auth: Auth, client: FlaskClient, body: dict, fields: set[str]
) -> None:
    auth.login("redacteur")
    response = ask(client, auth, **body)
    assert response.status_code == 400
    assert response.is_json
    answer = response.get_json()
    assert (answer["code"], answer["message"]) == (400, "validation")
    assert set(answer["errors"]) == fields


def test_the_kind_defaults_to_normal_text(demo: Demo, auth: Auth, client: FlaskClient) -> None:
    auth.login("redacteur")
    response = ask(client, auth, json={"text": "Draag je schoenen. Ze zijn veilig."})
    assert response.status_code == 200
    assert response.get_json()["kind"] == "normal"
