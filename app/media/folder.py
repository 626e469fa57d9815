"""Media in a folder on this machine: for ``make run``, tests and single-server installs."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from app.media.storage import valid_name


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


class FolderStorage:
    kind = "folder"

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)

    def _path(self, name: str) -> Path | None:
        return self.folder / name if valid_name(name) else None

    def put(self, name: str, data: bytes) -> None:
        path = self._path(name)
        if path is None:
            raise ValueError(f"not a media file name: {name!r}")
        self.folder.mkdir(parents=True, exist_ok=True)
        # Written aside and renamed: another worker reading the name never sees half a file.
        handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".upload-")
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.chmod(temporary, 0o666 & ~_umask())  # as a plain write would: mkstemp makes 0600
        os.replace(temporary, path)

    def get(self, name: str) -> bytes | None:
        path = self._path(name)
        if path is None or not path.is_file():
            return None
        return path.read_bytes()

    def sizes(self, names: Iterable[str]) -> dict[str, int]:
        found = {}
        for name in names:
            path = self._path(name)
            if path is not None and path.is_file():
                found[name] = path.stat().st_size
        return found

    def delete(self, names: Iterable[str]) -> None:
        for name in names:
            path = self._path(name)
            if path is not None:
                path.unlink(missing_ok=True)

    def names(self) -> Iterator[str]:
        if self.folder.is_dir():
            for path in sorted(self.folder.iterdir()):
                if path.is_file() and valid_name(path.name):
                    yield path.name
