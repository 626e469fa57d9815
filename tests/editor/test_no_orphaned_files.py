"""Photos are written only when the change is kept: a conflict or a refused import leaves the
media folder as it was."""

from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from PIL import Image
from sqlalchemy import select, update

from app.content.services import (
    CardDraft,
    EditConflict,
    PublishOutcome,
    publish_draft,
    save_draft,
)
from app.extensions import db
from app.models import Card, CardStatus, User
from tests.conftest import Auth
from tests.factories import Demo, get
from tests.helpers import GOOD_PACKAGE, card_form, export, import_file, publish, upload


def media_files(app: Flask) -> set[str]:
    folder = Path(app.config["MEDIA_FOLDER"])
    return {path.name for path in folder.iterdir()} if folder.is_dir() else set()


def unique_photo(kind: str = "JPEG") -> bytes:
    """A photo no other test uploads, so its files cannot be in the media folder already."""
    image = Image.frombytes("RGB", (64, 48), os.urandom(64 * 48 * 3))
    buffer = io.BytesIO()
    image.save(buffer, kind)
    return buffer.getvalue()


def test_a_conflicting_save_with_a_photo_writes_no_file(
    app: Flask, demo: Demo, auth: Auth, client: FlaskClient
) -> None:
    card_id = demo.cards["veilig-werken"][1]
    auth.login("redacteur")
    stale = card_form(client, card_id)  # a colleague opened the same card
    first = card_form(client, card_id)
    first.update(body="Tekst van de eerste redacteur.")
    assert client.post(f"/editor/cards/{card_id}", data=first).status_code == 302
    before = media_files(app)
    stale.update(image_alt="Een werkschoen")
    stale["image"] = (io.BytesIO(unique_photo()), "schoen.jpg")
    response = client.post(
        f"/editor/cards/{card_id}", data=stale, content_type="multipart/form-data"
    )
    assert response.status_code == 409
    assert media_files(app) == before
    assert get(app, Card, card_id).image_path is None


def test_a_save_that_loses_the_race_in_the_database_writes_no_file(app: Flask, demo: Demo) -> None:
    """The colleague's save lands after the lock check, so only the flush notices."""
    card_id = demo.cards["veilig-werken"][0]
    before = media_files(app)
    with app.test_request_context():
        editor = db.session.scalar(select(User).where(User.username == "redacteur"))
        card = db.session.get(Card, card_id)
        lock = card.lock_version
        _colleague_saves(card_id)
        draft = CardDraft(
            title="Werkschoenen",
            body="",
            easy_body="",
            task_title="",
            task_instruction="",
            competence_ids=[],
            image_alt="Een werkschoen",
            upload=io.BytesIO(unique_photo()),
        )
        with pytest.raises(EditConflict):
            save_draft(editor, card, lock, draft)
        db.session.rollback()
    assert media_files(app) == before
    assert get(app, Card, card_id).title == "Werkschoenen en handschoenen"


def test_a_publish_that_loses_the_race_in_the_database_is_reported(app: Flask, demo: Demo) -> None:
    card_id = demo.cards["veilig-werken"][0]
    with app.test_request_context():
        editor = db.session.scalar(select(User).where(User.username == "redacteur"))
        card = db.session.get(Card, card_id)
        card.status = CardStatus.DRAFT
        db.session.flush()
        lock = card.lock_version
        _colleague_saves(card_id)
        result = publish_draft(editor, card, lock, confirmed=True)
        db.session.rollback()
    assert result.outcome is PublishOutcome.LOST_RACE
    assert get(app, Card, card_id).version == 1


def _colleague_saves(card_id: int) -> None:
    """Raise the card's lock version in the database behind the session's back."""
    db.session.execute(
        update(Card)
        .where(Card.id == card_id)
        .values(lock_version=Card.lock_version + 1)
        .execution_options(synchronize_session=False)
    )


def test_a_refused_import_writes_no_photo_and_an_accepted_one_does(
    app: Flask, demo: Demo, auth: Auth, client: FlaskClient
) -> None:
    auth.login("redacteur")
    card_id = demo.cards["veilig-werken"][0]
    assert upload(client, card_id, unique_photo(), "schoen.jpg").status_code == 302
    publish(auth, card_id)
    data = export(client, demo.packages["veilig-werken"])
    before = media_files(app)

    refused = import_file(auth, data)  # the package is here already
    assert refused.status_code == 400
    assert "Dit lespakket staat er al." in refused.get_data(as_text=True)
    assert media_files(app) == before

    assert import_file(auth, data, as_copy=True).status_code == 302
    with app.app_context():
        copy = db.session.scalar(
            select(Card)
            .where(Card.title == "Werkschoenen en handschoenen", Card.id != card_id)
            .order_by(Card.id.desc())
        )
        key = copy.image_path
    assert key
    assert {f"{key}-480.webp", f"{key}-960.webp"} <= media_files(app)


def test_an_import_refused_for_one_missing_photo_writes_the_others_neither(
    app: Flask, demo: Demo, auth: Auth
) -> None:
    auth.login("redacteur")
    document = json.loads(json.dumps(GOOD_PACKAGE))
    card = document["package"]["cards"][0]
    present, missing = "0123456789abcdef0123", "fedcba9876543210fedc"
    card.update(image=present, image_alt="Een werkschoen")
    document["package"]["cards"].append({**card, "title": "Tweede kaart", "image": missing})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("package.json", json.dumps(document))
        archive.writestr(f"media/{present}-960.webp", unique_photo("WEBP"))
    before = media_files(app)
    response = import_file(auth, buffer.getvalue())
    assert response.status_code == 400
    assert "De foto van kaart 2 ontbreekt in het bestand." in response.get_data(as_text=True)
    assert media_files(app) == before
