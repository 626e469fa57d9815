"""Uploaded files kept in the database, for servers that share nothing but PostgreSQL.

One row per stored file, named by the content hash the file name carries (``<hash>-480.webp``).
Files never change under a name, so a row is written once and only ever read afterwards.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import Model
from app.models.types import UTCDateTime, utcnow


class MediaBlob(Model):
    __tablename__ = "media_blob"

    name: Mapped[str] = mapped_column(String(120), primary_key=True)
    content_type: Mapped[str] = mapped_column(String(60))
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
