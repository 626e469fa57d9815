"""GET /api/v1/learner/content: the phone's list of what to keep offline, with versions."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask

from app.content.services import publish_card
from app.extensions import db
from app.models import Assignment, Card
from tests.api.conftest import LearnerApi
from tests.factories import Demo


def test_manifest_lists_assigned_packages_cards_versions_and_tasks(
    learner_api: LearnerApi, demo: Demo
) -> None:
    response = learner_api.client.get("/api/v1/learner/content")
    assert response.status_code == 200
    manifest = response.get_json()
    assert manifest["user_id"] == demo.users["leerling1"]
    assert manifest["pages"] == ["/learner/", "/learner/progress"]
    by_id = {package["id"]: package for package in manifest["packages"]}
    assert set(by_id) == {
        demo.packages[slug] for slug in ("veilig-werken", "digitaal-werken", "afval-scheiden")
    }
    safety = by_id[demo.packages["veilig-werken"]]
    assert safety["url"] == f"/learner/packages/{safety['id']}"
    assert [card["id"] for card in safety["cards"]] == demo.cards["veilig-werken"]
    first = safety["cards"][0]
    assert first["version"] == 1
    assert first["url"] == f"/learner/cards/{first['id']}"
    assert first["images"] == []
    assert [task["id"] for card in safety["cards"] for task in card["tasks"]] == demo.tasks[
        "veilig-werken"
    ]
    assert manifest["image_bytes"] == 0


def test_unchanged_manifest_costs_a_304_and_a_publish_changes_it(
    app: Flask, learner_api: LearnerApi, demo: Demo
) -> None:
    client = learner_api.client
    first = client.get("/api/v1/learner/content")
    etag = first.headers["ETag"]
    again = client.get("/api/v1/learner/content", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""

    with app.app_context():
        card = db.session.get(Card, demo.cards["veilig-werken"][2])
        card.body = "Nieuwe tekst."
        publish_card(card, None)
        db.session.commit()
    changed = client.get("/api/v1/learner/content", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag
    cards = {c["id"]: c for p in changed.get_json()["packages"] for c in p["cards"]}
    assert cards[demo.cards["veilig-werken"][2]]["version"] == 2
    assert cards[demo.cards["veilig-werken"][1]]["version"] == 1


def test_unassigned_package_leaves_the_manifest(
    app: Flask, learner_api: LearnerApi, demo: Demo
) -> None:
    with app.app_context():
        assignment = db.session.scalar(
            db.select(Assignment).where(
                Assignment.learner_id == demo.users["leerling1"],
                Assignment.package_id == demo.packages["afval-scheiden"],
            )
        )
        db.session.delete(assignment)
        db.session.commit()
    manifest = learner_api.client.get("/api/v1/learner/content").get_json()
    assert demo.packages["afval-scheiden"] not in {p["id"] for p in manifest["packages"]}


def test_drafts_never_reach_the_manifest(
    learner_api: LearnerApi, demo: Demo, make_card: Callable[..., Card]
) -> None:
    make_card(demo.packages["veilig-werken"], "Concept")
    manifest = learner_api.client.get("/api/v1/learner/content").get_json()
    safety = next(p for p in manifest["packages"] if p["id"] == demo.packages["veilig-werken"])
    assert len(safety["cards"]) == len(demo.cards["veilig-werken"])
