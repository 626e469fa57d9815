"""Helpers that several test modules share: filling in the editor's forms, sharing packages as
zip files, and reading what the sync API stored. Fixtures live in ``conftest.py`` and
``factories.py``; helpers for the browser tests in ``tests/browser/fixtures.py``."""

from __future__ import annotations

import io
import json
import os
import re
import socket
import zipfile
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from PIL import Image
from sqlalchemy import func, select
from werkzeug.test import TestResponse

from app.extensions import db
from app.models import LessonPackage, TaskCompletion
from tests.conftest import Auth


def card_form(client: FlaskClient, card_id: int) -> dict[str, str | list[str]]:
    """The card editor's form as the browser would send it back unchanged."""
    page = client.get(f"/editor/cards/{card_id}").get_data(as_text=True)

    def field(name: str) -> str:
        return _found(rf'name="{name}"[^>]*value="([^"]*)"', page)

    def area(name: str) -> str:
        return _found(rf'name="{name}"[^>]*>\s*([^<]*)</textarea>', page).strip()

    return {
        "csrf_token": field("csrf_token"),
        "lock_version": field("lock_version"),
        "title": field("title"),
        "body": area("body"),
        "easy_body": area("easy_body"),
        "task_title": field("task_title"),
        "task_instruction": area("task_instruction"),
        "competences": re.findall(r'name="competences"[^>]*value="(\d+)"[^>]*checked', page)
        or re.findall(r'checked[^>]*name="competences"[^>]*value="(\d+)"', page),
    }


def _found(pattern: str, page: str) -> str:
    match = re.search(pattern, page)
    assert match, f"no match for {pattern} on the page"
    return match.group(1)


def lock_version_on_page(client: FlaskClient, card_id: int) -> str:
    page = client.get(f"/editor/cards/{card_id}").get_data(as_text=True)
    return _found(r'name="lock_version"[^>]*value="(\d+)"', page)


def publish(auth: Auth, card_id: int, lock: str | None = None, **extra: str) -> TestResponse:
    """Press "Publiceren" on the card page (opened now, or earlier when ``lock`` is given)."""
    url = f"/editor/cards/{card_id}"
    lock = lock or lock_version_on_page(auth.client, card_id)
    return auth.post(
        f"{url}/publish", {"lock_version": lock, **extra}, page=url, follow_redirects=True
    )


def jpeg_with_gps(width: int = 2000, height: int = 1500) -> bytes:
    """A phone photo: large, with the maker and the place it was taken in its metadata."""
    image = Image.new("RGB", (width, height), (200, 120, 40))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (52.0, 22.0, 0.0), 3: "E", 4: (4.0, 54.0, 0.0)}  # GPS: Amsterdam
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def upload(
    client: FlaskClient, card_id: int, data: bytes, name: str, alt: str = "Een werkschoen"
) -> TestResponse:
    """Save the card with a new photo, the rest of its form unchanged."""
    form: dict[str, Any] = card_form(client, card_id)
    form.update(image_alt=alt)
    form["image"] = (io.BytesIO(data), name)
    return client.post(f"/editor/cards/{card_id}", data=form, content_type="multipart/form-data")


def export(client: FlaskClient, package_id: int) -> bytes:
    """Download a package as a zip, the way an editor shares it."""
    response = client.get(f"/editor/packages/{package_id}/export")
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    return response.data


def import_file(
    auth: Auth, data: bytes, as_copy: bool = False, name: str = "pakket.zip"
) -> TestResponse:
    token = auth.csrf("/editor/import")
    form: dict[str, Any] = {"csrf_token": token, "file": (io.BytesIO(data), name)}
    if as_copy:
        form["as_copy"] = "y"
    return auth.client.post("/editor/import", data=form, content_type="multipart/form-data")


def package_count(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(LessonPackage)) or 0


# The smallest package.json an import accepts: one card with one task and one competence.
GOOD_PACKAGE: dict[str, Any] = {
    "format": "leerplek-package",
    "version": 1,
    "package": {
        "slug": "nieuw-pakket",
        "title": "Nieuw pakket",
        "competences": [{"key": "c1", "name": "Iets kunnen"}],
        "cards": [
            {
                "title": "Kaart",
                "body": "Tekst.",
                "easy_body": "Tekst.",
                "task": {"title": "Doe", "competences": ["c1"]},
            }
        ],
    },
}


def good_package_with(path: str, value: object) -> dict[str, Any]:
    """``GOOD_PACKAGE`` with one field changed; ``path`` is dotted, list indexes as numbers."""
    document: dict[str, Any] = json.loads(json.dumps(GOOD_PACKAGE))
    target: Any = document
    *parents, last = path.split(".")
    for part in parents:
        target = target[int(part)] if part.isdigit() else target[part]
    target[last] = value
    return document


def package_zip(
    document: object | None = None, raw: bytes | None = None, extra: dict[str, bytes] | None = None
) -> bytes:
    """A zip with ``document`` (or ``raw`` bytes) as its package.json, plus ``extra`` files."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if raw is not None:
            archive.writestr("package.json", raw)
        elif document is not None:
            archive.writestr("package.json", json.dumps(document))
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return buffer.getvalue()


def stored_completions(app: Flask) -> list[TaskCompletion]:
    """Every completion the sync API stored, oldest first, detached."""
    with app.app_context():
        rows = list(db.session.scalars(select(TaskCompletion).order_by(TaskCompletion.id)))
        db.session.expunge_all()
        return rows


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on, for a server a test starts."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


REDIS = ("127.0.0.1", 6379)


def require_redis() -> None:
    """Skip without Redis on 127.0.0.1:6379; fail instead where .ci/run promised one
    (``LEERPLEK_REQUIRE_REDIS``), so CI never skips a test of shared counters quietly."""
    try:
        with socket.create_connection(REDIS, timeout=1):
            return
    except OSError:
        pass
    if os.environ.get("LEERPLEK_REQUIRE_REDIS"):
        pytest.fail("no Redis on 127.0.0.1:6379")
    pytest.skip("no Redis on 127.0.0.1:6379 (.ci/run starts one)")


def add_extra_learners(app: Flask, count: int, organisation: str = "Kringloop De Omslag") -> None:
    """``count`` more learners, "Zz Extra 00" on, sorted after the demo learners by name: for
    lists that page. They cannot log in (no password)."""
    from app.models import Organisation, Role, User

    with app.app_context():
        found = db.session.scalar(select(Organisation).where(Organisation.name == organisation))
        for number in range(count):
            db.session.add(
                User(
                    username=f"extra{number:02d}",
                    display_name=f"Zz Extra {number:02d}",
                    role=Role.LEARNER,
                    organisation=found,
                    password_hash="not-used",
                )
            )
        db.session.commit()
