"""Sign-offs and feedback a supervisor made offline, recorded exactly once.

The supervisor's phone keeps them in the same outbox as a learner's tasks (static/js/outbox-core.js,
items of kind "signoff" and "feedback") and sends them with the same protocol: every item carries
the id the phone made, and the server answers per item, "accepted", "duplicate" or "rejected" with
a reason. The id is stored as the row's ``request_id``; its unique constraint per supervisor keeps
an item sent again (a lost answer, a second tab) to one row. An id stored before with the same
content is a "duplicate"; with other content it is refused ("conflict"), never stored twice.

Rows are only added: a sign-off is a new row in the competence's history, and when two supervisors
signed the same competence offline both rows stay. The current level is the newest by
``signed_at``, the moment the supervisor made it (app/signoffs/services.py), not by arrival. The
phone's clock may be wrong, so the phone also sends its clock at sending (``sent_at``) and the
server moves each ``signed_at`` by the difference from its own clock (never past now): two
phones' sign-offs then compare on the server's time.

A supervisor's outbox is short (what one person judged on the floor), so items are checked and
stored one by one, each in its own savepoint: one refused item never stops the others.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from app.extensions import db
from app.feedback.services import FeedbackError, give_feedback
from app.i18n import local_today
from app.models import CompetenceSignoff, TaskCompletion, TaskFeedback, User
from app.permissions import can_see_learner
from app.signoffs.services import SignoffError, record_signoff
from app.sync.services import ItemResult, Status, commit_with_retry

# What a refused sign-off's rule (SignoffError.field) means, for programs.
SIGNOFF_CODES = {
    "competence": "not_assigned",
    "level": "nothing_to_withdraw",
    "signed_on": "in_future",
    "note": "too_long",
    "request": "invalid",
}


def _rejected(item_id: str, code: str, message: str) -> ItemResult:
    return ItemResult(item_id, Status.REJECTED, code, message)


def _learner_problem(supervisor: User, learner: User | None, item_id: str) -> ItemResult | None:
    """Why the supervisor may no longer judge this learner, or None. Someone who left the
    organisation, or whose account was erased, cannot get a sign-off or feedback any more; the
    supervisor sees the reason beside the item on the phone."""
    if learner is None or not can_see_learner(supervisor, learner):
        return _rejected(
            item_id,
            "learner_gone",
            _("Deze leerling hoort niet meer bij jouw organisatie. Het is niet opgeslagen."),
        )
    if learner.erased_at is not None:
        return _rejected(
            item_id,
            "learner_erased",
            _("De gegevens van deze leerling zijn gewist. Het is niet opgeslagen."),
        )
    return None


def _conflict(item_id: str) -> ItemResult:
    return _rejected(
        item_id, "conflict", _("Dit is al eerder verstuurd, maar met iets anders erin.")
    )


def _same_signoff(stored: CompetenceSignoff, item: dict[str, Any]) -> bool:
    """Not ``signed_at``: a resend carries the same time, but another ``sent_at`` moves it by
    another amount. Erasure empties the note of a stored row: a resend is still the same."""
    return (
        stored.learner_id == item["learner_id"]
        and stored.competence_id == item["competence_id"]
        and stored.level.value == item["level"]
        and (stored.note == item["note"].strip() or stored.learner.erased_at is not None)
        and stored.signed_on == item["signed_on"]
    )


def _signoff(supervisor: User, item: dict[str, Any], now: datetime, today: date) -> ItemResult:
    item_id = str(item["id"])
    stored = db.session.scalar(
        select(CompetenceSignoff).where(
            CompetenceSignoff.supervisor_id == supervisor.id,
            CompetenceSignoff.request_id == item_id,
        )
    )
    if stored is not None:  # sent before: stored once, whatever happened to the learner since
        return (
            ItemResult(item_id, Status.DUPLICATE)
            if _same_signoff(stored, item)
            else _conflict(item_id)
        )
    learner = db.session.get(User, item["learner_id"])
    problem = _learner_problem(supervisor, learner, item_id)
    if problem:
        return problem
    assert learner is not None  # no learner is a problem
    try:
        signoff = record_signoff(
            supervisor,
            learner,
            item["competence_id"],
            level=item["level"],
            note=item["note"].strip(),
            signed_on=item["signed_on"],
            request_id=item_id,
            today=today,
            signed_at=min(item["signed_at"], now),
        )
    except SignoffError as error:
        return _rejected(item_id, SIGNOFF_CODES.get(error.field, "invalid"), str(error))
    if not _same_signoff(signoff, item):  # the same id stored by a request racing this one
        return _conflict(item_id)
    return ItemResult(item_id, Status.ACCEPTED)


def _feedback(supervisor: User, item: dict[str, Any]) -> ItemResult:
    item_id = str(item["id"])
    stored = db.session.scalar(
        select(TaskFeedback).where(
            TaskFeedback.supervisor_id == supervisor.id, TaskFeedback.request_id == item_id
        )
    )
    if stored is not None:  # erasure empties the text of a stored row: a resend is still the same
        same = stored.completion_id == item["completion_id"] and (
            stored.text == item["text"].strip() or stored.completion.learner.erased_at is not None
        )
        return ItemResult(item_id, Status.DUPLICATE) if same else _conflict(item_id)
    completion = db.session.get(TaskCompletion, item["completion_id"])
    if completion is None or not can_see_learner(supervisor, completion.learner):
        # One answer for both: which task ids exist elsewhere is none of the caller's business.
        return _rejected(
            item_id,
            "unknown_task",
            _("Deze taak hoort niet (meer) bij jouw organisatie. Het is niet opgeslagen."),
        )
    problem = _learner_problem(supervisor, completion.learner, item_id)
    if problem:
        return problem
    try:
        with db.session.begin_nested():
            give_feedback(supervisor, completion, item["text"], item_id)
    except FeedbackError as error:
        return _rejected(item_id, "invalid", str(error))
    return ItemResult(item_id, Status.ACCEPTED)


def record_supervisor_items(
    supervisor: User, items: list[dict[str, Any]], sent_at: datetime
) -> list[ItemResult]:
    """Store the supervisor's validated outbox items; one result per item, in the same order.
    ``sent_at``: the phone's clock when it sent them."""

    def store_all() -> list[ItemResult]:
        now, today = datetime.now(UTC), local_today()
        clock_error = sent_at - now  # how far the phone's clock is ahead (network time included)
        results: list[ItemResult] = []
        for item in items:
            if item["kind"] == "signoff":
                item = {**item, "signed_at": (item["signed_at"] - clock_error).astimezone(UTC)}
                results.append(_signoff(supervisor, item, now, today))
            else:
                results.append(_feedback(supervisor, item))
        return results

    return commit_with_retry(store_all)
