"""Editors write cards as drafts, publish versions that reach the phones, and never overwrite
each other's work."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app.extensions import db
from app.models import Card, CardVersion, LessonPackage
from tests.conftest import Auth
from tests.factories import Demo, get
from tests.helpers import card_form, lock_version_on_page, publish

BUREAUCRATIC_EASY = (
    "Teneinde de veiligheid op de werkvloer te waarborgen, dient iedere medewerker zich te "
    "conformeren aan de geldende voorschriften omtrent persoonlijke beschermingsmiddelen."
)


def learner_sees(app: Flask, card_id: int) -> str:
    """The learner's card page, without the (invisible) soft hyphens in long words."""
    learner = app.test_client()
    Auth(learner).login("leerling1")
    return learner.get(f"/learner/cards/{card_id}").get_data(as_text=True).replace("\u00ad", "")


def test_saving_makes_a_draft_and_publishing_a_new_version(
    app: Flask, demo: Demo, auth: Auth, client: FlaskClient
) -> None:
    card_id = demo.cards["veilig-werken"][0]
    auth.login("redacteur")
    data = card_form(client, card_id)
    data.update(
        title="Werkschoenen",
        body="Draag **altijd** werkschoenen.",
        easy_body="Draag altijd je schoenen. Ze zijn goed voor je voeten.",
    )
    assert client.post(f"/editor/cards/{card_id}", data=data).status_code == 302
    draft = get(app, Card, card_id)
    assert draft.status.value == "draft"
    assert draft.version == 1
    assert "Werkschoenen en handschoenen" in learner_sees(app, card_id)  # still the published one

    manifest_before = _manifest_version(app, card_id)
    response = publish(auth, card_id)
    assert "Versie 2 is gepubliceerd." in response.get_data(as_text=True)
    published = get(app, Card, card_id)
    assert published.version == 2
    assert published.status.value == "published"
    page = learner_sees(app, card_id)
    assert "Draag <strong>altijd</strong> werkschoenen." in page
    assert (manifest_before, _manifest_version(app, card_id)) == (1, 2)
    with app.app_context():
        versions = db.session.scalars(
            select(CardVersion).where(CardVersion.card_id == card_id)
        ).all()
        assert [v.version for v in versions] == [1, 2]
        assert versions[0].title == "Werkschoenen en handschoenen"  # history kept
    history = client.get(f"/editor/cards/{card_id}/versions").get_data(as_text=True)
    assert "Versie 1" in history
    assert "Versie 2" in history


def _manifest_version(app: Flask, card_id: int) -> int:
    learner = app.test_client()
    Auth(learner).login("leerling1")
    manifest = learner.get("/api/v1/learner/content").get_json()
    return next(
        c["version"] for p in manifest["packages"] for c in p["cards"] if c["id"] == card_id
    )


def test_two_editors_saving_the_same_card_get_a_conflict_not_an_overwrite(
    app: Flask, demo: Demo, auth: Auth, client: FlaskClient
) -> None:
    card_id = demo.cards["veilig-werken"][1]
    auth.login("redacteur")
    first = card_form(client, card_id)
    second = card_form(client, card_id)  # a colleague opened the same card
    first.update(body="Tekst van de eerste redacteur.")
    assert client.post(f"/editor/cards/{card_id}", data=first).status_code == 302
    second.update(body="Tekst van de tweede redacteur.")
    response = client.post(f"/editor/cards/{card_id}", data=second)
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Iemand anders heeft deze kaart net opgeslagen." in page
    assert "Tekst van de tweede redacteur." in page  # their text is kept on the form
    assert get(app, Card, card_id).body == "Tekst van de eerste redacteur."


def test_publishing_a_too_difficult_easy_text_asks_first(
    app: Flask, demo: Demo, auth: Auth, client: FlaskClient
) -> None:
    card_id = demo.cards["veilig-werken"][2]
    auth.login("redacteur")
    data = card_form(client, card_id)
    data.update(easy_body=BUREAUCRATIC_EASY)
    client.post(f"/editor/cards/{card_id}", data=data)  # saving is never blocked
    response = publish(auth, card_id)
    assert response.status_code == 200
    assert "De tekst voor Makkelijk lezen is te moeilijk" in response.get_data(as_text=True)
    assert get(app, Card, card_id).version == 1
    publish(auth, card_id, confirm="1")
    assert get(app, Card, card_id).version == 2


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": ""}, "Vul een titel in."),
        ({"body": "x" * 5001}, "De tekst is te lang"),
        ({"competences": ["999999"]}, "is een ongeldige keuze voor dit veld"),
    ],
)
def test_bad_card_input_gets_a_message_and_changes_nothing(
    app: Flask, demo: Demo, auth: Auth, client: FlaskClient, changes: dict, message: str
) -> None:
    card_id = demo.cards["veilig-werken"][0]
    auth.login("redacteur")
    data = card_form(client, card_id)
    data.update(changes)
    response = client.post(f"/editor/cards/{card_id}", data=data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert get(app, Card, card_id).title == "Werkschoenen en handschoenen"


def test_script_in_a_card_never_reaches_the_learner(
    app: Flask, demo: Demo, auth: Auth, client: FlaskClient
) -> None:
    card_id = demo.cards["veilig-werken"][0]
    auth.login("redacteur")
    data = card_form(client, card_id)
    data.update(
        body="<script>alert(1)</script> [klik](javascript:alert(1)) <img src=x onerror=alert(1)>"
    )
    client.post(f"/editor/cards/{card_id}", data=data)
    publish(auth, card_id)
    page = learner_sees(app, card_id)
    body = page.split('data-text="normal"')[1].split("</div>")[0]
    assert "<script" not in body
    assert "<img" not in body
    assert "javascript:" not in body
    assert "&lt;script&gt;" in body


def test_editor_creates_a_package_adds_cards_and_reorders_them(
    app: Flask, demo: Demo, auth: Auth, client: FlaskClient
) -> None:
    auth.login("redacteur")
    response = auth.post(
        "/editor/packages",
        {"title": "Werken in de keuken", "description": "Hygiëne"},
        page="/editor/",
    )
    package_url = response.headers["Location"]
    for title in ("Handen wassen", "Koelcel", "Afwassen"):
        auth.post(f"{package_url}/cards", {"title": title}, page=package_url)
    with app.app_context():
        package = db.session.scalar(
            select(LessonPackage).where(LessonPackage.title == "Werken in de keuken")
        )
        assert package.slug == "werken-in-de-keuken"
        cards = {card.title: card.id for card in package.cards}
        assert all(card.version == 0 for card in package.cards)  # drafts until published
    auth.post(f"/editor/cards/{cards['Afwassen']}/move", {"direction": "up"}, page=package_url)
    with app.app_context():
        package = db.session.scalar(
            select(LessonPackage).where(LessonPackage.title == "Werken in de keuken")
        )
        assert [card.title for card in package.cards] == ["Handen wassen", "Afwassen", "Koelcel"]


def test_readability_endpoint_measures_while_typing(
    demo: Demo, auth: Auth, client: FlaskClient
) -> None:
    auth.login("redacteur")
    token = auth.csrf("/editor/")
    response = client.post(
        "/editor/readability",
        json={"text": BUREAUCRATIC_EASY, "kind": "easy"},
        headers={"X-CSRFToken": token},
    )
    report = response.get_json()
    assert report["verdict"] == "hard"
    assert report["long_sentences"]
    bad = client.post(
        "/editor/readability", json={"text": 5, "kind": "x"}, headers={"X-CSRFToken": token}
    )
    assert bad.status_code == 400
    assert set(bad.get_json()["errors"]) == {"text", "kind"}


@pytest.mark.parametrize("username", ["leerling1", "begeleider1"])
def test_learners_and_supervisors_cannot_edit(
    demo: Demo, client: FlaskClient, auth: Auth, username: str
) -> None:
    auth.login(username)
    card_id = demo.cards["veilig-werken"][0]
    token = auth.csrf("/")
    for url in [
        f"/editor/cards/{card_id}",
        f"/editor/cards/{card_id}/preview",
        f"/editor/cards/{card_id}/versions",
    ]:
        assert client.get(url).status_code == 403
    for url in [
        f"/editor/cards/{card_id}",
        f"/editor/cards/{card_id}/publish",
        "/editor/packages",
        "/editor/readability",
    ]:
        assert client.post(url, data={"csrf_token": token}).status_code == 403


def test_publishing_twice_or_from_a_stale_page_makes_no_extra_version(
    app: Flask, demo: Demo, auth: Auth, client: FlaskClient
) -> None:
    card_id = demo.cards["veilig-werken"][3]
    auth.login("redacteur")
    data = card_form(client, card_id)
    data.update(body="Nieuwe tekst.")
    client.post(f"/editor/cards/{card_id}", data=data)
    lock = lock_version_on_page(client, card_id)
    publish(auth, card_id, lock)
    again = publish(auth, card_id, lock)  # double click
    assert "Er is niets nieuws om te publiceren." in again.get_data(as_text=True)
    assert get(app, Card, card_id).version == 2

    data = card_form(client, card_id)
    data.update(body="Nog nieuwere tekst.")
    client.post(
        f"/editor/cards/{card_id}", data=data
    )  # a colleague saved after this page was opened
    stale = publish(auth, card_id, lock)
    assert "Iemand anders heeft deze kaart intussen opgeslagen." in stale.get_data(as_text=True)
    assert get(app, Card, card_id).version == 2


def test_a_task_only_edit_also_guards_against_overwrites(
    app: Flask, demo: Demo, auth: Auth, client: FlaskClient
) -> None:
    card_id = demo.cards["veilig-werken"][4]
    auth.login("redacteur")
    first, second = card_form(client, card_id), card_form(client, card_id)
    first.update(task_title="Nieuwe opdracht")
    assert client.post(f"/editor/cards/{card_id}", data=first).status_code == 302
    second.update(task_instruction="Andere uitleg")
    assert client.post(f"/editor/cards/{card_id}", data=second).status_code == 409


def test_a_draft_task_edit_is_not_shown_to_learners_until_published(
    app: Flask, demo: Demo, auth: Auth, client: FlaskClient
) -> None:
    card_id = demo.cards["veilig-werken"][0]
    auth.login("redacteur")
    data = card_form(client, card_id)
    data.update(task_title="Opdracht in concept")
    client.post(f"/editor/cards/{card_id}", data=data)
    assert "Opdracht in concept" not in learner_sees(app, card_id)
    publish(auth, card_id)
    assert "Opdracht in concept" in learner_sees(app, card_id)
