"""Storing a learner's evidence photos once, and showing them only to whom may see them."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select

from app.content.images import ImageError
from app.database import grouped_by, insert_or_skip
from app.extensions import db
from app.media import media_storage
from app.models import EvidencePhoto, TaskCompletion, User
from app.permissions import can_see_learner
from app.photos.processing import LONGEST_SIDE, file_name, prepare_photo


class PhotoRefused(Exception):
    """An upload the server does not store: an HTTP status, the error shape's ``message``, a
    description, and messages per field for invalid input."""

    def __init__(
        self, status: int, message: str, description: str, errors: dict[str, Any] | None = None
    ) -> None:
        super().__init__(description)
        self.status, self.message, self.description, self.errors = (
            status,
            message,
            description,
            errors,
        )


@dataclass(frozen=True)
class StoredPhoto:
    photo: EvidencePhoto
    duplicate: bool  # this upload had been stored before (a retry after a lost answer)


def _invalid(field: str, text: str) -> PhotoRefused:
    return PhotoRefused(400, "validation", "The photo cannot be stored.", {field: [text]})


def _at(completion_id: int, number: int) -> EvidencePhoto | None:
    return db.session.scalar(
        select(EvidencePhoto).where(
            EvidencePhoto.completion_id == completion_id, EvidencePhoto.number == number
        )
    )


def _same_upload(photo: EvidencePhoto, sha256: str, created: bool) -> StoredPhoto:
    if photo.upload_sha256 != sha256:
        raise PhotoRefused(
            409,
            "conflict",
            f"Photo {photo.number} of this task is stored already, with other bytes.",
        )
    return StoredPhoto(photo, duplicate=not created)


def _own_task(learner: User, client_id: str) -> TaskCompletion | None:
    try:
        canonical = str(uuid.UUID(client_id))  # as the sync stored it
    except ValueError:
        return None
    return db.session.scalar(
        select(TaskCompletion).where(
            TaskCompletion.learner_id == learner.id, TaskCompletion.client_id == canonical
        )
    )


def store_photo(
    learner: User, client_id: str, number: int, data: bytes, sha256: str
) -> StoredPhoto:
    """Store photo ``number`` of the learner's task ``client_id`` once (the caller commits).

    The same bytes again are a duplicate, whoever sends them first (two tabs, a retry after a
    lost answer); other bytes for a number already stored are refused with 409, never replace
    the photo a supervisor may have seen.
    """
    sha256 = sha256.strip().lower()
    if not 1 <= number <= EvidencePhoto.MAX_PHOTOS:
        raise _invalid("number", f"A task has photos 1 to {EvidencePhoto.MAX_PHOTOS}.")
    if hashlib.sha256(data).hexdigest() != sha256:
        raise _invalid("sha256", "Does not match the body: the upload was cut off or changed.")
    completion = _own_task(learner, client_id)
    if completion is None:
        raise PhotoRefused(
            404, "not_found", "No task of yours with this id: send the task itself first."
        )
    stored = _at(completion.id, number)
    if stored is not None:
        return _same_upload(stored, sha256, created=False)
    try:
        prepared = prepare_photo(data, owner=completion.client_id)
    except ImageError as error:
        raise _invalid("photo", str(error)) from None
    storage = media_storage()
    for name, encoded in prepared.files.items():
        storage.put(name, encoded)
    inserted = db.session.execute(
        insert_or_skip(EvidencePhoto, ["completion_id", "number"]).values(
            completion_id=completion.id,
            number=number,
            upload_sha256=sha256,
            media_key=prepared.key,
            width=prepared.width,
            height=prepared.height,
            byte_size=prepared.full_size,
        )
    )
    photo = _at(completion.id, number)
    assert photo is not None  # inserted now, or by a request that got there first
    if photo.media_key != prepared.key:
        # Another upload of this number got there first, with other bytes: ours are nobody's.
        storage.delete(prepared.files)
    return _same_upload(photo, sha256, created=bool(getattr(inserted, "rowcount", 0)))


def photo_for(viewer: User, photo_id: int) -> EvidencePhoto | None:
    """The photo when ``viewer`` may see its learner (the learner, a supervisor of the same
    organisation, an admin), else None: the route answers 404 either way, so nobody learns
    which photo ids exist."""
    photo = db.session.get(EvidencePhoto, photo_id)
    if photo is None or not can_see_learner(viewer, photo.completion.learner):
        return None
    return photo


def photo_bytes(photo: EvidencePhoto, size: str) -> bytes | None:
    if size not in LONGEST_SIDE:
        return None
    return media_storage().get(file_name(photo.media_key, size))


def photos_of(completion_ids: Iterable[int]) -> dict[int, list[EvidencePhoto]]:
    """Per task, its photos by number: one query for a page of tasks."""
    ids = list(completion_ids)
    if not ids:
        return {}
    rows = db.session.scalars(
        select(EvidencePhoto)
        .where(EvidencePhoto.completion_id.in_(ids))
        .order_by(EvidencePhoto.completion_id, EvidencePhoto.number)
    )
    return grouped_by(rows, lambda photo: photo.completion_id)


def erase_photos(learner: User) -> None:
    """Delete the learner's photos, files and rows (erasure): a photo may show a face or a
    workplace, unlike the task's other fields, which are kept without the note."""
    photos = db.session.scalars(
        select(EvidencePhoto)
        .join(TaskCompletion, TaskCompletion.id == EvidencePhoto.completion_id)
        .where(TaskCompletion.learner_id == learner.id)
    ).all()
    if not photos:
        return
    media_storage().delete(
        file_name(photo.media_key, size) for photo in photos for size in LONGEST_SIDE
    )
    db.session.execute(
        delete(EvidencePhoto).where(EvidencePhoto.id.in_([photo.id for photo in photos]))
    )
