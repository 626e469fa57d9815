"""Dutch first, English complete; the language follows the user, then the browser."""

from __future__ import annotations

import subprocess
import sys
from enum import Enum
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask import Flask
from flask.testing import FlaskClient

from app.config import PROJECT_ROOT
from app.extensions import db
from app.models import AuditAction, OrganisationKind, Reflection, Role, SignoffLevel, User
from app.privacy.labels import label
from tests.conftest import Auth
from tests.factories import get

CATALOG = PROJECT_ROOT / "translations" / "en" / "LC_MESSAGES" / "messages.po"


@pytest.mark.parametrize(
    ("accept_language", "lang", "button"),
    [
        (None, "nl", "Inloggen"),
        ("nl-NL,nl;q=0.9", "nl", "Inloggen"),
        ("en-GB,en;q=0.8", "en", "Log in"),
        ("de-DE,de;q=0.9", "nl", "Inloggen"),  # unsupported: Dutch, the default
    ],
)
def test_language_follows_the_browser_with_dutch_as_default(
    client: FlaskClient, accept_language: str | None, lang: str, button: str
) -> None:
    headers = {"Accept-Language": accept_language} if accept_language else {}
    page = client.get("/login", headers=headers).get_data(as_text=True)
    assert f'<html lang="{lang}">' in page
    assert f">{button}</button>" in page


def test_the_users_own_choice_beats_the_browser(
    app: Flask, demo, auth: Auth, client: FlaskClient
) -> None:
    auth.login("leerling1")
    english_browser = {"Accept-Language": "en"}
    assert "Mijn lessen" in client.get("/learner/").get_data(as_text=True)

    response = auth.post("/language", {"locale": "en", "next": "/learner/"}, page="/learner/")
    assert response.headers["Location"] == "/learner/"
    assert get(app, User, demo.users["leerling1"]).locale == "en"
    assert "My lessons" in client.get("/learner/").get_data(as_text=True)

    auth.post("/language", {"locale": "nl", "next": "/learner/"}, page="/learner/")
    page = client.get("/learner/", headers=english_browser).get_data(as_text=True)
    assert "Mijn lessen" in page  # saved preference wins over the English browser


def test_choice_before_login_is_kept_in_the_session(client: FlaskClient, auth: Auth) -> None:
    auth.post("/language", {"locale": "en", "next": "/login"}, page="/login")
    assert ">Log in</button>" in client.get("/login").get_data(as_text=True)


@pytest.mark.parametrize("locale", ["fr", "", "../../etc"])  # and a next that leaves the site
def test_unknown_language_changes_nothing(client: FlaskClient, auth: Auth, locale: str) -> None:
    response = auth.post("/language", {"locale": locale, "next": "/\\evil.example"}, page="/login")
    assert response.headers["Location"] == "/"
    assert ">Inloggen</button>" in client.get("/login").get_data(as_text=True)


def test_english_catalog_is_complete() -> None:
    with CATALOG.open("rb") as handle:
        catalog = read_po(handle)
    missing = [
        message.id
        for message in catalog
        if message.id
        and (
            message.fuzzy
            or not message.string
            or (isinstance(message.string, tuple) and not all(message.string))
        )
    ]
    assert missing == []


def test_every_marked_string_is_in_the_catalog(tmp_path: Path) -> None:
    """A string marked in code or templates but missing from translations/ fails here."""
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "-k",
            "_plural:1,2",
            "-o",
            str(pot),
            ".",
        ],
        check=True,
        cwd=PROJECT_ROOT,
        capture_output=True,
    )
    with pot.open("rb") as handle:
        extracted = {
            message.id if isinstance(message.id, str) else message.id[0]
            for message in read_po(handle)
            if message.id
        }
    with CATALOG.open("rb") as handle:
        translated = {
            message.id if isinstance(message.id, str) else message.id[0]
            for message in read_po(handle)
            if message.id
        }
    assert extracted - translated == set(), "run `make translations` and translate the new strings"


def test_script_texts_are_translated_with_both_plural_forms(app: Flask) -> None:
    from app.learner.client_text import client_texts

    with app.test_request_context(headers={"Accept-Language": "en"}):
        english = client_texts()
    with app.test_request_context(headers={"Accept-Language": "nl"}):
        dutch = client_texts()
    assert english["waiting"] == [
        "{n} task is waiting for internet",
        "{n} tasks are waiting for internet",
    ]
    assert dutch["waiting"] == ["{n} taak wacht op internet", "{n} taken wachten op internet"]
    assert dutch["all_sent"] == "Alles is verstuurd"
    assert english["all_sent"] != dutch["all_sent"]


@pytest.mark.parametrize("kind", [Role, OrganisationKind, Reflection, SignoffLevel, AuditAction])
def test_every_stored_value_has_a_word_in_dutch_and_english(app: Flask, kind: type[Enum]) -> None:
    with CATALOG.open("rb") as handle:
        english = {message.id: message.string for message in read_po(handle) if message.id}
    for member in kind:
        with app.test_request_context(headers={"Accept-Language": "nl"}):
            dutch = label(member)
        with app.test_request_context(headers={"Accept-Language": "en"}):
            assert label(member) == english[dutch] != "", member


def test_dates_are_written_the_dutch_way_in_dutch_and_the_british_way_in_english(
    app: Flask, demo, auth: Auth, client: FlaskClient
) -> None:
    from datetime import UTC, datetime

    with app.app_context():
        admin = db.session.get(User, demo.users["beheer"])
        admin.created_at = datetime(2026, 11, 3, 9, 30, tzinfo=UTC)
        db.session.commit()
    auth.login("beheer")
    url = f"/admin/users/{demo.users['beheer']}"
    assert "3 november 2026" in client.get(url).get_data(as_text=True)
    auth.post("/language", {"locale": "en", "next": url}, page=url)
    page = client.get(url).get_data(as_text=True)
    assert "3 November 2026" in page  # British; American would be "November 3, 2026"
    assert '<html lang="en">' in page


def test_the_offline_page_comes_in_the_language_asked_for(client: FlaskClient) -> None:
    dutch_browser = {"Accept-Language": "nl"}
    page = client.get("/offline", headers=dutch_browser)
    assert (page.headers["Content-Language"], "Je hebt nu geen internet" in page.text) == (
        "nl",
        True,
    )
    english = client.get("/offline?lang=en", headers=dutch_browser)
    assert english.headers["Content-Language"] == "en"
    assert "You have no internet right now" in english.get_data(as_text=True)
    assert client.get("/offline?lang=fr", headers=dutch_browser).headers["Content-Language"] == "nl"


def test_the_readability_panel_speaks_english_too(demo, auth: Auth, client: FlaskClient) -> None:
    auth.login("redacteur")
    auth.post("/language", {"locale": "en", "next": "/editor/"}, page="/editor/")
    card = demo.cards["veilig-werken"][0]
    page = client.get(f"/editor/cards/{card}").get_data(as_text=True)
    for english in ("Brouwer reading index", "Words per sentence", "Readability of the text"):
        assert english in page
    report = auth.client.post(
        "/editor/readability",
        json={
            "text": "Teneinde de veiligheid te waarborgen dient men zich te conformeren.",
            "kind": "easy",
        },
        headers={"X-CSRFToken": auth.csrf(f"/editor/cards/{card}")},
    ).get_json()
    assert report["flesch_douma_band"] in {"very difficult", "difficult", "fairly difficult"}
