"""Media as rows of the app's own database: shared by every server, no extra service to run.

A file is written in the caller's transaction, so a card saved with a new image and the image
itself are committed together, or neither is (a refused edit leaves no file behind).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from sqlalchemy import delete, select

from app.database import insert_or_skip
from app.extensions import db
from app.media.storage import media_type, valid_name
from app.models import MediaBlob


class DatabaseStorage:
    kind = "database"

    def put(self, name: str, data: bytes) -> None:
        if not valid_name(name):
            raise ValueError(f"not a media file name: {name!r}")
        row = {"name": name, "content_type": media_type(name), "size": len(data), "data": data}
        db.session.execute(insert_or_skip(MediaBlob, ["name"]).values(row))

    def get(self, name: str) -> bytes | None:
        if not valid_name(name):
            return None
        return db.session.scalar(select(MediaBlob.data).where(MediaBlob.name == name))

    def sizes(self, names: Iterable[str]) -> dict[str, int]:
        wanted = [name for name in set(names) if valid_name(name)]
        if not wanted:
            return {}
        rows = db.session.execute(
            select(MediaBlob.name, MediaBlob.size).where(MediaBlob.name.in_(wanted))
        )
        return {row.name: row.size for row in rows}

    def delete(self, names: Iterable[str]) -> None:
        """In the caller's transaction, like ``put``."""
        wanted = [name for name in set(names) if valid_name(name)]
        if wanted:
            db.session.execute(delete(MediaBlob).where(MediaBlob.name.in_(wanted)))

    def names(self) -> Iterator[str]:
        yield from db.session.scalars(select(MediaBlob.name).order_by(MediaBlob.name))
