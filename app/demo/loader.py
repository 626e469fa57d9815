"""Demo organisations, accounts and lesson packages, created idempotently.

Running it again creates only what is missing and never changes existing rows, so the data
someone made while trying the app survives a second ``make run``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from app.content import services as content
from app.demo.content import PACKAGES
from app.extensions import db
from app.models import (
    Assignment,
    Competence,
    LessonPackage,
    Organisation,
    OrganisationKind,
    Role,
    User,
)

DEMO_PASSWORD = "oefenen123"
SCHOOL = "ROC Amsterdam-Zaan"
ENTERPRISES = ("Kringloop De Omslag", "Groen & Schoon Werkt")


@dataclass(frozen=True)
class DemoAccount:
    username: str
    display_name: str
    role: Role
    organisation: str


DEMO_ACCOUNTS = (
    DemoAccount("beheer", "Bram Beheer", Role.ADMIN, SCHOOL),
    DemoAccount("redacteur", "Renée de Redacteur", Role.EDITOR, SCHOOL),
    DemoAccount("begeleider1", "Saskia Jansen", Role.SUPERVISOR, ENTERPRISES[0]),
    DemoAccount("begeleider2", "Mohamed El Amrani", Role.SUPERVISOR, ENTERPRISES[1]),
    DemoAccount("leerling1", "Anouk de Vries", Role.LEARNER, ENTERPRISES[0]),
    DemoAccount("leerling2", "Dennis Bakker", Role.LEARNER, ENTERPRISES[0]),
    DemoAccount("leerling3", "Fatima Ouali", Role.LEARNER, ENTERPRISES[0]),
    DemoAccount("leerling4", "Kees Visser", Role.LEARNER, ENTERPRISES[1]),
    DemoAccount("leerling5", "Lina Haddad", Role.LEARNER, ENTERPRISES[1]),
    DemoAccount("leerling6", "Tomasz Nowak", Role.LEARNER, ENTERPRISES[1]),
)

# Which packages (by slug) each demo learner has; every package is in use somewhere.
DEMO_ASSIGNMENTS = {
    "leerling1": ("veilig-werken", "digitaal-werken", "afval-scheiden"),
    "leerling2": ("veilig-werken", "afval-scheiden"),
    "leerling3": ("digitaal-werken",),
    "leerling4": ("veilig-werken", "digitaal-werken", "afval-scheiden"),
    "leerling5": ("afval-scheiden",),
    "leerling6": ("veilig-werken", "digitaal-werken"),
}


def _organisation(name: str, kind: OrganisationKind) -> Organisation:
    existing = db.session.scalar(select(Organisation).where(Organisation.name == name))
    if existing is not None:
        return existing
    organisation = Organisation(name=name, kind=kind)
    db.session.add(organisation)
    return organisation


def _account(account: DemoAccount, organisations: dict[str, Organisation], method: str) -> User:
    existing = db.session.scalar(select(User).where(User.username == account.username))
    if existing is not None:
        return existing
    user = User(
        username=account.username,
        display_name=account.display_name,
        role=account.role,
        organisation=organisations[account.organisation],
    )
    user.set_password(DEMO_PASSWORD, method=method)
    db.session.add(user)
    return user


def _package(spec: dict[str, Any], owner: Organisation, editor: User) -> LessonPackage:
    existing = db.session.scalar(select(LessonPackage).where(LessonPackage.slug == spec["slug"]))
    if existing is not None:
        return existing
    package = content.create_package(owner, spec["slug"], spec["title"], spec["description"])
    competences = {item["key"]: _competence(package, item) for item in spec["competences"]}
    for card_spec in spec["cards"]:
        card = content.add_card(
            package, editor, card_spec["title"], card_spec["body"], card_spec["easy_body"]
        )
        task = card_spec["task"]
        content.add_task(
            card,
            task["title"],
            task["instruction"],
            [competences[key] for key in task["competences"]],
        )
        content.publish_card(card, editor)
    return package


def _competence(package: LessonPackage, spec: dict[str, str]) -> Competence:
    """A demo competence, with its SBB work process where it is one (app/demo/content.py)."""
    competence = content.add_competence(package, spec["name"], spec["description"])
    competence.sbb_code = spec.get("sbb_code")
    competence.sbb_name = spec.get("sbb_name")
    return competence


def _assign(learner: User, package: LessonPackage, supervisor: User | None) -> None:
    exists = db.session.scalar(
        select(Assignment.id).where(
            Assignment.learner_id == learner.id, Assignment.package_id == package.id
        )
    )
    if exists is None:
        db.session.add(Assignment(learner=learner, package=package, assigned_by=supervisor))


def load_demo_data(password_method: str = "scrypt") -> None:
    """Create whatever demo data is missing; leave everything that exists as it is (the caller
    commits)."""
    organisations = {SCHOOL: _organisation(SCHOOL, OrganisationKind.SCHOOL)}
    for name in ENTERPRISES:
        organisations[name] = _organisation(name, OrganisationKind.ENTERPRISE)
    users = {
        account.username: _account(account, organisations, password_method)
        for account in DEMO_ACCOUNTS
    }
    db.session.flush()
    packages = {
        spec["slug"]: _package(spec, organisations[SCHOOL], users["redacteur"]) for spec in PACKAGES
    }
    db.session.flush()
    supervisors = {u.organisation_id: u for u in users.values() if u.role is Role.SUPERVISOR}
    for username, slugs in DEMO_ASSIGNMENTS.items():
        learner = users[username]
        for slug in slugs:
            _assign(learner, packages[slug], supervisors.get(learner.organisation_id))
    db.session.flush()
