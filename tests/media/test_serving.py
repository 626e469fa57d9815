"""Card images kept in the database or a bucket work as they do in a folder: uploaded by the
editor, served to phones for a year, counted in the offline manifest, exported, and copied
between backends by ``flask media migrate``."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.extensions import db
from app.media import backend
from app.models import Card, MediaBlob
from tests.conftest import Auth
from tests.factories import Demo, get
from tests.helpers import card_form, export, jpeg_with_gps, publish, upload
from tests.media.conftest import use_backend


def blob_count(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(MediaBlob)) or 0


@pytest.fixture
def in_database(app: Flask, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Media in the database; the folder the app would otherwise use is returned, to show it stays
    empty."""
    folder = tmp_path / "unused-folder"
    monkeypatch.setitem(app.config, "MEDIA_FOLDER", str(folder))
    use_backend(app, monkeypatch, "database")
    return folder


def test_an_image_saved_in_the_database_is_served_for_a_year_and_counted_offline(
    app: Flask, demo: Demo, auth: Auth, client: FlaskClient, in_database: Path
) -> None:
    auth.login("redacteur")
    card_id = demo.cards["veilig-werken"][0]
    assert upload(client, card_id, jpeg_with_gps(), "foto.jpg").status_code == 302
    publish(auth, card_id)
    key = get(app, Card, card_id).image_path
    assert not in_database.exists()
    sizes = {}
    for width in (480, 960):
        name = f"{key}-{width}.webp"
        response = client.get(f"/media/{name}")
        assert response.status_code == 200
        assert response.mimetype == "image/webp"
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert response.headers["ETag"] == f'"{name}"'
        assert response.data[8:12] == b"WEBP"
        sizes[name] = len(response.data)
        again = client.get(f"/media/{name}", headers={"If-None-Match": f'"{name}"'})
        assert again.status_code == 304
        assert again.data == b""

    learner = app.test_client()
    Auth(learner).login("leerling1")
    manifest = learner.get("/api/v1/learner/content").get_json()
    card = next(c for p in manifest["packages"] for c in p["cards"] if c["id"] == card_id)
    assert card["image_bytes"] == sum(sizes.values())


def test_unknown_and_outside_names_are_not_found(
    app: Flask, client: FlaskClient, in_database: Path
) -> None:
    for path in ("/media/nothere-480.webp", "/media/../secret.webp", "/media/a%2F..%2Fb.webp"):
        assert client.get(path).status_code == 404, path
    # A cache's question about a name that is no media file at all is not answered "unchanged".
    assert client.get("/media/a%2F..%2Fb.webp", headers={"If-None-Match": "*"}).status_code == 404


def test_a_refused_save_leaves_no_image_in_the_database(
    app: Flask, demo: Demo, auth: Auth, client: FlaskClient, in_database: Path
) -> None:
    """A conflicting save is refused before its image is stored."""
    card_id = demo.cards["veilig-werken"][1]
    auth.login("redacteur")
    stale = card_form(client, card_id)
    first = card_form(client, card_id)
    first.update(body="Tekst van de eerste redacteur.")
    assert client.post(f"/editor/cards/{card_id}", data=first).status_code == 302
    stale.update(image_alt="Een werkschoen")
    stale["image"] = (io.BytesIO(jpeg_with_gps(300, 200)), "schoen.jpg")
    response = client.post(
        f"/editor/cards/{card_id}", data=stale, content_type="multipart/form-data"
    )
    assert response.status_code == 409
    assert blob_count(app) == 0


def test_images_in_the_database_are_kept_or_dropped_with_the_change_they_belong_to(
    app: Flask, demo: Demo, in_database: Path
) -> None:
    """Written in the card's transaction: whatever fails after the image was stored (a lost race
    at commit, an error) and rolls back takes the image back too. No orphaned files."""
    from app.content.images import prepare_upload

    with app.test_request_context():
        image = prepare_upload(io.BytesIO(jpeg_with_gps(300, 200)))
        card = db.session.get(Card, demo.cards["veilig-werken"][1])
        assert card is not None
        card.image_path = image.key
        image.save()
        db.session.flush()
        count = select(func.count()).select_from(MediaBlob)
        assert db.session.scalar(count) == 2
        db.session.rollback()
        assert db.session.scalar(count) == 0
        image.save()
        db.session.commit()
    assert blob_count(app) == 2


def test_an_export_carries_the_images_from_the_database(
    app: Flask, demo: Demo, auth: Auth, client: FlaskClient, in_database: Path
) -> None:
    auth.login("redacteur")
    card_id = demo.cards["veilig-werken"][0]
    upload(client, card_id, jpeg_with_gps(), "foto.jpg")
    publish(auth, card_id)
    key = get(app, Card, card_id).image_path
    package_id = demo.packages["veilig-werken"]
    with zipfile.ZipFile(io.BytesIO(export(client, package_id))) as archive:
        names = set(archive.namelist())
    assert {f"media/{key}-480.webp", f"media/{key}-960.webp"} <= names


def test_media_migrate_copies_every_file_once_and_can_run_again(
    app: Flask, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, s3_config: dict[str, str]
) -> None:
    monkeypatch.setitem(app.config, "MEDIA_FOLDER", str(tmp_path / "media"))
    with app.app_context():
        folder = backend("folder")
        for number in range(60):  # more than one batch of 50
            folder.put(f"image{number:02d}-480.webp", b"x" * number)
    runner = app.test_cli_runner()

    first = runner.invoke(args=["media", "migrate", "--from", "folder", "--to", "database"])
    assert first.exit_code == 0, first.output
    assert "60 files copied from folder to database, 0 were there already." in first.output
    second = runner.invoke(args=["media", "migrate", "--from", "folder", "--to", "database"])
    assert "0 files copied from folder to database, 60 were there already." in second.output
    onward = runner.invoke(args=["media", "migrate", "--from", "database", "--to", "s3"])
    assert "60 files copied from database to s3" in onward.output

    with app.app_context():
        bucket = backend("s3")
        assert len(list(bucket.names())) == 60
        assert bucket.get("image42-480.webp") == b"x" * 42
        assert backend("database").sizes(["image07-480.webp"]) == {"image07-480.webp": 7}


def test_media_migrate_refuses_a_backend_to_itself(app: Flask) -> None:
    result = app.test_cli_runner().invoke(
        args=["media", "migrate", "--from", "folder", "--to", "folder"]
    )
    assert result.exit_code != 0
    assert "the same backend" in result.output
