"""Counted figures kept for ``EVALUATION_CACHE_MINUTES`` (default 30), shared by every server.

Why: at national size (``make bench-scale``: twelve weeks hold 450,000 tasks) counting the
overview takes over a second and a package's page about 0.1 s, where the pages' goal is 50 ms.
Figures counted ahead per day or per week would be fast, but the numbers of distinct learners
(who started; the base of the "< 5" rule) of a period cannot be added up from them. So the
figures are counted exactly, for the period asked, once; every request after that, on any
server, reads them from ``counted_figures`` (one row by primary key) until they are older than
the limit. The pages say when their figures were counted, and "Nu opnieuw tellen" counts them
again at once (``forget``). ``flask --app wsgi evaluation count`` counts the overview of the
default period for every scope ahead, so that no one waits for it (cron, every 15 minutes).

A key holds everything the figures depend on: the viewer's scope (across organisations or one
organisation, and the packages in it), the kind of figures, the period and what else was asked
(a package, cards). Two viewers share figures only when they would see the same numbers.
``EVALUATION_CACHE_MINUTES = 0`` turns the keeping off (the tests do, but for the cache's own).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, TypeVar

from flask import current_app
from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.extensions import db
from app.models import CountedFigures
from app.models.types import utcnow

T = TypeVar("T")

# Raise when what is stored for a kind changes shape: old rows are then never read.
FORMAT = 1
# Rows counted longer ago than this (or twice EVALUATION_CACHE_MINUTES, if longer) are deleted by
# ``flask evaluation count`` and "Nu opnieuw tellen": never inside a page's transaction, where
# the delete would wait for (or deadlock with) another page keeping figures.
KEPT_AT_MOST = timedelta(days=1)


def digest(*parts: Any) -> str:
    text = json.dumps([FORMAT, *parts], default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def keep_minutes() -> int:
    return int(current_app.config.get("EVALUATION_CACHE_MINUTES", 0))


def remembered(
    key: str,
    count: Callable[[], T],
    encode: Callable[[T], Any],
    decode: Callable[[Any], T],
    recount: bool = False,
) -> tuple[T, datetime]:
    """The figures under ``key`` and when they were counted: the kept ones while fresh (unless
    ``recount``), else counted now (and kept). Writes go into the request's transaction; the
    route commits."""
    now = utcnow()
    minutes = keep_minutes()
    if minutes <= 0:
        return count(), now
    row = None
    if not recount:
        row = db.session.execute(
            select(CountedFigures.counted_at, CountedFigures.value).where(CountedFigures.key == key)
        ).first()
    if row is not None and row.counted_at > now - timedelta(minutes=minutes):
        return decode(json.loads(row.value)), row.counted_at
    value = count()
    _keep(key, now, json.dumps(encode(value), separators=(",", ":")))
    return value, now


def _keep(key: str, now: datetime, value: str) -> None:
    """Store (or replace) one row; two servers counting the same figures at once both succeed."""
    insert = postgresql_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
    statement = insert(CountedFigures).values(key=key, counted_at=now, value=value)
    db.session.execute(
        statement.on_conflict_do_update(
            index_elements=[CountedFigures.key],
            set_={"counted_at": statement.excluded.counted_at, "value": statement.excluded.value},
        )
    )


def prune() -> int:
    """Delete the rows that are of no use any more; returns how many went."""
    oldest = utcnow() - max(KEPT_AT_MOST, 2 * timedelta(minutes=keep_minutes()))
    result = db.session.execute(delete(CountedFigures).where(CountedFigures.counted_at < oldest))
    return int(getattr(result, "rowcount", 0) or 0)


def forget(scope_key: str) -> int:
    """Drop every kept figure of one scope (all kinds and periods): they are counted again on
    the next request. Returns how many rows went."""
    result = db.session.execute(
        delete(CountedFigures).where(CountedFigures.key.startswith(f"{scope_key}:"))
    )
    return int(getattr(result, "rowcount", 0) or 0)
