"""Who may open which page: one table of routes for every role and both enterprises.

403 means "logged in, but this area is not for your role"; 404 means "not in your organisation or
not assigned to you", so another enterprise's ids cannot even be confirmed to exist.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.extensions import db
from app.models import Card, CompetenceSignoff, LessonPackage, LoginToken, Role, User
from app.permissions import (
    can_edit_package,
    can_see_learner,
    learner_visible_to,
    package_editable_by,
    required_roles,
)
from tests.conftest import Auth
from tests.factories import Demo

# (description, url builder) -> expected status per viewer.
# Viewers: anon, leerling1 (enterprise A), leerling4 (enterprise B), begeleider1 (A),
# begeleider2 (B), redacteur (school), beheer (admin).
VIEWERS = ["anon", "leerling1", "leerling4", "begeleider1", "begeleider2", "redacteur", "beheer"]

Url = Callable[[Demo], str]

ROUTES: list[tuple[str, Url, list[int]]] = [
    # (description, url, expected status for each of VIEWERS in order)
    ("learner home", lambda d: "/learner/", [302, 200, 200, 403, 403, 403, 403]),
    ("learner progress", lambda d: "/learner/progress", [302, 200, 200, 403, 403, 403, 403]),
    ("offline manifest", lambda d: "/api/v1/learner/content", [401, 200, 200, 403, 403, 403, 403]),
    ("fresh CSRF token", lambda d: "/api/v1/csrf", [401, 200, 200, 200, 200, 403, 403]),
    (
        "supervisor's offline manifest",
        lambda d: "/api/v1/supervisor/content",
        [401, 403, 403, 200, 200, 403, 403],
    ),
    (
        "package assigned to leerling1 and leerling4",
        lambda d: f"/learner/packages/{d.packages['veilig-werken']}",
        [302, 200, 200, 403, 403, 403, 403],
    ),
    (
        "another package assigned to both learners",
        lambda d: f"/learner/packages/{d.packages['afval-scheiden']}",
        [302, 200, 200, 403, 403, 403, 403],
    ),
    (
        "card of an assigned package",
        lambda d: f"/learner/cards/{d.cards['veilig-werken'][0]}",
        [302, 200, 200, 403, 403, 403, 403],
    ),
    ("unknown package", lambda d: "/learner/packages/999999", [302, 404, 404, 403, 403, 403, 403]),
    ("supervisor home", lambda d: "/supervisor/", [302, 403, 403, 200, 200, 403, 403]),
    (
        "learner of enterprise A",
        lambda d: f"/supervisor/learners/{d.users['leerling1']}",
        [302, 403, 403, 200, 404, 403, 403],
    ),
    (
        "learner of enterprise B",
        lambda d: f"/supervisor/learners/{d.users['leerling4']}",
        [302, 403, 403, 404, 200, 403, 403],
    ),
    (
        "a supervisor is not a learner",
        lambda d: f"/supervisor/learners/{d.users['begeleider1']}",
        [302, 403, 403, 404, 404, 403, 403],
    ),
    (
        "sign-off form, learner of enterprise A",
        lambda d: (
            f"/supervisor/learners/{d.users['leerling1']}/competences/{d.competences['veilig-werken'][0]}"
        ),
        [302, 403, 403, 200, 404, 403, 403],
    ),
    (
        "printable overview, learner of enterprise A",
        lambda d: f"/supervisor/learners/{d.users['leerling1']}/overview",
        [302, 403, 403, 200, 404, 403, 403],
    ),
    (
        "CSV export, learner of enterprise B",
        lambda d: f"/supervisor/learners/{d.users['leerling4']}/export.csv",
        [302, 403, 403, 404, 200, 403, 403],
    ),
    (
        "CSV export, own organisation",
        lambda d: "/supervisor/export.csv",
        [302, 403, 403, 200, 200, 403, 403],
    ),
    ("editor home", lambda d: "/editor/", [302, 403, 403, 403, 403, 200, 200]),
    (
        "editor competence (SBB work process)",
        lambda d: f"/editor/competences/{d.competences['veilig-werken'][0]}",
        [302, 403, 403, 403, 403, 200, 200],
    ),
    (
        "editor package",
        lambda d: f"/editor/packages/{d.packages['veilig-werken']}",
        [302, 403, 403, 403, 403, 200, 200],
    ),
    # Evaluation: which organisations' numbers each sees is tested in tests/evaluation.
    ("evaluation", lambda d: "/evaluatie/", [302, 403, 403, 200, 200, 200, 200]),
    (
        "evaluation of a package used in both enterprises",
        lambda d: f"/evaluatie/pakketten/{d.packages['veilig-werken']}",
        [302, 403, 403, 200, 200, 200, 200],
    ),
    ("evaluation CSV", lambda d: "/evaluatie/weken.csv", [302, 403, 403, 200, 200, 200, 200]),
    ("admin home", lambda d: "/admin/", [302, 403, 403, 403, 403, 403, 200]),
    ("admin new user", lambda d: "/admin/users/new", [302, 403, 403, 403, 403, 403, 200]),
    (
        "admin user page",
        lambda d: f"/admin/users/{d.users['leerling1']}",
        [302, 403, 403, 403, 403, 403, 200],
    ),
]


def test_the_table_has_rows_for_every_role_checked_area(app: Flask, demo: Demo) -> None:
    """tests/test_endpoint_roles.py finds every role-checked endpoint; this table must then test
    each of those areas with real objects of both enterprises."""
    checked = {
        endpoint.split(".")[0]
        for endpoint, view in app.view_functions.items()
        if required_roles(view) is not None
    }
    adapter = app.url_map.bind("localhost")
    assert checked <= {adapter.match(url(demo))[0].split(".")[0] for _, url, _ in ROUTES}


CASES = [
    pytest.param(url, viewer, expected[i], id=f"{description}-{viewer}")
    for description, url, expected in ROUTES
    for i, viewer in enumerate(VIEWERS)
]


@pytest.mark.parametrize(("url", "viewer", "expected"), CASES)
def test_route_access_per_role_and_organisation(
    demo: Demo, client: FlaskClient, auth: Auth, url: Url, viewer: str, expected: int
) -> None:
    if viewer != "anon":
        auth.login(viewer)
    response = client.get(url(demo))
    assert response.status_code == expected
    if expected == 302:
        assert response.headers["Location"].startswith("/login")
    if expected == 401:  # the API never redirects to the login page
        assert response.is_json
        assert "Location" not in response.headers


def test_learner_cannot_open_packages_or_cards_not_assigned_to_them(
    demo: Demo, auth: Auth, client: FlaskClient
) -> None:
    auth.login("leerling6")  # has veilig-werken and digitaal-werken, not afval-scheiden
    assert client.get(f"/learner/packages/{demo.packages['afval-scheiden']}").status_code == 404
    for card_id in demo.cards["afval-scheiden"]:
        assert client.get(f"/learner/cards/{card_id}").status_code == 404
    assert client.get(f"/learner/packages/{demo.packages['veilig-werken']}").status_code == 200


def test_learner_home_lists_only_their_own_packages(
    demo: Demo, auth: Auth, client: FlaskClient
) -> None:
    auth.login("leerling3")  # only digitaal-werken
    page = client.get("/learner/").get_data(as_text=True)
    assert "Digitaal werken" in page
    assert "Veilig werken" not in page
    assert "Afval scheiden" not in page


def test_supervisor_home_lists_only_their_own_learners(
    demo: Demo, auth: Auth, client: FlaskClient
) -> None:
    auth.login("begeleider1")
    page = client.get("/supervisor/").get_data(as_text=True)
    for name in ("Anouk de Vries", "Dennis Bakker", "Fatima Ouali"):
        assert name in page
    for name in ("Kees Visser", "Lina Haddad", "Tomasz Nowak"):
        assert name not in page


def test_unpublished_card_is_hidden_from_learners(
    demo: Demo, auth: Auth, client: FlaskClient, make_card: Callable[..., Card]
) -> None:
    draft = make_card(demo.packages["veilig-werken"], "Nog niet klaar")
    auth.login("leerling1")
    assert client.get(f"/learner/cards/{draft.id}").status_code == 404
    assert "Nog niet klaar" not in client.get(
        f"/learner/packages/{demo.packages['veilig-werken']}"
    ).get_data(as_text=True)


SUPERVISOR_POSTS: list[tuple[str, Callable[[Demo], str], dict[str, str]]] = [
    (
        "assign",
        lambda d: f"/supervisor/learners/{d.users['leerling1']}/assignments",
        {"package_id": "1"},
    ),
    (
        "unassign",
        lambda d: (
            f"/supervisor/learners/{d.users['leerling1']}/assignments/{d.packages['veilig-werken']}/remove"
        ),
        {},
    ),
    ("print card", lambda d: f"/supervisor/learners/{d.users['leerling1']}/login-card", {}),
    (
        "withdraw card",
        lambda d: f"/supervisor/learners/{d.users['leerling1']}/login-card/revoke",
        {},
    ),
    (
        "sign off",
        lambda d: (
            f"/supervisor/learners/{d.users['leerling1']}/competences/{d.competences['veilig-werken'][0]}"
        ),
        {
            "level": "independent",
            "signed_on": "2026-01-05",
            "request_id": "00000000-0000-4000-8000-000000000001",
        },
    ),
]


@pytest.mark.parametrize(
    ("viewer", "expected"),
    [("leerling1", 403), ("redacteur", 403), ("beheer", 403), ("begeleider2", 404)],
)
@pytest.mark.parametrize(
    ("name", "url", "data"), SUPERVISOR_POSTS, ids=[p[0] for p in SUPERVISOR_POSTS]
)
def test_only_the_own_supervisor_changes_a_learner(
    app: Flask,
    demo: Demo,
    client: FlaskClient,
    auth: Auth,
    viewer: str,
    expected: int,
    name: str,
    url,
    data,
) -> None:
    auth.login(viewer)
    token = auth.csrf("/")
    assert client.post(url(demo), data={**data, "csrf_token": token}).status_code == expected
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(CompetenceSignoff)) == 0
        assert db.session.scalar(select(func.count()).select_from(LoginToken)) == 0
    assert sorted(demo.assigned(app, "leerling1")) == [
        "afval-scheiden",
        "digitaal-werken",
        "veilig-werken",
    ]


def test_each_rule_says_the_same_in_python_and_in_sql(app: Flask, demo: Demo, make_user) -> None:
    """Lists filter in SQL, single pages check in Python: for every pair of demo people and
    packages both forms of a rule must agree, or a list would show what the page then refuses."""
    make_user("redacteur-bedrijf", Role.EDITOR, organisation="Kringloop De Omslag")
    with app.app_context():
        people = list(db.session.scalars(select(User)))
        packages = list(db.session.scalars(select(LessonPackage)))
        for viewer in people:
            listed = set(db.session.scalars(select(User.id).where(learner_visible_to(viewer))))
            assert listed == {p.id for p in people if can_see_learner(viewer, p)}, viewer.username
            editable = set(
                db.session.scalars(select(LessonPackage.id).where(package_editable_by(viewer)))
            )
            assert editable == {p.id for p in packages if can_edit_package(viewer, p)}, (
                viewer.username
            )
