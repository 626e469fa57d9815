"""Learner pages answer "did this change?" cheaply: a weak ETag that covers what the page shows,
and a 304 without rendering when it still holds. The service worker asks on every tap."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from flask import Flask, template_rendered
from flask.testing import FlaskClient

from app.content.services import publish_card
from app.extensions import db
from app.models import Card, CompetenceSignoff, LessonPackage, SignoffLevel
from tests.conftest import Auth
from tests.factories import Demo


@contextmanager
def rendered_templates(app: Flask) -> Iterator[list[str]]:
    names: list[str] = []

    def record(sender: Flask, template, context, **extra) -> None:  # type: ignore[no-untyped-def]
        names.append(template.name)

    template_rendered.connect(record, app)
    try:
        yield names
    finally:
        template_rendered.disconnect(record, app)


def learner_pages(demo: Demo) -> list[str]:
    return [
        "/learner/",
        "/learner/progress",
        f"/learner/packages/{demo.packages['veilig-werken']}",
        f"/learner/cards/{demo.cards['veilig-werken'][0]}",
    ]


def etag(client: FlaskClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.headers["ETag"]


def test_every_learner_page_answers_304_without_rendering_when_unchanged(
    app: Flask, demo: Demo, auth: Auth, client: FlaskClient
) -> None:
    auth.login("leerling1")
    for url in learner_pages(demo):
        first = client.get(url)
        tag = first.headers["ETag"]
        assert tag.startswith('W/"'), url  # weak: same content, other CSRF token bytes
        # The browser keeps no copy; the service worker stores the page itself (Cache API).
        assert first.headers["Cache-Control"] == "private, no-store"
        with rendered_templates(app) as rendered:
            again = client.get(url, headers={"If-None-Match": tag})
        assert again.status_code == 304, url
        assert again.data == b"", url
        assert rendered == [], f"{url} rendered {rendered} for a 304"
        assert again.headers["ETag"] == tag


def test_the_card_page_names_its_version_for_the_service_worker(
    app: Flask, demo: Demo, auth: Auth, client: FlaskClient
) -> None:
    auth.login("leerling1")
    url = f"/learner/cards/{demo.cards['veilig-werken'][0]}"
    response = client.get(url)
    assert response.headers["Card-Version"] == "1"
    again = client.get(url, headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304
    assert again.headers["Card-Version"] == "1"


def test_a_done_task_changes_the_pages_that_show_it(
    app: Flask, demo: Demo, auth: Auth, client: FlaskClient
) -> None:
    auth.login("leerling1")
    before = {url: etag(client, url) for url in learner_pages(demo)}
    other_card = f"/learner/cards/{demo.cards['veilig-werken'][1]}"
    other_before = etag(client, other_card)
    card_url = learner_pages(demo)[3]
    auth.post(
        f"/learner/tasks/{demo.tasks['veilig-werken'][0]}/done",
        {"client_id": str(uuid.uuid4()), "card_version": "1", "reflection": "good", "note": ""},
        page=card_url,
    )
    client.get(card_url)  # shows (and so clears) the "Opgeslagen" message
    for url, tag in before.items():
        response = client.get(url, headers={"If-None-Match": tag})
        assert response.status_code == 200, f"{url} did not change with a done task"
    assert client.get(other_card, headers={"If-None-Match": other_before}).status_code == 304


def test_a_new_card_version_changes_the_card_and_its_package_page(
    app: Flask, demo: Demo, auth: Auth, client: FlaskClient
) -> None:
    auth.login("leerling1")
    card_url = f"/learner/cards/{demo.cards['veilig-werken'][0]}"
    package_url = f"/learner/packages/{demo.packages['veilig-werken']}"
    before = {url: etag(client, url) for url in (card_url, package_url)}
    with app.app_context():
        card = db.session.get(Card, demo.cards["veilig-werken"][0])
        card.title = "Werkschoenen: nieuwe regels"
        publish_card(card, None)
        db.session.commit()
    for url, tag in before.items():
        response = client.get(url, headers={"If-None-Match": tag})
        assert response.status_code == 200, url
    assert client.get(card_url).headers["Card-Version"] == "2"


def test_a_signoff_changes_the_progress_page(
    app: Flask, demo: Demo, auth: Auth, client: FlaskClient
) -> None:
    auth.login("leerling1")
    tag = etag(client, "/learner/progress")
    with app.app_context():
        competence = db.session.get(LessonPackage, demo.packages["veilig-werken"]).competences[0]
        db.session.add(
            CompetenceSignoff(
                learner_id=demo.users["leerling1"],
                competence_id=competence.id,
                supervisor_id=demo.users["begeleider1"],
                level=SignoffLevel.INDEPENDENT,
                signed_on=date(2026, 11, 20),
            )
        )
        db.session.commit()
    assert client.get("/learner/progress", headers={"If-None-Match": tag}).status_code == 200


def test_a_renamed_competence_changes_the_progress_page(
    app: Flask, demo: Demo, auth: Auth, client: FlaskClient
) -> None:
    auth.login("leerling1")
    tag = etag(client, "/learner/progress")
    with app.app_context():
        competence = db.session.get(LessonPackage, demo.packages["veilig-werken"]).competences[0]
        competence.name = "Veilig werken met beschermingsmiddelen"
        db.session.commit()
    response = client.get("/learner/progress", headers={"If-None-Match": tag})
    assert response.status_code == 200
    assert "Veilig werken met beschermingsmiddelen" in response.get_data(as_text=True)


def test_every_learner_page_names_its_build_and_language(
    app: Flask, demo: Demo, auth: Auth, client: FlaskClient
) -> None:
    """A stored page of another deploy or language is fetched again (static/js/pages-core.js)."""
    auth.login("leerling1")
    builds = {client.get(url).headers["Page-Version"] for url in learner_pages(demo)}
    manifest = client.get("/api/v1/learner/content").get_json()
    assert builds == {manifest["page_version"]}
    auth.post("/language", {"locale": "en", "next": "/learner/"}, page="/learner/")
    assert client.get("/learner/").headers["Page-Version"] not in builds
    assert client.get("/api/v1/learner/content").get_json()["page_version"] not in builds


def test_the_language_and_the_learner_are_part_of_the_tag(
    app: Flask, demo: Demo, auth: Auth, client: FlaskClient
) -> None:
    auth.login("leerling1")
    dutch = etag(client, "/learner/")
    auth.post("/language", {"locale": "en", "next": "/learner/"}, page="/learner/")
    assert client.get("/learner/", headers={"If-None-Match": dutch}).status_code == 200

    other = app.test_client()
    Auth(other).login("leerling2")  # same URL, same packages, another learner
    assert other.get("/learner/", headers={"If-None-Match": dutch}).status_code == 200


def test_a_page_with_a_message_on_it_is_never_declared_unchanged(
    app: Flask, demo: Demo, auth: Auth, client: FlaskClient
) -> None:
    auth.login("leerling1")
    card_url = f"/learner/cards/{demo.cards['veilig-werken'][0]}"
    tag = etag(client, card_url)
    auth.post(
        f"/learner/tasks/{demo.tasks['veilig-werken'][0]}/done",
        {"client_id": str(uuid.uuid4()), "card_version": "1", "reflection": "good", "note": ""},
        page=card_url,
    )
    with_message = client.get(card_url, headers={"If-None-Match": tag})
    assert with_message.status_code == 200
    assert "Opgeslagen. Goed gedaan!" in with_message.get_data(as_text=True)
    assert "ETag" not in with_message.headers
