"""Every media backend keeps files the same way: by name, write-once, nothing outside its place."""

from __future__ import annotations

import re

import pytest
from flask import Flask

from app import create_app
from app.extensions import db
from app.media import MediaStorage
from tests.conftest import TestConfig


def test_a_stored_file_comes_back_with_its_size_and_name(app: Flask, storage: MediaStorage) -> None:
    with app.app_context():
        storage.put("abc123-480.webp", b"small")
        storage.put("abc123-960.webp", b"a bigger one")
        db.session.flush()
        assert storage.get("abc123-480.webp") == b"small"
        assert storage.get("abc123-960.webp") == b"a bigger one"
        assert storage.get("nothere-480.webp") is None
        assert storage.sizes(["abc123-480.webp", "abc123-960.webp", "nothere-480.webp"]) == {
            "abc123-480.webp": 5,
            "abc123-960.webp": 12,
        }
        assert list(storage.names()) == ["abc123-480.webp", "abc123-960.webp"]


def test_storing_a_name_twice_keeps_one_file(app: Flask, storage: MediaStorage) -> None:
    """Two servers saving the same image at once both succeed: names carry the content's hash."""
    with app.app_context():
        storage.put("same-480.webp", b"bytes")
        storage.put("same-480.webp", b"bytes")
        db.session.flush()
        assert list(storage.names()) == ["same-480.webp"]


@pytest.mark.parametrize(
    "name", ["../secret.webp", "a/b.webp", ".hidden.webp", "no-extension", "x.webp/..", ""]
)
def test_a_name_cannot_reach_outside_the_storage(
    app: Flask, storage: MediaStorage, name: str
) -> None:
    with app.app_context():
        with pytest.raises(ValueError, match="not a media file name"):
            storage.put(name, b"data")
        assert storage.get(name) is None
        assert storage.sizes([name]) == {}


def test_deleted_files_are_gone_and_the_rest_stays(app: Flask, storage: MediaStorage) -> None:
    """Erasing a learner deletes their photos; an unknown or invalid name is no error."""
    with app.app_context():
        for name in ("photo-a-full.webp", "photo-a-thumb.webp", "card-480.webp"):
            storage.put(name, b"bytes")
        db.session.flush()
        storage.delete(["photo-a-full.webp", "photo-a-thumb.webp", "nothere.webp", "../x.webp"])
        db.session.flush()
        assert storage.get("photo-a-full.webp") is None
        assert list(storage.names()) == ["card-480.webp"]


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"MEDIA_STORAGE": "ftp"}, "MEDIA_STORAGE='ftp': use folder, database or s3"),
        ({"MEDIA_STORAGE": "s3", "MEDIA_S3_BUCKET": ""}, "MEDIA_STORAGE=s3 needs MEDIA_S3_BUCKET"),
    ],
)
def test_the_app_refuses_to_start_with_a_media_backend_that_cannot_work(
    settings: dict[str, str], message: str
) -> None:
    """Found at start-up, not on the first image a teacher uploads."""
    with pytest.raises(ValueError, match=re.escape(message)):
        create_app(TestConfig, **settings)
