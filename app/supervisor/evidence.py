"""Evidence of what a learner can do: the printable overview and the CSV exports.

The overview is usable as the supervisor's judgement for an SBB praktijkverklaring: each
competence with its current level and every sign-off (date, supervisor), and the completed
practice tasks with the learner's own reflections.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import format_date, format_datetime
from flask_babel import gettext as _
from sqlalchemy import select

from app.extensions import db
from app.learner.services import PackageProgress, learner_progress
from app.models import CompetenceSignoff, TaskCompletion, User
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


def _rows(learners: Iterable[User]) -> Iterable[list[str]]:
    for learner in learners:
        for completion in completions_of(learner):
            task = completion.task
            yield [
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
        signoffs = db.session.scalars(
            select(CompetenceSignoff)
            .where(CompetenceSignoff.learner_id == learner.id)
            .order_by(CompetenceSignoff.created_at, CompetenceSignoff.id)
        )
        for signoff in signoffs:
            yield [
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


def csv_export(learners: Iterable[User]) -> str:
    """UTF-8 with a byte order mark and semicolons: what Dutch Excel opens correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(
        [
            _("Soort"),
            _("Leerling"),
            _("Gebruikersnaam"),
            _("Datum"),
            _("Lespakket"),
            _("Taak of competentie"),
            _("Reflectie of niveau"),
            _("Notitie"),
            _("Kaartversie"),
            _("Ontvangen of vastgelegd"),
            _("Begeleider"),
        ]
    )
    for row in _rows(learners):
        writer.writerow([safe_cell(cell) for cell in row])
    return "\ufeff" + buffer.getvalue()
