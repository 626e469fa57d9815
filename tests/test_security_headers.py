"""Every answer says what a page may load and run, and what may keep it (app/security_headers.py).

The browser side of the same policy (nothing the app does is refused) is tests/browser/test_csp.py.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from app.pwa import assets
from tests.conftest import Auth
from tests.factories import Demo

IMPORT_MAP = re.compile(r'<script type="importmap">(.*?)</script>', re.DOTALL)
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.DOTALL)
# Script elements without src: the import map (allowed by its hash) and a JSON data block, which
# a browser never runs (the words for the page's modules).
INLINE_TYPES = re.compile(r'^\s*type="(importmap|application/json)"')


def directives(response: TestResponse) -> dict[str, list[str]]:
    policy = response.headers["Content-Security-Policy"]
    parts = (part.split() for part in policy.split(";") if part.strip())
    return {name: sources for name, *sources in parts}


def allowed(csp: dict[str, list[str]], directive: str) -> list[str]:
    """The sources a directive allows: its own, else those of default-src (CSP's fallback)."""
    fallback = "script-src" if directive == "worker-src" else "default-src"
    return csp.get(directive) or csp.get(fallback) or csp["default-src"]


def assert_security_headers(response: TestResponse) -> None:
    csp = directives(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    for kind in ("style-src", "connect-src", "font-src", "manifest-src"):
        assert allowed(csp, kind) == ["'self'"], kind  # no inline style, no data: or blob:
    assert allowed(csp, "img-src") == ["'self'", "blob:"]  # thumbnails of photos just taken
    assert allowed(csp, "worker-src")[0] == "'self'"
    script = csp["script-src"]
    assert script[0] == "'self'"
    assert all(s.startswith("'sha256-") for s in script[1:])
    sources = [source for listed in csp.values() for source in listed]
    assert not [source for source in sources if "unsafe" in source or "nonce" in source]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    permissions = dict(
        item.strip().split("=", 1) for item in response.headers["Permissions-Policy"].split(",")
    )
    assert permissions["camera"] == "(self)"
    for feature in ("microphone", "geolocation", "payment", "usb", "serial", "display-capture"):
        assert permissions[feature] == "()", feature
    assert "Strict-Transport-Security" not in response.headers  # plain http


# Answers a browser may show or run as a document (or a worker), which carry every header.
DOCUMENTS = ["public page", "learner page", "service worker", "not found", "icon (SVG)"]
# Answers only ever loaded by a page, which carry only nosniff and the referrer policy.
SUBRESOURCES = ["script", "stylesheet", "API answer", "health check", "icon (PNG)"]


def answers(demo: Demo, app: Flask) -> dict[str, str]:
    with app.test_request_context():
        return {
            "public page": "/login",
            "learner page": f"/learner/cards/{demo.cards['veilig-werken'][0]}",
            "service worker": "/sw.js",
            "not found": "/no-such-page",
            "icon (SVG)": assets.asset_url("icons/icon.svg"),
            "script": assets.asset_url("js/learner.js"),
            "stylesheet": assets.asset_url("css/app.css"),
            "API answer": "/api/v1/learner/content",
            "health check": "/healthz",
            "icon (PNG)": assets.asset_url("icons/icon-192.png"),
        }


@pytest.mark.parametrize("kind", DOCUMENTS)
def test_every_document_carries_the_headers(
    app: Flask, demo: Demo, auth: Auth, client: FlaskClient, kind: str
) -> None:
    if kind != "public page":
        auth.login("leerling1")
    with client.get(answers(demo, app)[kind]) as response:
        assert response.status_code in (200, 404)
        assert_security_headers(response)


@pytest.mark.parametrize("kind", SUBRESOURCES)
def test_subresources_skip_the_headers_only_documents_read(
    app: Flask, demo: Demo, auth: Auth, client: FlaskClient, kind: str
) -> None:
    """The page's policy governs them; on each of a first visit's answers the document-only
    headers would cost bytes for nothing (bench/budgets.py)."""
    auth.login("leerling1")
    with client.get(answers(demo, app)[kind]) as response:
        assert response.status_code == 200
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"
        for name in ("Content-Security-Policy", "Permissions-Policy", "X-Frame-Options"):
            assert name not in response.headers, name


def test_the_import_map_is_the_only_inline_script_and_the_policy_names_its_hash(
    app: Flask, demo: Demo, auth: Auth, client: FlaskClient
) -> None:
    auth.login("leerling1")
    response = client.get(f"/learner/cards/{demo.cards['veilig-werken'][0]}")
    html = response.get_data(as_text=True)
    import_map = IMPORT_MAP.search(html).group(1)  # type: ignore[union-attr]
    digest = base64.b64encode(hashlib.sha256(import_map.encode()).digest()).decode()
    assert directives(response)["script-src"] == ["'self'", f"'sha256-{digest}'"]
    for attributes, body in SCRIPT_TAG.findall(html):
        assert "src=" in attributes or INLINE_TYPES.match(attributes), attributes
        assert "src=" not in attributes or not body.strip()


def test_a_revalidated_page_keeps_the_policy_it_was_stored_with(
    demo: Demo, auth: Auth, client: FlaskClient
) -> None:
    """A hash, not a nonce: the service worker's copy and a 304 about it name the same script."""
    auth.login("leerling1")
    url = f"/learner/cards/{demo.cards['veilig-werken'][0]}"
    first = client.get(url)
    again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    policy = first.headers["Content-Security-Policy"]
    assert again.headers["Content-Security-Policy"] == policy
    assert client.get(url).headers["Content-Security-Policy"] == policy


def test_every_template_is_free_of_inline_handlers_and_styles(app: Flask) -> None:
    loader = app.jinja_env.loader
    assert loader is not None
    for name in loader.list_templates():
        if not name.endswith(".html"):
            continue
        source = loader.get_source(app.jinja_env, name)[0]
        assert not re.search(r"\son[a-z]+\s*=", source), name
        assert not re.search(r"\sstyle\s*=", source), name
        for attributes, _body in SCRIPT_TAG.findall(source):
            assert "src=" in attributes or INLINE_TYPES.match(attributes), (name, attributes)


def test_hsts_only_over_https(client: FlaskClient) -> None:
    secure = client.get("/login", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "Strict-Transport-Security" not in client.get("/login").headers


def test_a_forged_forwarded_proto_gets_no_hsts_without_a_trusted_proxy(client: FlaskClient) -> None:
    response = client.get("/login", headers={"X-Forwarded-Proto": "https"})
    assert response.status_code == 200  # and no redirect to https: TLS is the proxy's job
    assert "Strict-Transport-Security" not in response.headers


def test_behind_the_trusted_proxy_https_gets_hsts(other_app: Callable[..., Flask]) -> None:
    behind_proxy = other_app(TRUSTED_PROXIES=1).test_client()
    response = behind_proxy.get("/login", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" in response.headers


def test_talisman_leaves_the_cookie_settings_to_the_app(
    other_app: Callable[..., Flask], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SESSION_COOKIE_SECURE", "0")  # e.g. a trial on plain http
    plain = other_app()
    response = plain.test_client().get("/login")
    assert plain.config["SESSION_COOKIE_SECURE"] is False
    assert "Secure" not in response.headers["Set-Cookie"]
    assert "HttpOnly" in response.headers["Set-Cookie"]
    assert "SameSite=Lax" in response.headers["Set-Cookie"]


@pytest.mark.parametrize(
    ("username", "url"),
    [
        ("leerling1", "/learner/"),
        ("leerling1", "/learner/progress"),
        ("leerling1", "/api/v1/learner/content"),
        ("leerling1", "/api/v1/csrf"),
        ("begeleider1", "/supervisor/"),
        ("redacteur", "/editor/"),
        ("beheer", "/admin/"),
    ],
)
def test_logged_in_answers_are_never_stored(
    client: FlaskClient, auth: Auth, demo: Demo, username: str, url: str
) -> None:
    auth.login(username)
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"


def test_a_revalidated_learner_page_is_not_stored_either(
    client: FlaskClient, auth: Auth, demo: Demo
) -> None:
    auth.login("leerling1")
    first = client.get("/learner/")
    again = client.get("/learner/", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert again.headers["Cache-Control"] == "private, no-store"


def test_printed_login_cards_are_never_stored(client: FlaskClient, auth: Auth, demo: Demo) -> None:
    auth.login("begeleider1")
    learner = f"/supervisor/learners/{demo.users['leerling1']}"
    one = auth.post(f"{learner}/login-card", {}, page=learner)
    everyone = auth.post("/supervisor/login-cards", {}, page="/supervisor/")
    for response in (one, everyone):
        assert response.status_code == 200
        assert 'class="login-card"' in response.get_data(as_text=True)
        assert response.headers["Cache-Control"] == "private, no-store"


def test_shared_files_keep_their_caching_for_a_logged_in_user(
    app: Flask, client: FlaskClient, auth: Auth, demo: Demo
) -> None:
    auth.login("leerling1")
    with app.test_request_context():
        asset = assets.asset_url("css/app.css")
    with client.get(asset) as response:
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert client.get("/sw.js").headers["Cache-Control"] == "no-cache"


def test_the_public_login_page_is_not_forced_to_no_store(client: FlaskClient) -> None:
    assert "no-store" not in client.get("/login").headers.get("Cache-Control", "")


def test_a_wrong_method_on_the_api_says_which_methods_work(client: FlaskClient) -> None:
    response = client.put("/api/v1/sync", json={})
    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) >= {"POST"}
    assert "PUT" not in response.headers["Allow"]
    assert response.get_json()["code"] == 405
    assert response.get_json().keys() >= {"code", "message", "description"}


def test_a_wrong_method_on_a_page_says_which_methods_work(client: FlaskClient) -> None:
    response = client.delete("/login")
    assert response.status_code == 405
    assert response.mimetype == "text/html"
    assert {"GET", "POST"} <= set(response.headers["Allow"].split(", "))
    assert_security_headers(response)
