"""Recording completions exactly once.

The phone may send an item again whenever it did not see the answer (a timeout, a closed app), so
the same id must never create a second row. A unique constraint on (learner, client id) makes that
hold even for two requests racing on PostgreSQL: the new items of a batch go in with one
``INSERT … ON CONFLICT DO NOTHING RETURNING client_id``, and an id it did not return means
"someone stored this id first", after which the stored row decides between "duplicate" (same
content) and "rejected" (same id, other content). A batch costs a fixed number of queries (ids
already stored, the tasks with their cards, the learner's assignments, the insert), whatever its
size. On PostgreSQL the INSERT and the read of stored ids take arrays (``unnest``, ``= ANY``):
fixed statements, built and compiled once. A multi-row VALUES list was a new statement of 1,600
parameters for every batch, and building it cost more than all the rest of a sync.

Two batches that share ids wait for each other on that unique index. Items are therefore stored
in the order of their ids, so all requests take those locks in one order and cannot deadlock; if
PostgreSQL still breaks a lock cycle (or a serialization conflict), the whole transaction is
rolled back and run again, a few times.
"""

from __future__ import annotations

import enum
import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from flask_babel import gettext as _
from sqlalchemy import Integer, String, Text, any_, bindparam, column, func, select
from sqlalchemy.dialects import postgresql
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import joinedload
from sqlalchemy.sql.dml import ReturningInsert

from app.database import insert_or_skip
from app.extensions import db
from app.models import Card, PracticeTask, Reflection, TaskCompletion, User
from app.models.types import UTCDateTime
from app.permissions import assignment_ends, was_assigned_then

# A phone's clock may run a little fast; beyond this, a time in the future is an error.
CLOCK_SKEW = timedelta(minutes=5)
# PostgreSQL's "deadlock detected" and "could not serialize": the transaction was undone and
# may simply be run again.
RETRY_SQLSTATES = frozenset({"40P01", "40001"})
ATTEMPTS = 4

T = TypeVar("T")


class Status(enum.Enum):
    ACCEPTED = "accepted"
    DUPLICATE = "duplicate"
    REJECTED = "rejected"


@dataclass(frozen=True)
class ItemResult:
    """The answer for one item; ``code`` and ``error`` only when it was rejected."""

    id: str
    status: Status
    code: str | None = None
    error: str | None = None


def _rejected(item_id: str, code: str) -> ItemResult:
    messages = {
        "unknown_task": _("Deze taak bestaat niet meer."),
        "not_assigned": _("Deze taak hoort niet bij jouw lessen."),
        "unknown_version": _("Deze versie van de kaart bestaat niet."),
        "in_future": _("De tijd op je telefoon klopt niet: deze taak ligt in de toekomst."),
        "before_account": _("De tijd op je telefoon klopt niet: deze taak is van voor je account."),
        "conflict": _("Deze taak is al eerder verstuurd, maar met iets anders erin."),
    }
    return ItemResult(item_id, Status.REJECTED, code, messages[code])


def _same_content(stored: TaskCompletion, item: dict[str, Any]) -> bool:
    return (
        stored.task_id == item["task_id"]
        and stored.card_version == item["card_version"]
        and stored.completed_at == item["completed_at"]
        and stored.reflection.value == item["reflection"]
        and stored.note == item["note"]
    )


def _on_postgresql() -> bool:
    return db.engine.dialect.name == "postgresql"


# PostgreSQL's form of the query in ``_stored``: one array parameter, so the statement is the same
# for any number of ids (compiled once, prepared by psycopg) instead of an IN list of up to 200.
_STORED_ANY = select(TaskCompletion).where(
    TaskCompletion.learner_id == bindparam("learner_id", type_=Integer),
    TaskCompletion.client_id == any_(bindparam("client_ids", type_=postgresql.ARRAY(String))),
)


def _stored(learner_id: int, client_ids: Iterable[str]) -> dict[str, TaskCompletion]:
    """The learner's rows among ``client_ids``, by client id (one query)."""
    unique_ids = set(client_ids)
    if _on_postgresql():
        parameters = {"learner_id": learner_id, "client_ids": list(unique_ids)}
        rows = db.session.scalars(_STORED_ANY, parameters)
    else:
        rows = db.session.scalars(
            select(TaskCompletion).where(
                TaskCompletion.learner_id == learner_id,
                TaskCompletion.client_id.in_(unique_ids),
            )
        )
    return {row.client_id: row for row in rows}


@dataclass(frozen=True)
class _Batch:
    """What the rules need to know about a batch, read with a few set-based queries."""

    tasks: dict[int, PracticeTask]
    assignment_ends: dict[int, datetime | None]
    # Read once: the learner is often Flask-Login's proxy, which looks the user up on every read.
    account_created: datetime


def _read_batch(learner: User, items: list[dict[str, Any]]) -> _Batch:
    tasks = {
        task.id: task
        for task in db.session.scalars(
            select(PracticeTask)
            .options(joinedload(PracticeTask.card))
            .where(PracticeTask.id.in_({item["task_id"] for item in items}))
        )
    }
    package_ids = {task.card.package_id for task in tasks.values()}
    return _Batch(tasks, assignment_ends(learner, package_ids), learner.created_at)


def _check_rules(batch: _Batch, item: dict[str, Any], now: datetime) -> str | None:
    """The reason code an item breaks, or None when it may be stored."""
    task = batch.tasks.get(item["task_id"])
    if task is None:
        return "unknown_task"
    card: Card = task.card
    if not card.has_learner_version or not was_assigned_then(
        batch.assignment_ends, card.package_id, item["completed_at"]
    ):
        return "not_assigned"
    if item["card_version"] > card.version:
        return "unknown_version"
    if item["completed_at"] > now + CLOCK_SKEW:
        return "in_future"
    if item["completed_at"] < batch.account_created - CLOCK_SKEW:
        return "before_account"
    return None


def _unnest_insert() -> ReturningInsert[str]:
    """PostgreSQL's INSERT of a whole batch, one array per column: the same statement for every
    batch size, so SQLAlchemy compiles it once and psycopg can prepare it.

    The rows go in in the order of the arrays (WITH ORDINALITY … ORDER BY), the caller's order
    by client id, which keeps racing batches from deadlocking.
    """
    item = (
        func.unnest(
            # No lengths: a cast to VARCHAR(36) would cut a longer value short, where the
            # column's own check makes the INSERT fail.
            bindparam("client_ids", type_=postgresql.ARRAY(String)),
            bindparam("task_ids", type_=postgresql.ARRAY(Integer)),
            bindparam("card_versions", type_=postgresql.ARRAY(Integer)),
            bindparam("completed_ats", type_=postgresql.ARRAY(UTCDateTime())),
            bindparam("reflections", type_=postgresql.ARRAY(String)),
            bindparam("notes", type_=postgresql.ARRAY(Text)),
        )
        .table_valued(
            column("client_id", String),
            column("task_id", Integer),
            column("card_version", Integer),
            column("completed_at", UTCDateTime()),
            column("reflection", String),
            column("note", Text),
            with_ordinality="position",
        )
        .render_derived(name="item")
    )
    rows = select(
        item.c.client_id,
        bindparam("learner_id", type_=Integer),
        item.c.task_id,
        item.c.card_version,
        item.c.completed_at,
        bindparam("received_at", type_=UTCDateTime()),
        item.c.reflection,
        item.c.note,
    ).order_by(item.c.position)
    columns = [
        TaskCompletion.client_id,
        TaskCompletion.learner_id,
        TaskCompletion.task_id,
        TaskCompletion.card_version,
        TaskCompletion.completed_at,
        TaskCompletion.received_at,
        TaskCompletion.reflection,
        TaskCompletion.note,
    ]
    return (
        postgresql.insert(TaskCompletion)
        .from_select(columns, rows)
        .on_conflict_do_nothing(index_elements=["learner_id", "client_id"])
        .returning(TaskCompletion.client_id)
        # The parameters are the statement's own, not rows for the ORM's bulk INSERT.
        .execution_options(dml_strategy="raw")
    )


_UNNEST_INSERT = _unnest_insert()


def _unnest_parameters(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """``rows`` as one list per column; learner and arrival time are the same in every row."""
    return {
        "client_ids": [row["client_id"] for row in rows],
        "task_ids": [row["task_id"] for row in rows],
        "card_versions": [row["card_version"] for row in rows],
        "completed_ats": [row["completed_at"] for row in rows],
        "reflections": [row["reflection"].value for row in rows],
        "notes": [row["note"] for row in rows],
        "learner_id": rows[0]["learner_id"],
        "received_at": rows[0]["received_at"],
    }


def _insert_new(rows: list[dict[str, Any]]) -> set[str]:
    """Insert ``rows`` (sorted by client id) in one statement; the client ids it stored.

    A row whose id another request stored first is skipped (ON CONFLICT DO NOTHING) instead of
    failing the statement; the caller reads that row and compares.
    """
    if not rows:
        return set()
    if _on_postgresql():
        return set(db.session.scalars(_UNNEST_INSERT, _unnest_parameters(rows)))
    statement = (
        insert_or_skip(TaskCompletion, ["learner_id", "client_id"])
        .values(rows)
        .returning(TaskCompletion.client_id)
    )
    return set(db.session.scalars(statement))


def _record_all(learner: User, items: list[dict[str, Any]], now: datetime) -> list[ItemResult]:
    """One result per item, in order. Items go in sorted by id (a stable sort: of one id sent
    twice, the first is "accepted"), so racing batches lock the same rows in the same order."""
    items = [{**item, "completed_at": item["completed_at"].astimezone(UTC)} for item in items]
    ids = [str(item["id"]) for item in items]
    learner_id = learner.id
    stored = _stored(learner_id, ids)
    batch = _read_batch(learner, items)
    results: dict[int, ItemResult] = {}
    first_of: dict[str, int] = {}  # client id -> index of its first item in this batch
    new_rows: list[dict[str, Any]] = []
    for index in sorted(range(len(items)), key=lambda index: ids[index]):
        item, client_id = items[index], ids[index]
        if client_id in stored or client_id in first_of:
            continue  # compared below, with what was stored
        reason = _check_rules(batch, item, now)
        if reason:
            results[index] = _rejected(client_id, reason)
            continue
        first_of[client_id] = index
        new_rows.append(
            {
                "client_id": client_id,
                "learner_id": learner_id,
                "task_id": item["task_id"],
                "card_version": item["card_version"],
                "completed_at": item["completed_at"],
                "received_at": now,
                "reflection": Reflection(item["reflection"]),
                "note": item["note"],
            }
        )
    inserted = _insert_new(new_rows)
    lost_races = [ids[index] for index in first_of.values() if ids[index] not in inserted]
    stored |= _stored(learner_id, lost_races) if lost_races else {}
    for index, item in enumerate(items):
        client_id = ids[index]
        if index in results:
            continue
        if first_of.get(client_id) == index and client_id in inserted:
            results[index] = ItemResult(client_id, Status.ACCEPTED)
        else:  # sent before, or a repeat of an item this batch stored just now
            same = (
                _same_content(stored[client_id], item)
                if client_id in stored
                else _same_stored_item(items[first_of[client_id]], item)
            )
            results[index] = (
                ItemResult(client_id, Status.DUPLICATE)
                if same
                else _rejected(client_id, "conflict")
            )
    return [results[index] for index in range(len(items))]


def _same_stored_item(first: dict[str, Any], item: dict[str, Any]) -> bool:
    return all(
        first[key] == item[key]
        for key in ("task_id", "card_version", "completed_at", "reflection", "note")
    )


def record_completions(learner: User, items: list[dict[str, Any]]) -> list[ItemResult]:
    """Store the learner's validated outbox items; one result per item, in the same order.

    Items are independent: a rejected item never stops the others from being stored. The whole
    batch is checked with a few set-based queries and stored with one INSERT.
    """

    def store_all() -> list[ItemResult]:
        return _record_all(learner, items, datetime.now(UTC))

    return commit_with_retry(store_all)


def is_retryable(error: DBAPIError) -> bool:
    return getattr(error.orig, "sqlstate", None) in RETRY_SQLSTATES


def commit_with_retry(work: Callable[[], T], attempts: int = ATTEMPTS) -> T:
    """Run ``work`` and commit; after a deadlock or serialization failure, roll back and run all
    of it again, after a short random pause so the rivals do not meet again at once.

    All of it, not just the failing statement: its results (e.g. "accepted") are only true once
    the transaction commits. Other errors are raised at once; after the last attempt, too.
    """
    for attempt in range(1, attempts + 1):
        try:
            result = work()
            db.session.commit()
            return result
        except DBAPIError as error:
            db.session.rollback()
            if attempt == attempts or not is_retryable(error):
                raise
            time.sleep(random.uniform(0.01, 0.05) * attempt)
    raise AssertionError("attempts must be at least 1")
