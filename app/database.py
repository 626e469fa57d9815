"""Database connection settings that SQLAlchemy cannot express in a URL."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from sqlalchemy import event
from sqlalchemy.engine import Engine

T = TypeVar("T")

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


def insert_or_skip(model: Any, index_elements: list[str]) -> Any:
    """An INSERT that skips rows whose key exists already (ON CONFLICT DO NOTHING).

    Both databases spell it the same, but SQLAlchemy builds it from a dialect's own ``insert``.
    Two servers storing the same row at once then both succeed instead of one failing.
    """
    from sqlalchemy.dialects.postgresql import insert as postgresql_insert
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    from app.extensions import db

    insert = postgresql_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
    return insert(model).on_conflict_do_nothing(index_elements=index_elements)


def grouped_by(rows: Iterable[T], key: Callable[[T], int]) -> dict[int, list[T]]:
    """Rows of one query per id (a task, a learner), in the query's order; a missing id reads
    as no rows. For pages that show a few things per row of a list without a query per row."""
    grouped: dict[int, list[T]] = defaultdict(list)
    for row in rows:
        grouped[key(row)].append(row)
    return grouped
