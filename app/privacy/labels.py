"""Words for stored values, shared by the pages, the CSV exports and the data export.

People are named by ``person_name``, also after they were erased: an erased account keeps its row
(sign-offs and counts point at it) with a Dutch placeholder as its stored name, and pages show the
translated placeholder instead, so an erased learner is "verwijderde leerling" in the reader's
language everywhere.
"""

from __future__ import annotations

from flask_babel import gettext as _

from app.models import AuditAction, Reflection, Role, SignoffLevel, User

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


def role_label(role: Role) -> str:
    return {
        Role.LEARNER: _("Leerling"),
        Role.SUPERVISOR: _("Begeleider"),
        Role.EDITOR: _("Redacteur"),
        Role.ADMIN: _("Beheerder"),
    }[role]


def reflection_label(reflection: Reflection) -> str:
    return {
        Reflection.GOOD: _("Goed"),
        Reflection.OK: _("Ging wel"),
        Reflection.HARD: _("Moeilijk"),
    }[reflection]


def level_label(level: SignoffLevel) -> str:
    return {
        SignoffLevel.WITH_HELP: _("Met hulp"),
        SignoffLevel.INDEPENDENT: _("Zelfstandig"),
        SignoffLevel.WITHDRAWN: _("Ingetrokken"),
    }[level]


def action_label(action: AuditAction) -> str:
    return {
        AuditAction.EXPORT: _("Gegevens gedownload"),
        AuditAction.ERASE: _("Persoon verwijderd"),
        AuditAction.RETENTION_ERASE: _("Verwijderd na bewaartermijn"),
        AuditAction.RESET_PASSWORD: _("Nieuw wachtwoord gezet"),
        AuditAction.DEACTIVATE: _("Account uitgezet"),
        AuditAction.ACTIVATE: _("Account weer aangezet"),
        AuditAction.PRINT_QR_CARDS: _("Inlogkaart gemaakt"),
        AuditAction.WITHDRAW_QR_CARDS: _("Inlogkaart ingetrokken"),
        AuditAction.END_SESSIONS: _("Overal uitgelogd"),
    }[action]
