"""Words for stored values, shared by the pages, the CSV exports and the data export.

Every enum a person reads (role, organisation kind, reflection, level, audit action) has one dict
in ``LABELS``; ``label`` (the ``label`` filter in templates) and ``choices`` (form choices) use it,
so a word is written once.

People are named by ``person_name``, also after they were erased: an erased account keeps its row
(sign-offs and counts point at it) with a Dutch placeholder as its stored name, and pages show the
translated placeholder instead, so an erased learner is "verwijderde leerling" in the reader's
language everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum
from typing import Any

from flask_babel import LazyString
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.models import AuditAction, OrganisationKind, Reflection, Role, SignoffLevel, User

# Stored in ``display_name`` on erasure: what any page that does not use ``person_name`` shows.
STORED_PLACEHOLDER = {
    Role.LEARNER: "verwijderde leerling",
    Role.SUPERVISOR: "verwijderde begeleider",
    Role.EDITOR: "verwijderde redacteur",
    Role.ADMIN: "verwijderde beheerder",
}


def person_name(user: User | None) -> str:
    """The name to show for ``user``: their own, or a placeholder once they are erased."""
    if user is None:
        return "–"
    if user.erased_at is None:
        return user.display_name
    return erased_name(user.role)


def erased_name(role: Role) -> str:
    """What stands where an erased person's name was."""
    return {
        Role.LEARNER: _("verwijderde leerling"),
        Role.SUPERVISOR: _("verwijderde begeleider"),
        Role.EDITOR: _("verwijderde redacteur"),
        Role.ADMIN: _("verwijderde beheerder"),
    }[role]


# One Dutch word per stored value: the ``label`` filter on pages, and the CSV and data exports.
LABELS: dict[type[Enum], dict[Any, LazyString]] = {
    Role: {
        Role.LEARNER: _l("Leerling"),
        Role.SUPERVISOR: _l("Begeleider"),
        Role.EDITOR: _l("Redacteur"),
        Role.ADMIN: _l("Beheerder"),
    },
    OrganisationKind: {
        OrganisationKind.SCHOOL: _l("School"),
        OrganisationKind.ENTERPRISE: _l("Sociale onderneming"),
    },
    Reflection: {
        Reflection.GOOD: _l("Goed"),
        Reflection.OK: _l("Ging wel"),
        Reflection.HARD: _l("Moeilijk"),
    },
    SignoffLevel: {
        SignoffLevel.WITH_HELP: _l("Met hulp"),
        SignoffLevel.INDEPENDENT: _l("Zelfstandig"),
        SignoffLevel.WITHDRAWN: _l("Ingetrokken"),
    },
    AuditAction: {
        AuditAction.EXPORT: _l("Gegevens gedownload"),
        AuditAction.ERASE: _l("Persoon verwijderd"),
        AuditAction.RETENTION_ERASE: _l("Verwijderd na bewaartermijn"),
        AuditAction.RESET_PASSWORD: _l("Nieuw wachtwoord gezet"),
        AuditAction.DEACTIVATE: _l("Account uitgezet"),
        AuditAction.ACTIVATE: _l("Account weer aangezet"),
        AuditAction.PRINT_QR_CARDS: _l("Inlogkaart gemaakt"),
        AuditAction.WITHDRAW_QR_CARDS: _l("Inlogkaart ingetrokken"),
        AuditAction.END_SESSIONS: _l("Overal uitgelogd"),
        AuditAction.UPDATE_USER: _l("Account aangepast"),
    },
}


def label(value: Enum) -> str:
    """The word for a stored value (a role, a reflection, ...) in the reader's language."""
    return str(LABELS[type(value)][value])


def choices(members: Iterable[Enum]) -> list[tuple[str, str]]:
    """Form choices: (stored value, word) for each member, in the given order."""
    return [(member.value, label(member)) for member in members]
