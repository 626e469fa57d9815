"""The interface every media backend offers, and the rules for file names they all share."""

from __future__ import annotations

import mimetypes
import re
from collections.abc import Iterable, Iterator
from typing import Protocol

# Names the app makes: "<hash>-480.webp". Nothing with a slash, "..", or a leading dot passes, so
# a name can never leave the folder or pick another key in a bucket.
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,100}\.[a-z0-9]{1,8}")


class UnknownMediaStorage(ValueError):
    """MEDIA_STORAGE names no backend."""

    def __init__(self, kind: str) -> None:
        super().__init__(f"MEDIA_STORAGE={kind!r}: use folder, database or s3")


def valid_name(name: str) -> bool:
    return _NAME.fullmatch(name) is not None


def media_type(name: str) -> str:
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


class MediaStorage(Protocol):
    """Write-once files by name. ``put`` of a name that exists keeps the stored file: names carry
    a hash of their content, so the bytes are the same."""

    kind: str

    def put(self, name: str, data: bytes) -> None: ...

    def get(self, name: str) -> bytes | None:
        """The file's bytes, or None when there is no such file."""
        ...

    def sizes(self, names: Iterable[str]) -> dict[str, int]:
        """Bytes per stored name; names not stored are left out. One round trip where possible:
        the offline manifest asks for every image of a learner's packages at once."""
        ...

    def names(self) -> Iterator[str]:
        """Every stored name, for copying to another backend."""
        ...

    def delete(self, names: Iterable[str]) -> None:
        """Remove files for good; names not stored are fine. Only evidence photos are ever
        deleted (erasing a learner): card images stay, an old card version may show them."""
        ...
