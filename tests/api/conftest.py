from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.conftest import Auth
from tests.factories import Demo


class LearnerApi:
    """A learner's phone talking to the API: session cookie plus a fresh CSRF token."""

    def __init__(self, client: FlaskClient, demo: Demo) -> None:
        self.client = client
        self.demo = demo

    def token(self) -> str:
        response = self.client.get("/api/v1/csrf")
        assert response.status_code == 200, response.get_data(as_text=True)
        return response.get_json()["csrf_token"]

    def sync(self, body: Any, token: str | None = None, **kwargs: Any):
        headers = {"X-CSRFToken": token or self.token()}
        if isinstance(body, (dict, list)):
            return self.client.post("/api/v1/sync", json=body, headers=headers, **kwargs)
        return self.client.post(
            "/api/v1/sync", data=body, headers=headers, content_type="application/json", **kwargs
        )


def completion(task_id: int, **overrides: Any) -> dict[str, Any]:
    item = {
        "id": str(uuid.uuid4()),
        "task_id": task_id,
        "card_version": 1,
        "completed_at": (datetime.now(UTC) - timedelta(minutes=3)).isoformat(),
        "reflection": "good",
        "note": "Ging prima.",
    }
    item.update(overrides)
    return item


@pytest.fixture
def learner_api(demo: Demo, client: FlaskClient, auth: Auth) -> LearnerApi:
    auth.login("leerling1")
    return LearnerApi(client, demo)
