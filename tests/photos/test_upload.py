"""A learner's photos of a completed task: checked, cleaned, stored once, and shown only to whom
may see the learner."""

from __future__ import annotations

import hashlib
import io
import json
import uuid
import zipfile
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from PIL import Image
from sqlalchemy import func, select

from app.extensions import db
from app.media import media_storage
from app.models import EvidencePhoto, User
from app.photos.processing import file_name
from app.privacy.erasure import erase_person
from app.privacy.export import export_zip
from tests.api.conftest import LearnerApi, completion
from tests.conftest import Auth
from tests.factories import Demo

GPS_TAG = 0x8825


def phone_photo(size: tuple[int, int] = (2400, 1800), colour: str = "orange") -> bytes:
    """A JPEG as a phone camera makes it: large, with a GPS position and a maker in its EXIF."""
    image = Image.new("RGB", size, colour)
    exif = Image.Exif()
    exif[0x010F] = "Telefoonmerk"  # Make
    exif[GPS_TAG] = {1: "N", 2: (52.0, 22.0, 0.0)}
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, quality=90)
    return buffer.getvalue()


class PhotoPhone(LearnerApi):
    def synced_task(self) -> str:
        item = completion(self.demo.tasks["veilig-werken"][0])
        assert self.sync({"completions": [item]}).status_code == 200
        return str(item["id"])

    def upload(
        self, client_id: str, number: int, data: bytes, sha256: str | None = None, **kwargs: Any
    ):
        headers = {
            "X-CSRFToken": self.token(),
            "X-Content-SHA256": hashlib.sha256(data).hexdigest() if sha256 is None else sha256,
            "Content-Type": "image/jpeg",
            **kwargs.pop("headers", {}),
        }
        return self.client.put(
            f"/api/v1/completions/{client_id}/photos/{number}", data=data, headers=headers, **kwargs
        )


@pytest.fixture
def phone(demo: Demo, client: FlaskClient, auth: Auth) -> PhotoPhone:
    auth.login("leerling1")
    return PhotoPhone(client, demo)


def stored_photos(app: Flask) -> list[EvidencePhoto]:
    with app.app_context():
        return list(db.session.scalars(select(EvidencePhoto).order_by(EvidencePhoto.id)))


def test_a_photo_is_stored_once_smaller_and_without_its_metadata(
    app: Flask, phone: PhotoPhone
) -> None:
    task = phone.synced_task()
    data = phone_photo()
    first = phone.upload(task, 1, data)
    assert first.status_code == 201, first.get_json()
    answer = first.get_json()
    assert answer["status"] == "stored"
    assert (answer["number"], answer["width"], answer["height"]) == (1, 1600, 1200)

    again = phone.upload(task, 1, data)  # the answer got lost: the phone sends it again
    assert again.status_code == 200
    assert again.get_json() == {**answer, "status": "duplicate"}

    [photo] = stored_photos(app)
    with app.app_context():
        full = media_storage().get(file_name(photo.media_key, "full"))
        thumb = media_storage().get(file_name(photo.media_key, "thumb"))
    assert full is not None
    assert thumb is not None
    with Image.open(io.BytesIO(full)) as image:
        assert image.format == "WEBP"
        assert image.size == (1600, 1200)
        assert not image.getexif()
        assert "exif" not in image.info
    with Image.open(io.BytesIO(thumb)) as image:
        assert max(image.size) == 320

    shown = phone.client.get(f"/api/v1/photos/{answer['id']}")
    assert shown.status_code == 200
    assert shown.mimetype == "image/webp"
    assert shown.data == full
    assert "no-store" in shown.headers["Cache-Control"]
    assert phone.client.get(f"/api/v1/photos/{answer['id']}?size=thumb").data == thumb
    assert phone.client.get(f"/api/v1/photos/{answer['id']}?size=huge").status_code == 404


def test_photos_never_come_from_the_public_media_route(app: Flask, phone: PhotoPhone) -> None:
    task = phone.synced_task()
    assert phone.upload(task, 1, phone_photo()).status_code == 201
    [photo] = stored_photos(app)
    for size in ("full", "thumb"):
        assert phone.client.get(f"/media/{file_name(photo.media_key, size)}").status_code == 404


def test_other_bytes_for_a_stored_number_are_refused_and_the_first_photo_stays(
    app: Flask, phone: PhotoPhone
) -> None:
    task = phone.synced_task()
    assert phone.upload(task, 1, phone_photo(colour="orange")).status_code == 201
    other = phone.upload(task, 1, phone_photo(colour="blue"))
    assert other.status_code == 409
    assert other.get_json()["message"] == "conflict"
    assert phone.upload(task, 2, phone_photo(colour="blue")).status_code == 201
    assert [photo.number for photo in stored_photos(app)] == [1, 2]


@pytest.mark.parametrize(
    ("number", "body", "sha256", "field"),
    [
        (4, None, None, "number"),
        (0, None, None, "number"),
        (1, None, "0" * 64, "sha256"),
        (1, None, "", "sha256"),
        (1, b"%PDF-1.4 not a photo", None, "photo"),
        (1, b"", None, "photo"),
    ],
)
def test_a_bad_upload_gets_a_message_for_its_field(
    app: Flask,
    phone: PhotoPhone,
    number: int,
    body: bytes | None,
    sha256: str | None,
    field: str,
) -> None:
    task = phone.synced_task()
    answer = phone.upload(task, number, phone_photo() if body is None else body, sha256)
    assert answer.status_code == 400
    assert answer.get_json()["message"] == "validation"
    assert list(answer.get_json()["errors"]) == [field]
    assert stored_photos(app) == []


def test_a_picture_with_too_many_pixels_is_refused_before_it_is_decoded(
    phone: PhotoPhone,
) -> None:
    buffer = io.BytesIO()
    Image.new("L", (9000, 9000)).save(buffer, "PNG")  # 81 million pixels, a few hundred KB
    answer = phone.upload(phone.synced_task(), 1, buffer.getvalue())
    assert answer.status_code == 400
    assert "te veel pixels" in answer.get_json()["errors"]["photo"][0]


def test_a_photo_needs_the_learners_own_task_a_session_and_a_csrf_token(
    app: Flask, demo: Demo, phone: PhotoPhone, client: FlaskClient, auth: Auth
) -> None:
    task = phone.synced_task()
    data = phone_photo()
    assert phone.upload(str(uuid.uuid4()), 1, data).status_code == 404  # not synced (yet)
    assert phone.upload("not-a-task\x00", 1, data).status_code == 400  # app/input_safety.py
    assert phone.upload("x" * 5000, 1, data).status_code == 404
    no_token = client.put(
        f"/api/v1/completions/{task}/photos/1",
        data=data,
        headers={"X-Content-SHA256": hashlib.sha256(data).hexdigest()},
    )
    assert no_token.status_code == 400
    assert no_token.get_json()["message"] == "csrf"

    auth.logout()
    auth.login("leerling2")  # same organisation, another learner
    other = PhotoPhone(client, demo)
    assert other.upload(task, 1, data).status_code == 404
    auth.logout()
    anonymous = client.put(f"/api/v1/completions/{task}/photos/1", data=data)
    assert anonymous.status_code == 401
    assert stored_photos(app) == []


@pytest.mark.parametrize(
    ("viewer", "status"),
    [
        ("leerling1", 200),  # the learner who took it
        ("begeleider1", 200),  # a supervisor of the learner's organisation
        ("beheer", 200),  # an admin
        ("leerling2", 404),  # another learner of the same organisation
        ("begeleider2", 404),  # a supervisor of another organisation
        ("redacteur", 404),  # a content editor
        (None, 401),  # not logged in
    ],
)
def test_who_may_see_a_photo(
    app: Flask, demo: Demo, phone: PhotoPhone, client: FlaskClient, auth: Auth, viewer, status
) -> None:
    photo_id = phone.upload(phone.synced_task(), 1, phone_photo()).get_json()["id"]
    auth.logout()
    if viewer:
        auth.login(viewer)
    for size in ("full", "thumb"):
        assert client.get(f"/api/v1/photos/{photo_id}?size={size}").status_code == status
    assert client.get(f"/api/v1/photos/{photo_id + 1000}").status_code == (
        401 if not viewer else 404
    )


def test_erasing_a_learner_deletes_their_photos(app: Flask, demo: Demo, phone: PhotoPhone) -> None:
    task = phone.synced_task()
    assert phone.upload(task, 1, phone_photo()).status_code == 201
    [photo] = stored_photos(app)
    with app.app_context():
        erase_person(db.session.get(User, demo.users["leerling1"]), actor=None)
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(EvidencePhoto)) == 0
        assert media_storage().get(file_name(photo.media_key, "full")) is None


def test_the_learners_data_export_holds_their_photos(
    app: Flask, demo: Demo, phone: PhotoPhone
) -> None:
    task = phone.synced_task()
    assert phone.upload(task, 1, phone_photo()).status_code == 201
    with app.app_context():
        learner = db.session.get(User, demo.users["leerling1"])
        archive = zipfile.ZipFile(io.BytesIO(export_zip(learner, learner)))
        [done] = json.loads(archive.read("gegevens.json"))["gedane_taken"]
        db.session.rollback()
    [name] = done["fotos"]
    with Image.open(io.BytesIO(archive.read(name))) as image:
        assert image.size == (1600, 1200)


def test_the_overview_offers_the_photos_per_competence_and_the_csv_names_them(
    app: Flask, demo: Demo, phone: PhotoPhone, client: FlaskClient, auth: Auth
) -> None:
    task = phone.synced_task()
    photo_id = phone.upload(task, 1, phone_photo()).get_json()["id"]
    auth.logout()
    auth.login("begeleider1")
    overview = client.get(f"/supervisor/learners/{demo.users['leerling1']}/overview")
    html = overview.get_data(as_text=True)
    assert "Foto's als bewijs" in html
    assert html.count(f'src="/api/v1/photos/{photo_id}"') >= 1  # under each competence it trains
    assert "Op de print" in html
    rows = [
        line.split(";")
        for line in client.get(f"/supervisor/learners/{demo.users['leerling1']}/export.csv")
        .get_data(as_text=True)
        .splitlines()
    ]
    assert rows[0][-1] == "Foto's"
    assert [row[-1] for row in rows if row[0] == "Taak gedaan"] == [f"/api/v1/photos/{photo_id}"]
