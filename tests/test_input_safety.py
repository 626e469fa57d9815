"""Text a database cannot store (NUL, unpaired surrogates) gets a clear 400 on every page of every
role, never a 500; and nothing reaches the database.

PostgreSQL refuses NUL even in a search (``WHERE name LIKE '%\\x00%'``), so on PostgreSQL most of
these were 500s; on SQLite they were stored. Both must now answer the same plain-Dutch page.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from flask import Flask, abort
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.extensions import db
from app.input_safety import is_storable
from app.models import Organisation
from tests.conftest import Auth, csrf_token_from
from tests.factories import Demo
from tests.helpers import (
    GOOD_PACKAGE,
    card_form,
    good_package_with,
    import_file,
    package_count,
    package_zip,
)

DUTCH_MESSAGE = "Er staat een teken in wat je stuurde dat we niet kunnen opslaan."


@pytest.mark.parametrize(
    ("text", "storable"),
    [
        ("", True),
        ("Gewoon een notitie, met é en ß", True),
        ("Emoji 😀👍🏽 are one character each", True),
        ("\ufffd\uffff", True),
        ("\x00", False),
        ("voor\x00na", False),
        ("\ud800", False),
        ("\udfff", False),  # noqa: PT014  (ruff reads lone surrogates as one and the same)
        ("half a pair \ud83d", False),
    ],
)
def test_what_a_database_can_store(text: str, storable: bool) -> None:
    assert is_storable(text) is storable


def row_counts(app: Flask) -> dict[str, int]:
    with app.app_context():
        return {
            table.name: db.session.scalar(select(func.count()).select_from(table))
            for table in db.metadata.sorted_tables
        }


Data = Callable[[FlaskClient, Demo], dict[str, Any]]


@dataclass
class Hostile:
    """One request of one role, with a NUL where the user types text."""

    name: str
    username: str | None
    url: Callable[[Demo], str]
    data: Data | None = None  # None: a GET
    page: Callable[[Demo], str] | None = None  # where the form (and its CSRF token) comes from
    multipart: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


def _card(demo: Demo) -> str:
    return f"/learner/cards/{demo.cards['veilig-werken'][0]}"


def _signoff(demo: Demo) -> str:
    learner, competence = demo.users["leerling1"], demo.competences["veilig-werken"][0]
    return f"/supervisor/learners/{learner}/competences/{competence}"


def _signoff_form(client: FlaskClient, demo: Demo) -> dict[str, Any]:
    page = client.get(_signoff(demo)).get_data(as_text=True)
    request_id = page.split('name="request_id" type="hidden" value="')[1].split('"')[0]
    return {"level": "with_help", "note": "Met hulp\x00", "signed_on": "", "request_id": request_id}


def _editor_card(demo: Demo) -> str:
    return f"/editor/cards/{demo.cards['veilig-werken'][0]}"


def _new_user(client: FlaskClient, demo: Demo) -> dict[str, Any]:
    return {
        "username": "leerling7\x00",
        "display_name": "Noor Smit",
        "role": "learner",
        "organisation_id": str(demo.organisations["Kringloop De Omslag"]),
        "password": "geheim-123",
    }


HOSTILE = [
    Hostile(
        "login form",
        None,
        lambda d: "/login",
        lambda c, d: {"username": "leerling1\x00", "password": "oefenen123"},
        lambda d: "/login",
    ),
    Hostile("login next", None, lambda d: "/login?next=/learner/%00"),
    Hostile("QR card path", None, lambda d: "/qr/abc%00def"),
    Hostile(
        "language switch",
        "leerling1",
        lambda d: "/language",
        lambda c, d: {"locale": "en", "next": "/learner/\x00"},
        lambda d: "/learner/",
    ),
    Hostile("learner query", "leerling1", lambda d: "/learner/progress?x=%00"),
    Hostile(
        "learner task form",
        "leerling1",
        lambda d: f"/learner/tasks/{d.tasks['veilig-werken'][0]}/done",
        lambda c, d: {
            "client_id": "0b6e8f7e-2c1f-4f51-9d6e-3f2f1a0c9b10",
            "card_version": "1",
            "reflection": "good",
            "note": "Lukte\x00",
        },
        _card,
    ),
    Hostile("supervisor search", "begeleider1", lambda d: "/supervisor/?q=%00"),
    Hostile("supervisor search, field name", "begeleider1", lambda d: "/supervisor/?%00=1"),
    Hostile("supervisor sign-off", "begeleider1", _signoff, _signoff_form, _signoff),
    Hostile(
        "editor card form",
        "redacteur",
        _editor_card,
        lambda c, d: {**card_form(c, d.cards["veilig-werken"][0]), "title": "Kaart\x00"},
        _editor_card,
    ),
    Hostile(
        "editor new package",
        "redacteur",
        lambda d: "/editor/packages",
        lambda c, d: {"title": "Pakket\x00", "description": ""},
        lambda d: "/editor/",
    ),
    Hostile(
        "editor import, text field",
        "redacteur",
        lambda d: "/editor/import",
        lambda c, d: {
            "file": (io.BytesIO(package_zip(document=GOOD_PACKAGE)), "pakket.zip"),
            "as_copy": "y\x00",
        },
        lambda d: "/editor/import",
        multipart=True,
    ),
    Hostile(
        "editor import, file name",
        "redacteur",
        lambda d: "/editor/import",
        lambda c, d: {"file": (io.BytesIO(package_zip(document=GOOD_PACKAGE)), "pakket\x00.zip")},
        lambda d: "/editor/import",
        multipart=True,
    ),
    Hostile(
        "admin user form",
        "beheer",
        lambda d: "/admin/users/new",
        _new_user,
        lambda d: "/admin/users/new",
    ),
    Hostile(
        "admin organisation form",
        "beheer",
        lambda d: "/admin/organisations",
        lambda c, d: {"name": "Nieuw\x00", "kind": "enterprise"},
        lambda d: "/admin/",
    ),
    Hostile("admin filter", "beheer", lambda d: "/admin/?organisation=%00"),
]


def send(client: FlaskClient, demo: Demo, case: Hostile, **kwargs: Any):
    url = case.url(demo)
    if case.data is None:
        return client.get(url, **kwargs)
    data = case.data(client, demo)
    if case.page:
        data["csrf_token"] = csrf_token_from(client.get(case.page(demo)).get_data(as_text=True))
    content_type = "multipart/form-data" if case.multipart else None
    return client.post(url, data=data, content_type=content_type, **kwargs)


@pytest.mark.parametrize("case", HOSTILE, ids=[case.name for case in HOSTILE])
def test_a_nul_in_any_form_or_query_gets_a_dutch_400_and_stores_nothing(
    app: Flask, demo: Demo, client: FlaskClient, auth: Auth, case: Hostile
) -> None:
    if case.username:
        auth.login(case.username)
    before = row_counts(app)

    response = send(client, demo, case)

    assert response.status_code == 400, response.get_data(as_text=True)[:500]
    assert response.mimetype == "text/html"
    assert DUTCH_MESSAGE in response.get_data(as_text=True)
    assert row_counts(app) == before


@pytest.mark.parametrize(
    ("case", "field_name"),
    [(HOSTILE[0], "username"), (HOSTILE[6], "q"), (HOSTILE[7], "\ufffd")],
    ids=["login form", "supervisor search", "field name"],
)
def test_a_json_client_gets_the_bad_fields_named(
    app: Flask, demo: Demo, client: FlaskClient, auth: Auth, case: Hostile, field_name: str
) -> None:
    if case.username:
        auth.login(case.username)
    response = send(client, demo, case, headers={"Accept": "application/json"})
    assert response.status_code == 400
    assert response.is_json
    payload = response.get_json()
    assert payload["code"] == 400
    assert payload["message"] == "validation"
    assert payload["description"]
    assert list(payload["errors"]) == [field_name]
    assert "cannot be stored" in payload["errors"][field_name][0]


def test_a_nul_in_an_api_query_gets_400_json(demo: Demo, client: FlaskClient, auth: Auth) -> None:
    auth.login("leerling1")
    response = client.get("/api/v1/learner/content?since=%00")
    assert response.status_code == 400
    assert response.get_json()["code"] == 400
    assert list(response.get_json()["errors"]) == ["since"]


IMPORT_CASES = {
    "NUL in a card title": good_package_with("package.cards.0.title", "Kaart\x00"),
    "surrogate in the package title": good_package_with("package.title", "Pakket \ud800"),
    "surrogate in a competence name": good_package_with(
        "package.competences.0.name", "Kunnen \udfff"
    ),
    "NUL in a task's competence key": good_package_with(
        "package.cards.0.task.competences", ["c1\x00"]
    ),
    "NUL in the format": good_package_with("format", "leerplek-package\x00"),
}


@pytest.mark.parametrize("document", IMPORT_CASES.values(), ids=IMPORT_CASES.keys())
def test_unstorable_text_inside_an_imported_package_is_listed_as_a_problem(
    app: Flask, demo: Demo, auth: Auth, document: dict
) -> None:
    auth.login("redacteur")
    before = package_count(app)
    response = import_file(auth, package_zip(document=document))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Er is niets geïmporteerd." in page
    assert "cannot be stored" in page
    assert package_count(app) == before


@pytest.mark.parametrize(
    "raw",
    [
        json.dumps(
            {**GOOD_PACKAGE, "\ud800\x00": 1}
        ).encode(),  # an unknown field, named in the problem
        b'{"format": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    ],
    ids=["unstorable field name", "deeply nested"],
)
def test_a_hostile_package_json_is_listed_as_a_problem(
    app: Flask, demo: Demo, auth: Auth, raw: bytes
) -> None:
    auth.login("redacteur")
    before = package_count(app)
    response = import_file(auth, package_zip(raw=raw))
    assert response.status_code == 400
    assert "Er is niets geïmporteerd." in response.get_data(as_text=True)
    assert package_count(app) == before


def test_the_readability_panel_refuses_hostile_json_with_400_json(
    demo: Demo, client: FlaskClient, auth: Auth
) -> None:
    auth.login("redacteur")
    headers = {"X-CSRFToken": auth.csrf("/editor/")}
    nested = '{"text": ' + "[" * 10_000 + "]" * 10_000 + "}"
    response = client.post(
        "/editor/readability", data=nested, headers=headers, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.is_json
    assert "text" in response.get_json()["errors"]

    for text in ["Een zin\x00.", "Een zin \ud800."]:
        response = client.post(
            "/editor/readability",
            data=json.dumps({"text": text}),
            headers=headers,
            content_type="application/json",
        )
        assert response.status_code == 400
        assert response.is_json
        assert "cannot be stored" in response.get_json()["errors"]["text"][0]


def test_an_error_page_after_a_failed_write_still_renders(
    demo: Demo, other_app: Callable[..., Flask]
) -> None:
    """A view whose flush failed leaves the session needing a rollback; the error page loads
    the user (for the menu and language), which must not crash with PendingRollbackError."""
    broken = other_app()

    def fails_halfway() -> str:
        db.session.add(Organisation(name=None))  # NOT NULL: the flush fails
        try:
            db.session.flush()
        except Exception:
            abort(409)
        return "unreachable"

    broken.add_url_rule("/fails-halfway", view_func=fails_halfway)
    client = broken.test_client()
    Auth(client).login("leerling1")
    response = client.get("/fails-halfway")
    assert response.status_code == 409
    assert "Foutmelding" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "path",
    ["/learner/cards/2147483648", "/learner/packages/99999999999", "/api/v1/photos/2147483648"],
)
def test_an_id_larger_than_the_database_holds_is_not_found(
    client: FlaskClient, auth: Auth, path: str
) -> None:
    """PostgreSQL answers "integer out of range" for such a number; the route never asks it."""
    auth.login("leerling1")
    assert client.get(path).status_code == 404
