"""What a supervisor's phone keeps for offline use: the pages of their own group (caseload).

On the floor the supervisor often has no better network than the learner. Their phone keeps, for
every learner in their group: the learner's page, the sign-off page of each competence of the
learner's packages, and the page of each task the learner's page lists (where feedback is given),
plus the supervisor's home; each page fetched for the phone says so at its top. Sign-offs and
feedback made on those pages offline go into the outbox (static/js/supervisor.js,
app/sync/supervisor.py).

Only the own group: an organisation may have 400 learners, and their pages are sensitive data on
a phone that may get lost. A supervisor without a group is told to make one first.

The phone asks for this manifest on every supervisor page and fetches a learner's pages again only
when that learner's ``version`` changed (a new task, sign-off, feedback, package, name, or the
supervisor's own last look, which decides what is "new"), or the build changed; everything is
fetched again after six hours anyway (static/js/supervisor-offline.js). Before the first
download the phone shows ``estimated_bytes`` and waits for a tap.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from flask import url_for
from sqlalchemy import Select, func, select

from app.extensions import db
from app.learner.freshness import page_build
from app.models import (
    Assignment,
    CompetenceSignoff,
    LearnerLastSeen,
    TaskCompletion,
    TaskFeedback,
    User,
)
from app.models.content import package_competence
from app.permissions import learner_visible_to
from app.pwa.assets import SUPERVISOR_ASSETS, asset_url
from app.supervisor.caseload import caseload_learner_ids
from app.supervisor.services import RECENT_COMPLETIONS

# Bytes of one page as the phone stores it (uncompressed HTML), measured on the demo content; the
# size told before the first download is these times the number of pages. tests/supervisor/
# test_offline_manifest.py checks the estimate against the real pages.
PAGE_BYTES = {"home": 9_000, "learner": 14_000, "signoff": 7_000, "task": 6_000}
# A group larger than this is cut: more pages would not fit a cheap phone's spare storage.
MAX_LEARNERS = 60


@dataclass(frozen=True)
class OfflineLearner:
    id: int
    name: str
    url: str
    version: str
    pages: list[str]  # the sign-off pages and the task pages


@dataclass(frozen=True)
class SupervisorManifest:
    user_id: int
    page_version: str
    home: str
    assets: list[str]  # the supervisor's scripts (the rest is in the service worker's shell)
    learners: list[OfflineLearner]
    estimated_bytes: int


def _group(supervisor: User) -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .where(
                User.id.in_(caseload_learner_ids(supervisor)),
                learner_visible_to(supervisor),
                User.erased_at.is_(None),
            )
            .order_by(User.display_name, User.id)
            .limit(MAX_LEARNERS)
        )
    )


def _per_learner(query: Select[*tuple[Any, ...]]) -> dict[int, tuple[Any, ...]]:
    """Rows of a query whose first column is the learner id, by learner id."""
    return {row[0]: tuple(row[1:]) for row in db.session.execute(query)}


def _versions(supervisor: User, learners: list[User], build: str) -> dict[int, str]:
    """Per learner, a hash of everything their pages show (five grouped queries): rows are only
    added, so a count and the highest id tell whether any were."""
    ids = [learner.id for learner in learners]
    tasks = _per_learner(
        select(TaskCompletion.learner_id, func.count(), func.max(TaskCompletion.id))
        .where(TaskCompletion.learner_id.in_(ids))
        .group_by(TaskCompletion.learner_id)
    )
    signoffs = _per_learner(
        select(CompetenceSignoff.learner_id, func.count(), func.max(CompetenceSignoff.id))
        .where(CompetenceSignoff.learner_id.in_(ids))
        .group_by(CompetenceSignoff.learner_id)
    )
    feedback = _per_learner(
        select(
            TaskCompletion.learner_id,
            func.count(),
            func.max(TaskFeedback.id),
            func.count(TaskFeedback.read_at),
        )
        .join(TaskCompletion, TaskCompletion.id == TaskFeedback.completion_id)
        .where(TaskCompletion.learner_id.in_(ids))
        .group_by(TaskCompletion.learner_id)
    )
    packages = _per_learner(
        select(
            Assignment.learner_id,
            func.count(),
            func.max(Assignment.id),
            func.count(Assignment.removed_at),
        )
        .where(Assignment.learner_id.in_(ids))
        .group_by(Assignment.learner_id)
    )
    seen = _per_learner(
        select(LearnerLastSeen.learner_id, LearnerLastSeen.seen_at).where(
            LearnerLastSeen.supervisor_id == supervisor.id, LearnerLastSeen.learner_id.in_(ids)
        )
    )
    versions = {}
    for learner in learners:
        key = (
            build,
            learner.display_name,
            learner.active,
            *(table.get(learner.id) for table in (tasks, signoffs, feedback, packages, seen)),
        )
        versions[learner.id] = hashlib.sha256(repr(key).encode()).hexdigest()[:16]
    return versions


def _competence_ids(ids: list[int]) -> dict[int, list[int]]:
    """The competences of each learner's current packages (one query)."""
    rows = db.session.execute(
        select(Assignment.learner_id, package_competence.c.competence_id)
        .join(package_competence, package_competence.c.package_id == Assignment.package_id)
        .where(Assignment.learner_id.in_(ids), Assignment.removed_at.is_(None))
        .distinct()
        .order_by(Assignment.learner_id, package_competence.c.competence_id)
    )
    found: dict[int, list[int]] = defaultdict(list)
    for learner_id, competence_id in rows:
        found[learner_id].append(competence_id)
    return found


def _task_ids(supervisor: User, ids: list[int]) -> dict[int, list[int]]:
    """The tasks each learner's page lists (two queries): the newest by the phone's time, and
    every one received since the supervisor's last look, however old ("Nieuw")."""
    position = (
        func.row_number()
        .over(
            partition_by=TaskCompletion.learner_id,
            order_by=(TaskCompletion.completed_at.desc(), TaskCompletion.id.desc()),
        )
        .label("position")
    )
    ranked = (
        select(TaskCompletion.learner_id, TaskCompletion.id, position)
        .where(TaskCompletion.learner_id.in_(ids))
        .subquery()
    )
    rows = db.session.execute(
        select(ranked.c.learner_id, ranked.c.id)
        .where(ranked.c.position <= RECENT_COMPLETIONS)
        .order_by(ranked.c.learner_id, ranked.c.position)
    )
    new = db.session.execute(
        select(TaskCompletion.learner_id, TaskCompletion.id)
        .join(
            LearnerLastSeen,
            (LearnerLastSeen.learner_id == TaskCompletion.learner_id)
            & (LearnerLastSeen.supervisor_id == supervisor.id),
        )
        .where(
            TaskCompletion.learner_id.in_(ids),
            TaskCompletion.received_at > LearnerLastSeen.seen_at,
        )
        .order_by(TaskCompletion.learner_id, TaskCompletion.id)
    )
    found: dict[int, list[int]] = defaultdict(list)
    for learner_id, completion_id in [*rows, *new]:
        if completion_id not in found[learner_id]:
            found[learner_id].append(completion_id)
    return found


def supervisor_manifest(supervisor: User) -> SupervisorManifest:
    learners = _group(supervisor)
    ids = [learner.id for learner in learners]
    build = page_build()
    versions = _versions(supervisor, learners, build) if ids else {}
    competences = _competence_ids(ids) if ids else {}
    tasks = _task_ids(supervisor, ids) if ids else {}
    offline = [
        OfflineLearner(
            id=learner.id,
            name=learner.display_name,
            url=url_for("supervisor.learner", learner_id=learner.id),
            version=versions[learner.id],
            pages=[
                url_for("supervisor.signoff", learner_id=learner.id, competence_id=competence_id)
                for competence_id in competences.get(learner.id, [])
            ]
            + [
                url_for("supervisor.task", learner_id=learner.id, completion_id=completion_id)
                for completion_id in tasks.get(learner.id, [])
            ],
        )
        for learner in learners
    ]
    estimate = PAGE_BYTES["home"] + sum(
        PAGE_BYTES["learner"]
        + PAGE_BYTES["signoff"] * len(competences.get(learner.id, []))
        + PAGE_BYTES["task"] * len(tasks.get(learner.id, []))
        for learner in learners
    )
    return SupervisorManifest(
        user_id=supervisor.id,
        page_version=build,
        home=url_for("supervisor.home"),
        assets=[asset_url(name) for name in SUPERVISOR_ASSETS],
        learners=offline,
        estimated_bytes=estimate,
    )
