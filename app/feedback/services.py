"""Giving feedback once per form, finding it for the pages, and marking it read."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from flask_babel import gettext as _
from sqlalchemy import Select, select, update
from sqlalchemy.orm import joinedload

from app.database import grouped_by, insert_or_skip
from app.extensions import db
from app.input_safety import is_storable
from app.models import TaskCompletion, TaskFeedback, User

# Newest feedback shown on "Wat ik al kan": the card pages show each task's own.
RECENT_ON_PROGRESS = 10


class FeedbackError(ValueError):
    """Feedback that cannot be stored; the message is Dutch and shown on the form."""


def give_feedback(
    supervisor: User, completion: TaskCompletion, text: str, request_id: str
) -> TaskFeedback:
    """Store the feedback once per ``request_id`` (the caller commits and has checked that the
    supervisor may see the learner)."""
    text = text.strip()
    if not text:
        raise FeedbackError(_("Schrijf eerst iets, of kies een snel antwoord."))
    if len(text) > TaskFeedback.MAX_TEXT or not is_storable(text):
        raise FeedbackError(_("Schrijf niet meer dan %(max)d tekens.", max=TaskFeedback.MAX_TEXT))
    db.session.execute(
        insert_or_skip(TaskFeedback, ["supervisor_id", "request_id"]).values(
            completion_id=completion.id,
            supervisor_id=supervisor.id,
            text=text,
            request_id=request_id,
        )
    )
    stored = db.session.scalar(
        select(TaskFeedback).where(
            TaskFeedback.supervisor_id == supervisor.id, TaskFeedback.request_id == request_id
        )
    )
    assert stored is not None  # stored now, or by the same form sent before
    if stored.completion_id != completion.id or stored.text != text:
        # The id of a form sent before (the browser's back button brought it back) with other
        # words: never say "sent" for words that were not stored.
        raise FeedbackError(_("Dit formulier is al verstuurd. Open de taak opnieuw."))
    return stored


def feedback_on(completion_ids: Iterable[int]) -> dict[int, list[TaskFeedback]]:
    """Per completed task, its feedback, oldest first (with who gave it): one query."""
    ids = list(completion_ids)
    if not ids:
        return {}
    rows = db.session.scalars(
        select(TaskFeedback)
        .options(joinedload(TaskFeedback.supervisor))
        .where(TaskFeedback.completion_id.in_(ids))
        .order_by(TaskFeedback.created_at, TaskFeedback.id)
    )
    return grouped_by(rows, lambda row: row.completion_id)


def _learners_feedback(learner: User) -> Select[TaskFeedback]:
    return (
        select(TaskFeedback)
        .join(TaskCompletion, TaskCompletion.id == TaskFeedback.completion_id)
        .options(
            joinedload(TaskFeedback.supervisor),
            joinedload(TaskFeedback.completion).joinedload(TaskCompletion.task),
        )
        .where(TaskCompletion.learner_id == learner.id)
    )


def feedback_by_task(learner: User, task_ids: Iterable[int]) -> dict[int, list[TaskFeedback]]:
    """Per practice task, the feedback on the learner's completions of it, newest first."""
    ids = list(task_ids)
    if not ids:
        return {}
    rows = db.session.scalars(
        _learners_feedback(learner)
        .where(TaskCompletion.task_id.in_(ids))
        .order_by(TaskFeedback.created_at.desc(), TaskFeedback.id.desc())
    )
    return grouped_by(rows, lambda row: row.completion.task_id)


def recent_feedback(learner: User) -> list[TaskFeedback]:
    """The newest feedback for "Wat ik al kan", with the task's title loaded."""
    return list(
        db.session.scalars(
            _learners_feedback(learner)
            .order_by(TaskFeedback.created_at.desc(), TaskFeedback.id.desc())
            .limit(RECENT_ON_PROGRESS)
        ).unique()
    )


@dataclass(frozen=True)
class Marked:
    marked: int


def mark_read(learner: User, feedback_ids: Iterable[int]) -> Marked:
    """The learner saw these: their first reading time is kept; ids of other learners' feedback
    are ignored (the caller commits)."""
    ids = list(set(feedback_ids))
    if not ids:
        return Marked(0)
    own = select(TaskCompletion.id).where(TaskCompletion.learner_id == learner.id)
    result = db.session.execute(
        update(TaskFeedback)
        .where(
            TaskFeedback.id.in_(ids),
            TaskFeedback.read_at.is_(None),
            TaskFeedback.completion_id.in_(own),
        )
        .values(read_at=datetime.now(UTC))
    )
    return Marked(int(getattr(result, "rowcount", 0) or 0))


def feedback_key(rows: Iterable[TaskFeedback]) -> tuple[tuple[int, bool, str, str], ...]:
    """What a page shows of its feedback, for its ETag: which rows, which are still new, and the
    names on them (the supervisor's, the task's on "Wat ik al kan")."""
    return tuple(
        (row.id, row.read_at is None, row.supervisor.display_name, row.completion.task.title)
        for row in rows
    )


def feedback_ids(by_task: dict[int, list[TaskFeedback]]) -> str:
    """The ids of a card's feedback as one text, the same on the card page (``Card-Feedback``)
    and in the offline manifest: a stored card without the newest feedback is fetched again."""
    return ",".join(
        str(row_id) for row_id in sorted(row.id for rows in by_task.values() for row in rows)
    )


def feedback_ids_by_task(learner: User) -> dict[int, list[int]]:
    """Per practice task, the ids of the feedback on the learner's completions of it: for the
    offline manifest, in one query of two columns."""
    grouped: dict[int, list[int]] = defaultdict(list)
    rows = db.session.execute(
        select(TaskCompletion.task_id, TaskFeedback.id)
        .join(TaskCompletion, TaskCompletion.id == TaskFeedback.completion_id)
        .where(TaskCompletion.learner_id == learner.id)
    )
    for task_id, feedback_id in rows:
        grouped[task_id].append(feedback_id)
    return grouped
