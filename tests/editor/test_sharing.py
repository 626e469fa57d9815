"""Sharing packages as a zip: a round trip keeps everything; a bad file changes nothing."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app.content.sharing import export_document
from app.extensions import db
from app.models import Card, LessonPackage, Role
from tests.conftest import Auth, empty_all_tables
from tests.factories import Demo
from tests.helpers import (
    GOOD_PACKAGE,
    export,
    good_package_with,
    import_file,
    jpeg_with_gps,
    package_count,
    package_zip,
    publish,
    upload,
)


def document_of(app: Flask, slug: str) -> dict:
    with app.test_request_context():
        package = db.session.scalar(select(LessonPackage).where(LessonPackage.slug == slug))
        document = export_document(package)
    for card in document["package"]["cards"]:
        card["image"] = bool(card["image"])  # images are re-encoded on import: compare presence
    return document


def test_round_trip_into_an_empty_database_keeps_the_content(
    app: Flask, demo: Demo, auth: Auth, client: FlaskClient, make_user
) -> None:
    auth.login("redacteur")
    card_id = demo.cards["veilig-werken"][0]
    upload(client, card_id, jpeg_with_gps(800, 600), "schoen.jpg")
    publish(auth, card_id)
    auth.post(
        f"/editor/competences/{demo.competences['veilig-werken'][0]}",
        {
            "name": "Pbm gebruiken",
            "description": "",
            "sbb_code": "B1-K1-W2",
            "sbb_name": "Veilig werken",
        },
    )
    before = document_of(app, "veilig-werken")
    data = export(client, demo.packages["veilig-werken"])

    with app.app_context():
        db.session.remove()
        empty_all_tables()  # another installation
    make_user("docent", Role.EDITOR, organisation="Ander ROC")
    other = Auth(app.test_client())
    other.login("docent")
    response = import_file(other, data)
    assert response.status_code == 302, response.get_data(as_text=True)
    assert document_of(app, "veilig-werken") == before
    with app.app_context():
        card = db.session.scalar(select(Card).where(Card.title == "Werkschoenen en handschoenen"))
        assert card.version == 1
        assert card.image_path
        assert card.image_alt == "Een werkschoen"
        assert card.package.owner_organisation.name == "Ander ROC"


def test_importing_the_same_package_twice_needs_a_copy(
    app: Flask, demo: Demo, auth: Auth, client: FlaskClient
) -> None:
    auth.login("redacteur")
    data = export(client, demo.packages["afval-scheiden"])
    before = package_count(app)
    response = import_file(auth, data)
    assert response.status_code == 400
    assert "Dit lespakket staat er al." in response.get_data(as_text=True)
    assert package_count(app) == before
    response = import_file(auth, data, as_copy=True)
    assert response.status_code == 302
    assert import_file(auth, data, as_copy=True).status_code == 302  # and once more
    assert package_count(app) == before + 2
    with app.app_context():
        titles = list(db.session.scalars(select(LessonPackage.title)))
        original = db.session.get_one(LessonPackage, demo.packages["afval-scheiden"]).title
    assert len(titles) == len(set(titles))  # never two with one title in the lists
    assert {f"{original} (kopie)", f"{original} (kopie 2)"} <= set(titles)


def _corrupt(data: bytes) -> bytes:
    """Flip bytes inside package.json's compressed data, so reading it fails its checksum."""
    start = data.index(b"package.json") + len("package.json") + 5
    return data[:start] + bytes(b ^ 0xFF for b in data[start : start + 20]) + data[start + 20 :]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"dit is geen zip", "Dit is geen zip-bestand van Leerplek."),
        (package_zip(extra={"iets.txt": b"x"}), "In het zip-bestand zit geen package.json."),
        (package_zip(raw=b"{niet: json"), "package.json is geen geldige JSON."),
        (package_zip(document=[1, 2]), "package.json heeft niet de vorm"),
        (package_zip(document=good_package_with("format", "moodle-backup")), "format"),
        (package_zip(document=good_package_with("version", 99)), "version"),
        (package_zip(document=good_package_with("package.cards", [])), "cards"),
        (
            package_zip(document=good_package_with("package.cards.0.task.competences", ["c9"])),
            "unknown competences",
        ),
        (package_zip(document=good_package_with("package.cards.0.title", "x" * 300)), "title"),
        (
            package_zip(
                document=good_package_with("package.cards.0.image", "0123456789abcdef0123")
            ),
            "ontbreekt",
        ),
        (_corrupt(package_zip(document=GOOD_PACKAGE)), "beschadigd"),
    ],
)
def test_a_bad_or_foreign_file_lists_its_problems_and_changes_nothing(
    app: Flask, demo: Demo, auth: Auth, data: bytes, message: str
) -> None:
    auth.login("redacteur")
    before = package_count(app)
    response = import_file(auth, data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Er is niets geïmporteerd." in page
    assert message in page
    assert package_count(app) == before


def test_a_competence_named_twice_in_a_task_is_stored_once(
    app: Flask, demo: Demo, auth: Auth
) -> None:
    auth.login("redacteur")
    document = good_package_with("package.cards.0.task.competences", ["c1", "c1"])
    assert import_file(auth, package_zip(document=document)).status_code == 302


def test_a_good_minimal_file_imports(app: Flask, demo: Demo, auth: Auth) -> None:
    auth.login("redacteur")
    assert import_file(auth, package_zip(document=GOOD_PACKAGE)).status_code == 302
    assert "Nieuw pakket" in auth.client.get("/editor/").get_data(as_text=True)
