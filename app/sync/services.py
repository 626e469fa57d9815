"""Recording completions exactly once.

The phone may send an item again whenever it did not see the answer (a timeout, a closed app), so
the same id must never create a second row. A unique constraint on (learner, client id) makes that
hold even for two requests racing on PostgreSQL: each item is inserted in its own savepoint, and an
``IntegrityError`` means "someone stored this id first", after which the stored row decides
between "duplicate" (same content) and "rejected" (same id, other content).

Two batches that share ids wait for each other on that unique index. Items are therefore stored
in the order of their ids, so all requests take those locks in one order and cannot deadlock; if
PostgreSQL still breaks a lock cycle (or a serialization conflict), the whole transaction is
rolled back and run again, a few times.
"""

from __future__ import annotations

import enum
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError, IntegrityError

from app.extensions import db
from app.models import Card, PracticeTask, Reflection, TaskCompletion, User
from app.permissions import was_assigned_at

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


def _existing(learner: User, client_id: str) -> TaskCompletion | None:
    return db.session.scalar(
        select(TaskCompletion).where(
            TaskCompletion.learner_id == learner.id, TaskCompletion.client_id == client_id
        )
    )


def _check_rules(learner: User, item: dict[str, Any], now: datetime) -> str | None:
    """The reason code an item breaks, or None when it may be stored."""
    task = db.session.get(PracticeTask, item["task_id"])
    if task is None:
        return "unknown_task"
    card: Card = task.card
    if not card.has_learner_version or not was_assigned_at(
        learner, card.package_id, item["completed_at"]
    ):
        return "not_assigned"
    if item["card_version"] > card.version:
        return "unknown_version"
    if item["completed_at"] > now + CLOCK_SKEW:
        return "in_future"
    if item["completed_at"] < learner.created_at - CLOCK_SKEW:
        return "before_account"
    return None


def _record_one(learner: User, item: dict[str, Any], now: datetime) -> ItemResult:
    client_id = str(item["id"])
    item = {**item, "completed_at": item["completed_at"].astimezone(UTC)}
    stored = _existing(learner, client_id)
    if stored is None:
        reason = _check_rules(learner, item, now)
        if reason:
            return _rejected(client_id, reason)
        completion = TaskCompletion(
            client_id=client_id,
            learner_id=learner.id,
            task_id=item["task_id"],
            card_version=item["card_version"],
            completed_at=item["completed_at"],
            received_at=now,
            reflection=Reflection(item["reflection"]),
            note=item["note"],
        )
        try:
            with db.session.begin_nested():
                db.session.add(completion)
            return ItemResult(client_id, Status.ACCEPTED)
        except IntegrityError:
            stored = _existing(learner, client_id)  # another request stored it first
            if stored is None:
                raise
    if _same_content(stored, item):
        return ItemResult(client_id, Status.DUPLICATE)
    return _rejected(client_id, "conflict")


def record_completions(learner: User, items: list[dict[str, Any]]) -> list[ItemResult]:
    """Store the learner's validated outbox items; one result per item, in the same order.

    Items are independent: a rejected item never stops the others from being stored. They are
    stored sorted by id (a stable sort: of one id sent twice, the first is "accepted"), so that
    racing batches lock the same rows in the same order.
    """
    order = sorted(range(len(items)), key=lambda index: str(items[index]["id"]))

    def store_all() -> list[ItemResult]:
        now = datetime.now(UTC)
        results = {index: _record_one(learner, items[index], now) for index in order}
        return [results[index] for index in range(len(items))]

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
