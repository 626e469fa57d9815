"""Uploaded files (card images, later photo evidence) in storage every app server can reach.

One small interface, ``MediaStorage``, with three backends chosen by ``MEDIA_STORAGE``:

- ``folder`` (default): a folder on this machine (``MEDIA_FOLDER``), for ``make run`` and one server;
- ``database``: rows in the app's own database (PostgreSQL in production), so several servers share
  files without any extra service; fine for the few hundred MB of card images a deployment has;
- ``s3``: an S3-compatible bucket through boto3, for large deployments (``MEDIA_S3_BUCKET``, with
  ``MEDIA_S3_ENDPOINT_URL`` and ``MEDIA_S3_PREFIX``; credentials the usual boto3 way).

Files are written under names that contain a hash of their content and never change afterwards,
which is what lets ``/media/`` answer with a year of immutable caching. ``flask --app wsgi media
migrate`` copies every file from one backend to another (README "Running at scale").
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import current_app

from app.media.storage import MediaStorage, UnknownMediaStorage, media_type, valid_name

BACKENDS = ("folder", "database", "s3")

__all__ = [
    "BACKENDS",
    "MediaStorage",
    "UnknownMediaStorage",
    "backend",
    "check_config",
    "media_storage",
    "stored_sizes",
    "media_type",
    "valid_name",
]


def backend(kind: str) -> MediaStorage:
    """A backend by name, configured from the current app; for the app and for ``media migrate``."""
    config = current_app.config
    if kind == "folder":
        from app.media.folder import FolderStorage

        return FolderStorage(config.get("MEDIA_FOLDER") or f"{current_app.instance_path}/media")
    if kind == "database":
        from app.media.database import DatabaseStorage

        return DatabaseStorage()
    if kind == "s3":
        from app.media.s3 import S3Storage

        return S3Storage(
            bucket=config.get("MEDIA_S3_BUCKET") or "",
            prefix=config.get("MEDIA_S3_PREFIX") or "",
            endpoint_url=config.get("MEDIA_S3_ENDPOINT_URL") or None,
        )
    raise UnknownMediaStorage(kind)


def check_config(config: Mapping[str, Any]) -> None:
    """Refuse to start with a backend that cannot work, rather than fail on the first image:
    an unknown ``MEDIA_STORAGE``, or s3 without a bucket."""
    kind = config.get("MEDIA_STORAGE") or "folder"
    if kind not in BACKENDS:
        raise UnknownMediaStorage(kind)
    if kind == "s3" and not config.get("MEDIA_S3_BUCKET"):
        raise ValueError("MEDIA_STORAGE=s3 needs MEDIA_S3_BUCKET")


def stored_sizes(names: list[str]) -> dict[str, int]:
    """Bytes per stored file, remembered per app: a name's content never changes, so a size once
    seen stays true. Names not (yet) stored are asked again next time."""
    known: dict[str, int] = current_app.extensions.setdefault("leerplek_media_sizes", {})
    missing = [name for name in names if name not in known]
    if missing:
        known.update(media_storage().sizes(missing))
    return {name: known[name] for name in names if name in known}


def media_storage() -> MediaStorage:
    """The backend this app stores files in, made once per app (a boto3 client is not free)."""
    storage = current_app.extensions.get("leerplek_media")
    if storage is None:
        storage = backend(current_app.config.get("MEDIA_STORAGE") or "folder")
        current_app.extensions["leerplek_media"] = storage
    return storage
