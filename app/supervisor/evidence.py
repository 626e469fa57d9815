"""Evidence of what a learner can do: the printable overview and the CSV exports.

The overview is usable as the supervisor's judgement for an SBB praktijkverklaring: each
competence with its current level and every sign-off (date, supervisor), and the completed
practice tasks with the learner's own reflections.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any
from zoneinfo import ZoneInfo

from flask import url_for
from flask_babel import get_timezone
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Row, select

from app.database import grouped_by
from app.extensions import db
from app.learner.services import PackageProgress, learner_progress
from app.models import (
    Card,
    Competence,
    CompetenceSignoff,
    EvidencePhoto,
    LessonPackage,
    PracticeTask,
    TaskCompletion,
    User,
)
from app.photos.services import photos_of
from app.privacy.labels import label, person_name
from app.signoffs.services import CompetenceStatus, competence_statuses
from app.supervisor.services import completions_of

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
    # Per competence id: the photos of the tasks that practise it, newest task first, with their
    # task. The supervisor ticks which of them go on the print (templates/supervisor/overview.html).
    photos: dict[int, list[tuple[EvidencePhoto, TaskCompletion]]]


def _photos_per_competence(
    completions: list[TaskCompletion],
) -> dict[int, list[tuple[EvidencePhoto, TaskCompletion]]]:
    photos = photos_of(completion.id for completion in completions)
    per_competence: dict[int, list[tuple[EvidencePhoto, TaskCompletion]]] = {}
    for completion in completions:
        for competence in completion.task.competences if completion.id in photos else ():
            for photo in photos[completion.id]:
                per_competence.setdefault(competence.id, []).append((photo, completion))
    return per_competence


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
        photos=_photos_per_competence(completions),
    )


def safe_cell(value: object) -> str:
    """Text for a spreadsheet cell that can never run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


# Learners per three queries (tasks, sign-offs, photos). The CSV of a whole organisation is
# written while it is read, a chunk of learners at a time, so memory stays bounded by a chunk,
# not by the organisation.
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
    _l("Foto's"),
)


class _Cells:
    """What every row of one CSV shares, worked out once: the words, the time zone.

    An organisation's CSV has tens of thousands of rows; per row, Babel's date formatting and
    a gettext lookup cost more than reading the row from the database.
    """

    def __init__(self) -> None:
        self.task_done = _("Taak gedaan")
        self.signoff = _("Aftekening")
        # zoneinfo, not Babel's pytz zone: converting is several times faster, the result equal.
        self.zone = ZoneInfo(str(get_timezone()))
        self.labels: dict[Enum, str] = {}

    def local(self, moment: datetime) -> str:
        """As ``format_datetime(moment, "yyyy-MM-dd HH:mm")``, in the app's time zone."""
        here = moment.astimezone(self.zone)
        return f"{here.year:04d}-{here.month:02d}-{here.day:02d} {here.hour:02d}:{here.minute:02d}"

    def label(self, value: Enum) -> str:
        if value not in self.labels:
            self.labels[value] = label(value)
        return self.labels[value]


def _completions(ids: list[int]) -> dict[int, list[Row[Any]]]:
    """Plain rows, no ORM objects: the columns a CSV line needs, newest first per learner."""
    rows: Iterable[Row[Any]] = db.session.execute(
        select(
            TaskCompletion.id,
            TaskCompletion.learner_id,
            TaskCompletion.completed_at,
            TaskCompletion.received_at,
            TaskCompletion.reflection,
            TaskCompletion.note,
            TaskCompletion.card_version,
            PracticeTask.title.label("task_title"),
            LessonPackage.title.label("package_title"),
        )
        .join(PracticeTask, PracticeTask.id == TaskCompletion.task_id)
        .join(Card, Card.id == PracticeTask.card_id)
        .join(LessonPackage, LessonPackage.id == Card.package_id)
        .where(TaskCompletion.learner_id.in_(ids))
        .order_by(TaskCompletion.completed_at.desc(), TaskCompletion.id.desc())
    )
    return grouped_by(rows, lambda row: row.learner_id)


def _signoffs(ids: list[int]) -> dict[int, list[Row[Any]]]:
    rows: Iterable[Row[Any]] = db.session.execute(
        select(
            CompetenceSignoff.learner_id,
            CompetenceSignoff.signed_on,
            CompetenceSignoff.level,
            CompetenceSignoff.note,
            CompetenceSignoff.signed_at,
            CompetenceSignoff.supervisor_id,
            Competence.name.label("competence_name"),
        )
        .join(Competence, Competence.id == CompetenceSignoff.competence_id)
        .where(CompetenceSignoff.learner_id.in_(ids))
        .order_by(CompetenceSignoff.signed_at, CompetenceSignoff.id)
    )
    return grouped_by(rows, lambda row: row.learner_id)


def _photo_paths(learner_ids: list[int]) -> dict[int, str]:
    """Per task of these learners, where its photos are: "/api/v1/photos/12 /api/v1/photos/13".
    Opened by whoever may see them (logged in); the CSV itself carries no image. One query per
    chunk, by learner: a list of the chunk's 20,000 task ids would cost more than the rows."""
    rows = db.session.execute(
        select(EvidencePhoto.completion_id, EvidencePhoto.id)
        .join(TaskCompletion, TaskCompletion.id == EvidencePhoto.completion_id)
        .where(TaskCompletion.learner_id.in_(learner_ids))
        .order_by(EvidencePhoto.completion_id, EvidencePhoto.number)
    )
    paths: dict[int, list[str]] = {}
    for completion_id, photo_id in rows:
        paths.setdefault(completion_id, []).append(url_for("api.photo", photo_id=photo_id))
    return {completion_id: " ".join(found) for completion_id, found in paths.items()}


def _names_of(user_ids: set[int]) -> dict[int, str]:
    """Shown names of the supervisors who signed: a handful per organisation."""
    if not user_ids:
        return {}
    users = db.session.scalars(select(User).where(User.id.in_(user_ids)))
    return {user.id: safe_cell(person_name(user)) for user in users}


def _rows(learners: Sequence[User]) -> Iterator[list[str]]:
    """Per learner, in the given order: tasks newest first, then sign-offs oldest first.

    Cells that people typed (names, titles, notes) go through ``safe_cell``; the rest is the
    app's own words, dates and numbers, which never start a formula."""
    cells = _Cells()
    for start in range(0, len(learners), CHUNK):
        chunk = learners[start : start + CHUNK]
        ids = [learner.id for learner in chunk]
        completions, signoffs = _completions(ids), _signoffs(ids)
        supervisors = _names_of({row.supervisor_id for rows in signoffs.values() for row in rows})
        photos = _photo_paths(ids)
        for learner in chunk:
            name, username = safe_cell(person_name(learner)), safe_cell(learner.username)
            for done in completions.get(learner.id, ()):
                yield [
                    cells.task_done,
                    name,
                    username,
                    cells.local(done.completed_at),
                    safe_cell(done.package_title),
                    safe_cell(done.task_title),
                    cells.label(done.reflection),
                    safe_cell(done.note),
                    str(done.card_version),
                    cells.local(done.received_at),
                    "",
                    photos.get(done.id, ""),
                ]
            for signoff in signoffs.get(learner.id, ()):
                yield [
                    cells.signoff,
                    name,
                    username,
                    signoff.signed_on.isoformat(),
                    "",
                    safe_cell(signoff.competence_name),
                    cells.label(signoff.level),
                    safe_cell(signoff.note),
                    "",
                    cells.local(signoff.signed_at),
                    supervisors.get(signoff.supervisor_id, "–"),
                    "",
                ]


# Rows per piece of the stream: large enough that the server writes few pieces, small enough
# that memory stays a few hundred KB whatever the organisation's size.
ROWS_PER_PIECE = 500


def csv_lines(learners: Sequence[User]) -> Iterator[str]:
    """The CSV, a few hundred lines at a time, to stream: UTF-8 with a byte order mark and semicolons, which is
    what Dutch Excel opens correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)

    def piece() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow([str(name) for name in HEADER])
    yield "\ufeff" + piece()
    for count, row in enumerate(_rows(learners), start=1):
        writer.writerow(row)
        if count % ROWS_PER_PIECE == 0:
            yield piece()
    yield piece()
