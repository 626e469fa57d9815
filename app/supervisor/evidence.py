"""Evidence of what a learner can do: the printable overview and the CSV exports.

The overview is usable as the supervisor's judgement for an SBB praktijkverklaring: each
competence with its current level and every sign-off (date, supervisor), and the completed
practice tasks with the learner's own reflections.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol, TypeVar

from flask_babel import format_date, format_datetime
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.learner.services import PackageProgress, learner_progress
from app.models import Card, CompetenceSignoff, PracticeTask, TaskCompletion, User
from app.privacy.labels import label, person_name
from app.signoffs.services import CompetenceStatus, competence_statuses
from app.supervisor.services import completions_of


class _OfALearner(Protocol):
    @property
    def learner_id(self) -> int: ...


T = TypeVar("T", bound=_OfALearner)

# A cell starting with one of these is run as a formula by Excel and LibreOffice.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Overview:
    learner: User
    period_start: date | None
    period_end: date
    progress: list[PackageProgress]
    competences: list[CompetenceStatus]
    completions: list[TaskCompletion]


def overview(learner: User, today: date) -> Overview:
    completions = completions_of(learner)
    statuses = competence_statuses(learner)
    dates = [c.completed_at.date() for c in completions] + [
        row.signed_on for status in statuses for row in status.history
    ]
    return Overview(
        learner=learner,
        period_start=min(dates) if dates else None,
        period_end=today,
        progress=learner_progress(learner),
        competences=statuses,
        completions=completions,
    )


def safe_cell(value: object) -> str:
    """Text for a spreadsheet cell that can never run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _local(moment: datetime) -> str:
    return format_datetime(moment, "yyyy-MM-dd HH:mm")


# Learners per pair of queries. The CSV of a whole organisation is written while it is read, a
# chunk of learners at a time, so memory stays bounded by a chunk, not by the organisation.
CHUNK = 200

HEADER = (
    _l("Soort"),
    _l("Leerling"),
    _l("Gebruikersnaam"),
    _l("Datum"),
    _l("Lespakket"),
    _l("Taak of competentie"),
    _l("Reflectie of niveau"),
    _l("Notitie"),
    _l("Kaartversie"),
    _l("Ontvangen of vastgelegd"),
    _l("Begeleider"),
)


def _completion_row(learner: User, completion: TaskCompletion) -> list[str]:
    task = completion.task
    return [
        _("Taak gedaan"),
        person_name(learner),
        learner.username,
        _local(completion.completed_at),
        task.card.package.title,
        task.title,
        label(completion.reflection),
        completion.note,
        str(completion.card_version),
        _local(completion.received_at),
        "",
    ]


def _signoff_row(learner: User, signoff: CompetenceSignoff) -> list[str]:
    return [
        _("Aftekening"),
        person_name(learner),
        learner.username,
        format_date(signoff.signed_on, "yyyy-MM-dd"),
        "",
        signoff.competence.name,
        label(signoff.level),
        signoff.note,
        "",
        _local(signoff.created_at),
        person_name(signoff.supervisor),
    ]


def _by_learner(rows: Iterable[T]) -> dict[int, list[T]]:
    grouped: dict[int, list[T]] = defaultdict(list)
    for row in rows:
        grouped[row.learner_id].append(row)
    return grouped


def _rows(learners: Sequence[User]) -> Iterator[list[str]]:
    """Per learner, in the given order: tasks newest first, then sign-offs oldest first."""
    for start in range(0, len(learners), CHUNK):
        chunk = learners[start : start + CHUNK]
        ids = [learner.id for learner in chunk]
        completions = _by_learner(
            db.session.scalars(
                select(TaskCompletion)
                .options(
                    joinedload(TaskCompletion.task)
                    .joinedload(PracticeTask.card)
                    .joinedload(Card.package)
                )
                .where(TaskCompletion.learner_id.in_(ids))
                .order_by(TaskCompletion.completed_at.desc(), TaskCompletion.id.desc())
            )
        )
        signoffs = _by_learner(
            db.session.scalars(
                select(CompetenceSignoff)
                .options(
                    joinedload(CompetenceSignoff.competence),
                    joinedload(CompetenceSignoff.supervisor),
                )
                .where(CompetenceSignoff.learner_id.in_(ids))
                .order_by(CompetenceSignoff.created_at, CompetenceSignoff.id)
            )
        )
        for learner in chunk:
            for completion in completions.get(learner.id, ()):
                yield _completion_row(learner, completion)
            for signoff in signoffs.get(learner.id, ()):
                yield _signoff_row(learner, signoff)


def csv_lines(learners: Sequence[User]) -> Iterator[str]:
    """The CSV, line by line, to stream: UTF-8 with a byte order mark and semicolons, which is
    what Dutch Excel opens correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)

    def line(cells: Iterable[object]) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([safe_cell(cell) for cell in cells])
        return buffer.getvalue()

    yield "\ufeff" + line(str(name) for name in HEADER)
    for row in _rows(learners):
        yield line(row)
