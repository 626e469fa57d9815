"""Database connection settings that SQLAlchemy cannot express in a URL."""

from __future__ import annotations

import sqlite3
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

_registered = False


def _set_sqlite_pragmas(dbapi_connection: Any, connection_record: Any) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    # WAL lets the pages read while a sync writes; foreign keys are off by default in SQLite.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def register_sqlite_pragmas() -> None:
    global _registered
    if not _registered:
        event.listen(Engine, "connect", _set_sqlite_pragmas)
        _registered = True
