"""Every URL of the app is either limited to roles or deliberately open.

The test walks ``app.url_map``: an endpoint must carry ``role_required`` (which leaves its roles on
the view, see ``app.permissions.required_roles``) or stand in one of the lists below with a reason.
A new route without a role check therefore fails here until someone decides who may use it.
Which organisation's objects a role sees (404) is tested per page in tests/test_access.py.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask, url_for
from flask.testing import FlaskClient
from werkzeug.routing import Rule
from werkzeug.test import TestResponse

from app.models import Role
from app.permissions import required_roles
from tests.conftest import Auth, csrf_token_from

# Open to anyone, logged in or not.
PUBLIC: dict[str, str] = {
    "static": "CSS, JavaScript and icons: the login page needs them too",
    "main.index": "sends each person to their own home page, or to the login page",
    "main.set_language": "the language can be chosen on the login page",
    "main.media": "card images under content-hashed names, cached by phones for offline use",
    "main.healthz": "for the proxy or orchestrator; says only 'ok' or 'unavailable'",
    "pwa.service_worker": "the browser fetches /sw.js without a session",
    "pwa.web_manifest": "the browser fetches the app manifest without a session",
    "pwa.offline": "shown by the service worker when there is no network, also when logged out",
    "auth.login": "where logging in starts",
    "auth.qr_login": "a printed card logs a learner in; the token is the credential",
    "api.openapi": "the API description holds no data",
}

# Any logged-in person, whatever the role.
LOGGED_IN: dict[str, str] = {
    "auth.logout": "everyone can log out",
    "auth.logout_everywhere": "everyone can end their own log-ins on every device",
    "api.photo": "a learner's own photos, their supervisors and admins: checked per photo "
    "(tests/photos/test_upload.py::test_who_may_see_a_photo)",
}

# The roles each area is for. A role-checked endpoint must be limited to exactly these.
AREA_ROLES: dict[str, frozenset[Role]] = {
    "learner": frozenset({Role.LEARNER}),
    "api": frozenset({Role.LEARNER}),  # the phone's outbox and offline manifest
    "supervisor": frozenset({Role.SUPERVISOR}),
    "editor": frozenset({Role.EDITOR, Role.ADMIN}),
    "admin": frozenset({Role.ADMIN}),
    "evaluation": frozenset({Role.EDITOR, Role.ADMIN, Role.SUPERVISOR}),
}

# API endpoints outside the learner's part: the supervisor's outbox and offline pages, and the
# CSRF token that both outboxes fetch before they send.
API_ENDPOINT_ROLES: dict[str, frozenset[Role]] = {
    "api.supervisor_content": frozenset({Role.SUPERVISOR}),
    "api.supervisor_sync": frozenset({Role.SUPERVISOR}),
    "api.csrf": frozenset({Role.LEARNER, Role.SUPERVISOR}),
}

USERNAMES = {
    Role.LEARNER: "leerling",
    Role.SUPERVISOR: "begeleider",
    Role.EDITOR: "redacteur",
    Role.ADMIN: "beheerder",
}


def _rules(app: Flask) -> list[Rule]:
    return sorted(app.url_map.iter_rules(), key=lambda rule: (rule.endpoint, rule.rule))


def _roles(app: Flask, endpoint: str) -> frozenset[Role] | None:
    return required_roles(app.view_functions[endpoint])


def _calls(app: Flask, endpoints: set[str]) -> list[tuple[str, str, str]]:
    """(endpoint, method, url) for each method of the endpoints; every id in a URL is unknown."""
    calls = []
    with app.test_request_context():
        for rule in _rules(app):
            if rule.endpoint in endpoints:
                url = url_for(rule.endpoint, **dict.fromkeys(rule.arguments, 999999))
                calls += [(rule.endpoint, method, url) for method in sorted(rule.methods or ())]
    return [call for call in calls if call[1] not in {"HEAD", "OPTIONS"}]


def _checked(app: Flask) -> set[str]:
    return {rule.endpoint for rule in _rules(app) if _roles(app, rule.endpoint) is not None}


def _send(client: FlaskClient, method: str, url: str, csrf_token: str) -> TestResponse:
    if method == "GET":
        return client.get(url)
    return client.open(url, method=method, data={"csrf_token": csrf_token})


def test_every_endpoint_is_role_checked_or_listed(app: Flask) -> None:
    unchecked = {rule.endpoint for rule in _rules(app)} - _checked(app)
    listed = set(PUBLIC) | set(LOGGED_IN)
    assert unchecked - listed == set(), "give these routes role_required or list them"
    assert listed - unchecked == set(), "listed as open, but role-checked or gone"


def test_role_checked_endpoints_are_limited_to_the_roles_of_their_area(app: Flask) -> None:
    areas = {endpoint: endpoint.split(".")[0] for endpoint in _checked(app)}
    assert set(areas.values()) == set(AREA_ROLES)
    wrong = {
        endpoint: sorted(role.value for role in _roles(app, endpoint) or ())
        for endpoint, area in areas.items()
        if _roles(app, endpoint) != API_ENDPOINT_ROLES.get(endpoint, AREA_ROLES[area])
    }
    assert wrong == {}


@pytest.mark.parametrize("role", list(USERNAMES), ids=[role.value for role in USERNAMES])
def test_every_endpoint_refuses_the_other_roles(
    app: Flask, auth: Auth, client: FlaskClient, make_user: Callable[..., object], role: Role
) -> None:
    """Each role-checked endpoint, with each of its methods, answers 403 to every other role
    before it looks at ids or input (its own role gets a 404 for the made-up ids, or a 400)."""
    make_user(USERNAMES[role], role)
    auth.login(USERNAMES[role])
    token = auth.csrf("/")
    own_area = []
    for endpoint, method, url in _calls(app, _checked(app)):
        status = _send(client, method, url, token).status_code
        if role in (_roles(app, endpoint) or ()):
            own_area.append(status)
        else:
            assert status == 403, f"{method} {url} answered {status} to a {role.value}"
    assert own_area
    assert 403 not in own_area


def test_every_closed_endpoint_asks_to_log_in_first(app: Flask, client: FlaskClient) -> None:
    """Pages send to the login page; the JSON API answers 401, so the phone's outbox can ask
    the learner to log in again."""
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    for endpoint, method, url in _calls(app, _checked(app) | set(LOGGED_IN)):
        response = _send(client, method, url, token)
        if endpoint.startswith("api."):
            assert response.status_code == 401, f"{method} {url}"
        else:
            assert response.status_code == 302, f"{method} {url}"
            assert response.headers["Location"].startswith("/login"), f"{method} {url}"
