"""Recording completions exactly once.

The phone may send an item again whenever it did not see the answer (a timeout, a closed app), so
the same id must never create a second row. A unique constraint on (learner, client id) makes that
hold even for two requests racing on PostgreSQL: the new items of a batch go in with one
``INSERT … ON CONFLICT DO NOTHING RETURNING client_id``, and an id it did not return means
"someone stored this id first", after which the stored row decides between "duplicate" (same
content) and "rejected" (same id, other content). A batch costs a fixed number of queries (ids
already stored, the tasks with their cards, the learner's assignments, the insert), whatever its
size.

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
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import joinedload

from app.database import insert_or_skip
from app.extensions import db
from app.models import Card, PracticeTask, Reflection, TaskCompletion, User
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


def _stored(learner: User, client_ids: Iterable[str]) -> dict[str, TaskCompletion]:
    """The learner's rows among ``client_ids``, by client id (one query)."""
    rows = db.session.scalars(
        select(TaskCompletion).where(
            TaskCompletion.learner_id == learner.id,
            TaskCompletion.client_id.in_(set(client_ids)),
        )
    )
    return {row.client_id: row for row in rows}


@dataclass(frozen=True)
class _Batch:
    """What the rules need to know about a batch, read with a few set-based queries."""

    tasks: dict[int, PracticeTask]
    assignment_ends: dict[int, datetime | None]


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
    return _Batch(tasks, assignment_ends(learner, package_ids))


def _check_rules(learner: User, batch: _Batch, item: dict[str, Any], now: datetime) -> str | None:
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
    if item["completed_at"] < learner.created_at - CLOCK_SKEW:
        return "before_account"
    return None


def _insert_new(learner: User, rows: list[dict[str, Any]]) -> set[str]:
    """Insert ``rows`` (sorted by client id) in one statement; the client ids it stored.

    A row whose id another request stored first is skipped (ON CONFLICT DO NOTHING) instead of
    failing the statement; the caller reads that row and compares.
    """
    if not rows:
        return set()
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
    stored = _stored(learner, ids)
    batch = _read_batch(learner, items)
    results: dict[int, ItemResult] = {}
    first_of: dict[str, int] = {}  # client id -> index of its first item in this batch
    new_rows: list[dict[str, Any]] = []
    for index in sorted(range(len(items)), key=lambda index: ids[index]):
        item, client_id = items[index], ids[index]
        if client_id in stored or client_id in first_of:
            continue  # compared below, with what was stored
        reason = _check_rules(learner, batch, item, now)
        if reason:
            results[index] = _rejected(client_id, reason)
            continue
        first_of[client_id] = index
        new_rows.append(
            {
                "client_id": client_id,
                "learner_id": learner.id,
                "task_id": item["task_id"],
                "card_version": item["card_version"],
                "completed_at": item["completed_at"],
                "received_at": now,
                "reflection": Reflection(item["reflection"]),
                "note": item["note"],
            }
        )
    inserted = _insert_new(learner, new_rows)
    lost_races = [ids[index] for index in first_of.values() if ids[index] not in inserted]
    stored |= _stored(learner, lost_races) if lost_races else {}
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
