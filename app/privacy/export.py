"""A learner's data export (AVG right of access and portability): one zip for one person.

``gegevens.json`` holds every row that is about the learner, in the tables where it lives, and
``LEESMIJ.txt`` says in plain Dutch what each part means. Secrets never leave: no password hash,
no hash of a log-in or QR-card token, no phone-made ids. Keys are fixed Dutch words (the file's
format); values that are labels (role, reflection, level) follow the reader's language like the
pages do. Times are Dutch local time with their UTC offset.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from app.audit import record
from app.extensions import db
from app.feedback.services import feedback_on
from app.models import (
    Assignment,
    AuditAction,
    CompetenceSignoff,
    EvidencePhoto,
    LearnerLastSeen,
    LoginSession,
    LoginToken,
    Role,
    TaskCompletion,
    User,
)
from app.photos.services import photo_bytes, photos_of
from app.privacy.audit_log import events_about
from app.privacy.labels import label, person_name

FORMAT = "leerplek-gegevens"
VERSION = 1


def _when(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    return moment.astimezone(zone).isoformat(timespec="seconds")


def _day(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def has_learner_data(person: User) -> bool:
    """Whether anything is stored about ``person`` as a learner: a learner, or someone who was one
    (an admin may make a learner a supervisor: their tasks and sign-offs stay theirs)."""
    if person.role is Role.LEARNER:
        return True
    about = [
        select(Assignment.id).where(Assignment.learner_id == person.id),
        select(TaskCompletion.id).where(TaskCompletion.learner_id == person.id),
        select(CompetenceSignoff.id).where(CompetenceSignoff.learner_id == person.id),
    ]
    return any(db.session.scalar(query.limit(1)) is not None for query in about)


def _account(learner: User) -> dict[str, Any]:
    return {
        "gebruikersnaam": learner.username,
        "naam": learner.display_name,
        "rol": label(learner.role),
        "organisatie": learner.organisation.name,
        "taal": learner.locale,
        "actief": learner.active,
        "gemaakt_op": _when(learner.created_at),
        "laatst_actief_op": _when(learner.last_active_at),
        "verwijderd_op": _when(learner.erased_at),
    }


def _assignments(learner: User) -> list[dict[str, Any]]:
    rows = db.session.scalars(
        select(Assignment)
        .where(Assignment.learner_id == learner.id)
        .order_by(Assignment.assigned_at)
    )
    return [
        {
            "lespakket": row.package.title,
            "gegeven_op": _when(row.assigned_at),
            "gegeven_door": person_name(row.assigned_by) if row.assigned_by else None,
            "weggehaald_op": _when(row.removed_at),
        }
        for row in rows
    ]


def _completion_rows(learner: User) -> list[TaskCompletion]:
    return list(
        db.session.scalars(
            select(TaskCompletion)
            .where(TaskCompletion.learner_id == learner.id)
            .order_by(TaskCompletion.completed_at, TaskCompletion.id)
        )
    )


def _photo_file(photo: EvidencePhoto) -> str:
    """Where a photo is in the zip: one name per task and number."""
    return f"fotos/taak-{photo.completion_id}-foto-{photo.number}.webp"


def _completions(learner: User) -> list[dict[str, Any]]:
    rows = _completion_rows(learner)
    photos = photos_of(row.id for row in rows)
    feedback = feedback_on(row.id for row in rows)
    return [
        {
            "lespakket": row.task.card.package.title,
            "kaart": row.task.card.title,
            "taak": row.task.title,
            "kaartversie": row.card_version,
            "gedaan_op": _when(row.completed_at),
            "ontvangen_op": _when(row.received_at),
            "reflectie": label(row.reflection),
            "notitie": row.note,
            "fotos": [_photo_file(photo) for photo in photos.get(row.id, [])],
            "feedback": [
                {
                    "van": person_name(given.supervisor),
                    "tekst": given.text,
                    "gegeven_op": _when(given.created_at),
                    "gelezen_op": _when(given.read_at),
                }
                for given in feedback.get(row.id, [])
            ],
        }
        for row in rows
    ]


def _signoffs(learner: User) -> list[dict[str, Any]]:
    """Every row, so corrections and withdrawals are in it too (oldest first, as they happened)."""
    rows = db.session.scalars(
        select(CompetenceSignoff)
        .where(CompetenceSignoff.learner_id == learner.id)
        .order_by(CompetenceSignoff.signed_at, CompetenceSignoff.id)
    )
    return [
        {
            "competentie": row.competence.name,
            "sbb_werkproces": row.competence.sbb_code,
            "niveau": label(row.level),
            "datum": _day(row.signed_on),
            "notitie": row.note,
            "begeleider": person_name(row.supervisor),
            "afgetekend_om": _when(row.signed_at),  # made then (offline: on the phone's clock)
            "vastgelegd_op": _when(row.created_at),  # stored by the server then
        }
        for row in rows
    ]


def _seen(learner: User) -> list[dict[str, Any]]:
    rows = db.session.scalars(
        select(LearnerLastSeen)
        .where(LearnerLastSeen.learner_id == learner.id)
        .order_by(LearnerLastSeen.seen_at)
    )
    return [
        {
            "begeleider": person_name(db.session.get(User, row.supervisor_id)),
            "laatst_bekeken_op": _when(row.seen_at),
        }
        for row in rows
    ]


def _login_cards(learner: User) -> list[dict[str, Any]]:
    rows = db.session.scalars(
        select(LoginToken)
        .where(LoginToken.learner_id == learner.id)
        .order_by(LoginToken.created_at)
    )
    return [
        {
            "gemaakt_op": _when(row.created_at),
            "gemaakt_door": person_name(row.created_by) if row.created_by else None,
            "gebruikt_op": _when(row.used_at),
            "ingetrokken_op": _when(row.revoked_at),
        }
        for row in rows
    ]


def _logins(learner: User) -> list[dict[str, Any]]:
    rows = db.session.scalars(
        select(LoginSession)
        .where(LoginSession.user_id == learner.id)
        .order_by(LoginSession.created_at)
    )
    return [
        {
            "ingelogd_op": _when(row.created_at),
            "laatst_gebruikt_op": _when(row.last_used_at),
            "verloopt_op": _when(row.expires_at),
            "uitgelogd_op": _when(row.ended_at),
        }
        for row in rows
    ]


def _log(learner: User) -> list[dict[str, Any]]:
    """What was done to the person, and what they did that was about no one else: someone who
    was a learner and is now a supervisor or admin acted on others, and their names stay out."""
    return [
        {
            "tijd": _when(event.created_at),
            "actie": label(event.action),
            "door": person_name(event.actor) if event.actor else _("Leerplek zelf"),
            "over": person_name(event.subject) if event.subject else None,
        }
        for event in events_about(learner)
        if event.subject_id in (None, learner.id)
    ]


def learner_data(learner: User, now: datetime) -> dict[str, Any]:
    """Everything stored about ``learner``, section by section (see LEESMIJ.txt)."""
    return {
        "formaat": FORMAT,
        "versie": VERSION,
        "gemaakt_op": _when(now),
        "account": _account(learner),
        "lespakketten": _assignments(learner),
        "gedane_taken": _completions(learner),
        "aftekeningen": _signoffs(learner),
        "bekeken_door_begeleider": _seen(learner),
        "inlogkaarten": _login_cards(learner),
        "inloggen": _logins(learner),
        "logboek": _log(learner),
    }


def _parts() -> list[tuple[str, str]]:
    """Each section of gegevens.json with what it holds, said to the learner."""
    return [
        (
            "account",
            _(
                "je naam, gebruikersnaam, rol, organisatie en taal. En wanneer je account is gemaakt "
                "en wanneer je Leerplek het laatst gebruikte."
            ),
        ),
        (
            "lespakketten",
            _(
                "welke lespakketten je kreeg, van wie en wanneer. "
                "En wanneer een lespakket weer is weggehaald."
            ),
        ),
        (
            "gedane_taken",
            _(
                "de taken die je hebt gedaan. Met hoe het ging, je eigen notitie, je foto's "
                "en de feedback van je begeleider. De foto's staan in de map fotos."
            ),
        ),
        (
            "aftekeningen",
            _("wat je begeleider heeft afgetekend. Ook een verbetering of intrekking staat erin."),
        ),
        ("bekeken_door_begeleider", _("wanneer een begeleider jouw pagina het laatst bekeek.")),
        (
            "inlogkaarten",
            _(
                "je inlogkaarten met QR-code: wanneer gemaakt, door wie, "
                "en wanneer gebruikt of ingetrokken."
            ),
        ),
        ("inloggen", _("wanneer je bent ingelogd en wanneer je weer bent uitgelogd.")),
        (
            "logboek",
            _("wie iets met jouw account heeft gedaan. Bijvoorbeeld je gegevens downloaden."),
        ),
    ]


def readme(learner: User, now: datetime) -> str:
    """LEESMIJ.txt: plain Dutch (B1), one line per part of gegevens.json."""
    lines = [
        _("Jouw gegevens in Leerplek"),
        "",
        _("Dit zijn alle gegevens die Leerplek over %(name)s bewaart.", name=learner.display_name),
        _("Gemaakt op: %(when)s.", when=_when(now)),
        "",
        _("In het bestand gegevens.json staan deze delen:"),
        *(f"- {key}: {text}" for key, text in _parts()),
        "",
        _("Je wachtwoord staat er niet in. De geheime codes van je inlogkaarten ook niet."),
        _("De tijden zijn Nederlandse tijd."),
        "",
        _(
            "Klopt er iets niet? Of wil je dat we je gegevens verwijderen? "
            "Vraag het aan je begeleider."
        ),
        "",
    ]
    return "\r\n".join(lines)  # Windows Notepad shows bare \n as one long line


def export_zip(actor: User, learner: User) -> bytes:
    """The zip for ``learner``, and an EXPORT event in the audit log (the caller commits)."""
    now = datetime.now(UTC)
    data = json.dumps(learner_data(learner, now), ensure_ascii=False, indent=2)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("gegevens.json", data + "\n")
        archive.writestr("LEESMIJ.txt", readme(learner, now))
        rows = _completion_rows(learner)
        for photos in photos_of(row.id for row in rows).values():
            for photo in photos:
                image = photo_bytes(photo, "full")
                if image is not None:
                    archive.writestr(_photo_file(photo), image)
    record(AuditAction.EXPORT, actor, learner)
    return buffer.getvalue()


def export_filename(learner: User) -> str:
    """Only safe characters: the username ends up in a Content-Disposition header."""
    return f"leerplek-gegevens-{re.sub(r'[^A-Za-z0-9._-]', '_', learner.username)}.zip"
