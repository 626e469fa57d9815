"""The pilot's numbers, counted by the database (GROUP BY), never by loading task rows.

Who sees what (``Scope``):
- editors see the packages of their own organisation (the school), admins every package, both
  across every organisation that uses them; any number there that rests on fewer than
  ``MIN_LEARNERS`` learners is shown as "< 5" (``Cell``), and no note is ever shown;
- supervisors see their own organisation only, exactly.

Every figure covers one period (``Period``, whole days in the app's time zone). Per package and
per organisation, and per card: learners assigned (an assignment that ran during the period),
learners who started (did a task of it in the period), tasks done, the reflections (goed / ging
wel / moeilijk) as counts and shares, notes written, and two medians over the learners who got
the package in the period (a cohort): days from getting it to their first task, and to their
first "zelfstandig" sign-off of one of its competences, whenever that came; whoever has not got
there yet is not in the median. The medians are taken over one number per learner, which the
database computes (GROUP BY learner); only those numbers come to Python, as SQLite has no median.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import astuple, dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property
from typing import Any, TypeVar, cast

from flask_babel import get_timezone
from sqlalchemy import ColumnElement, and_, case, func, or_, select, true
from sqlalchemy.orm import aliased

from app.evaluation import cache
from app.extensions import db
from app.i18n import local_today
from app.models import (
    Assignment,
    Card,
    CompetenceSignoff,
    LessonPackage,
    Organisation,
    PracticeTask,
    Reflection,
    Role,
    SignoffLevel,
    TaskCompletion,
    User,
)
from app.models.content import package_competence
from app.permissions import package_editable_by

T = TypeVar("T")

# Without a chosen period: the last twelve weeks, today included.
DEFAULT_DAYS = 12 * 7
# Across organisations, a number resting on fewer learners than this is not shown.
MIN_LEARNERS = 5
SECONDS_PER_DAY = 86400


@dataclass(frozen=True)
class Period:
    """Whole days, ``first`` to ``last`` inclusive, in the app's time zone (Europe/Amsterdam)."""

    first: date
    last: date

    @property
    def starts_at(self) -> datetime:
        return _local_midnight(self.first)

    @property
    def ends_at(self) -> datetime:
        """The first moment after the period."""
        return _local_midnight(self.last + timedelta(days=1))

    def completed_within(self) -> ColumnElement[bool]:
        return and_(
            TaskCompletion.completed_at >= self.starts_at,
            TaskCompletion.completed_at < self.ends_at,
        )


def default_period() -> Period:
    today = local_today()
    return Period(today - timedelta(days=DEFAULT_DAYS - 1), today)


def _local_midnight(day: date) -> datetime:
    zone = get_timezone()
    return zone.localize(datetime.combine(day, time())).astimezone(UTC)


@dataclass
class Scope:
    """The packages and learners a viewer's numbers cover, and whether small numbers are hidden.

    The ids of the packages (and, for one organisation, of its learners) are read once and given
    to every query as a list: the database then starts from those rows (the index on
    task_completion's learner_id and completed_at) instead of every task of the period, and does
    not work out the same subquery again in every query and every parallel worker.
    """

    viewer: User
    # Count again even where kept figures are fresh (``flask evaluation count``).
    recount: bool = False
    _package_ids: list[int] | None = field(default=None, repr=False)
    _learner_ids: list[int] | None = field(default=None, repr=False)
    # Figures already counted for this page (a package's page shows the package's figures in
    # two tables and its cards' in two): looked up once per request.
    _counted: dict[tuple[Any, ...], Any] = field(default_factory=dict, repr=False)
    # When the oldest figures on the page were counted (they may be kept ones: cache.py).
    counted_at: datetime | None = None

    def counted(
        self,
        key: tuple[Any, ...],
        count: Callable[[], T],
        encode: Callable[[T], Any],
        decode: Callable[[Any], T],
    ) -> T:
        """``count()``, or the same figures kept from an earlier request (``key``: the kind of
        figures first, then the period and whatever else they depend on besides the scope)."""
        if key not in self._counted:
            kind, *parts = key
            value, counted_at = cache.remembered(
                f"{self.key()}:{kind}:{cache.digest(*parts)}",
                count,
                encode,
                decode,
                recount=self.recount,
            )
            self._counted[key] = value
            if self.counted_at is None or counted_at < self.counted_at:
                self.counted_at = counted_at
        return cast(T, self._counted[key])

    def key(self) -> str:
        """What the numbers depend on besides the period: the learners (everyone, or one
        organisation's) and the packages. Viewers with the same key see the same numbers."""
        learners = "all" if self.across_organisations else self.viewer.organisation_id
        return cache.digest(learners, sorted(self.package_ids()))

    @cached_property  # asked for every number shown; the viewer is a proxy object
    def across_organisations(self) -> bool:
        return self.viewer.role in (Role.EDITOR, Role.ADMIN)

    def learners(self) -> ColumnElement[bool]:
        """A condition on ``User`` (the learner)."""
        rule = User.role == Role.LEARNER
        if self.across_organisations:
            return rule
        return and_(rule, User.organisation_id == self.viewer.organisation_id)

    def learner_ids(self) -> list[int]:
        if self._learner_ids is None:
            self._learner_ids = list(db.session.scalars(select(User.id).where(self.learners())))
        return self._learner_ids

    def by_learners(self, column: Any) -> ColumnElement[bool]:
        """A condition on a learner id column: the organisation's learners, or anyone across
        organisations (only learners do tasks and get sign-offs)."""
        if self.across_organisations:
            return true()
        return column.in_(self.learner_ids())

    def completions(self) -> ColumnElement[bool]:
        return self.by_learners(TaskCompletion.learner_id)

    def package_ids(self) -> list[int]:
        """An editor's own packages, every one for an admin; a supervisor's are those ever
        assigned in their organisation (read from its learners: the index on
        assignment.learner_id)."""
        if self._package_ids is None:
            query = (
                select(LessonPackage.id).where(package_editable_by(self.viewer))
                if self.across_organisations
                else select(Assignment.package_id)
                .where(Assignment.learner_id.in_(self.learner_ids()))
                .distinct()
            )
            self._package_ids = list(db.session.scalars(query))
        return self._package_ids


@dataclass(frozen=True)
class Cell:
    """A number with the count of learners it rests on."""

    value: float | int | None
    learners: int


@dataclass
class Figures:
    """One row of a table: a package (in one organisation or all), or a card."""

    assigned: int = 0
    started: int = 0
    tasks: int = 0
    good: int = 0
    ok: int = 0
    hard: int = 0
    notes: int = 0
    days_to_first_task: list[float] = field(default_factory=list)  # one number per learner
    days_to_independent: list[float] = field(default_factory=list)

    def as_row(self) -> list[Any]:
        """The fields in order, as kept in ``counted_figures`` (without a name per number)."""
        return list(astuple(self))

    @classmethod
    def from_row(cls, row: list[Any]) -> Figures:
        return cls(*row)

    def cells(self) -> dict[str, Cell]:
        """Every number of the row, each with the learners it rests on."""
        started = self.started

        def share(count: int) -> float | None:
            return count / self.tasks if self.tasks else None

        def median(values: list[float]) -> float | None:
            return round(statistics.median(values), 1) if values else None

        return {
            "assigned": Cell(self.assigned, self.assigned),
            "started": Cell(self.started, self.started),
            "tasks": Cell(self.tasks, started),
            "good": Cell(self.good, started),
            "ok": Cell(self.ok, started),
            "hard": Cell(self.hard, started),
            "good_share": Cell(share(self.good), started),
            "ok_share": Cell(share(self.ok), started),
            "hard_share": Cell(share(self.hard), started),
            "notes": Cell(self.notes, started),
            "days_to_first_task": Cell(
                median(self.days_to_first_task), len(self.days_to_first_task)
            ),
            "days_to_independent": Cell(
                median(self.days_to_independent), len(self.days_to_independent)
            ),
        }


def _period_tasks(scope: Scope, period: Period, cards: ColumnElement[bool] | None = None) -> Any:
    """The tasks of the period by the learners in scope (and, given ``cards``, a condition on
    ``Card``, of those cards only), as a CTE that the queries below count from, in place of
    ``TaskCompletion``.

    Across organisations, for a package or a few cards the CTE starts from their tasks (the
    index on task_completion's task_id: a few thousand rows), not from every task of the period.
    For one organisation its learners' tasks are fewer still (the index on learner_id and
    completed_at), and the cards are left to the joins below: given both, PostgreSQL would
    take the cards' tasks of every organisation.

    On PostgreSQL it is MATERIALIZED: read first, on its own, through the index on (learner_id,
    completed_at) for one organisation. Left to itself the planner joins the tasks of the
    organisation's cards first and reads every organisation's completions of them (700 ms
    instead of 10 ms at national size).
    """
    within = period.completed_within()
    if cards is not None and scope.across_organisations:
        of_cards = select(PracticeTask.id).join(Card, Card.id == PracticeTask.card_id).where(cards)
        within = and_(within, TaskCompletion.task_id.in_(of_cards))
    tasks = (
        select(
            TaskCompletion.id,
            TaskCompletion.task_id,
            TaskCompletion.learner_id,
            TaskCompletion.card_version,
            TaskCompletion.completed_at,
            TaskCompletion.reflection,
            TaskCompletion.note,
        )
        .where(scope.completions(), within)
        .cte("period_tasks")
        .prefix_with("MATERIALIZED", dialect="postgresql")
    )
    return aliased(TaskCompletion, tasks, adapt_on_names=True)


def _cards(scope: Scope, package_id: int | None) -> ColumnElement[bool]:
    """A condition on ``Card``: of the packages in scope, or of the one package given."""
    in_scope = Card.package_id.in_(scope.package_ids())
    return in_scope if package_id is None else and_(in_scope, Card.package_id == package_id)


def _tasks_of(scope: Scope, period: Period, package_id: int | None) -> tuple[Any, Any]:
    """The period's tasks (a CTE, read from the package's own tasks when one is given) and the
    condition on ``Card`` to count them by."""
    cards = _cards(scope, package_id)
    return _period_tasks(scope, period, None if package_id is None else cards), cards


def _reflection_counts(tasks: Any) -> list[Any]:
    def count(reflection: Reflection) -> Any:
        return func.sum(case((tasks.reflection == reflection, 1), else_=0))

    return [
        func.count(func.distinct(tasks.learner_id)),
        func.count(tasks.id),
        count(Reflection.GOOD),
        count(Reflection.OK),
        count(Reflection.HARD),
        func.sum(case((tasks.note != "", 1), else_=0)),
    ]


def _fill(figures: Figures, row: Iterable[Any]) -> None:
    started, tasks, good, ok, hard, notes = (int(value or 0) for value in row)
    figures.started, figures.tasks = started, tasks
    figures.good, figures.ok, figures.hard, figures.notes = good, ok, hard, notes


def _days(later: Any, earlier: Any) -> Any:
    """Days between two moments, as the database computes them."""
    if db.engine.dialect.name == "postgresql":
        return func.extract("epoch", later - earlier) / SECONDS_PER_DAY
    return func.julianday(later) - func.julianday(earlier)


PackageKey = tuple[int, int]  # (package id, organisation id)


def package_figures(
    scope: Scope, period: Period, package_id: int | None = None
) -> dict[PackageKey, Figures]:
    """Per package (every one in scope, or the one given) and organisation (four grouped
    queries, whatever the number of rows; once per page). Shared by the tables of a page: read
    them, do not change them."""
    return scope.counted(
        ("packages", period, package_id),
        lambda: _package_figures(scope, period, package_id),
        lambda figures: [[*key, value.as_row()] for key, value in figures.items()],
        lambda rows: {
            (package, organisation): Figures.from_row(row) for package, organisation, row in rows
        },
    )


def _package_figures(
    scope: Scope, period: Period, package_id: int | None
) -> dict[PackageKey, Figures]:
    package_ids = scope.package_ids() if package_id is None else [package_id]
    figures: dict[PackageKey, Figures] = defaultdict(Figures)
    assigned = db.session.execute(
        select(Assignment.package_id, User.organisation_id, func.count(func.distinct(User.id)))
        .join(User, User.id == Assignment.learner_id)
        .where(
            scope.learners(),
            scope.by_learners(Assignment.learner_id),
            Assignment.package_id.in_(package_ids),
            Assignment.assigned_at < period.ends_at,
            or_(Assignment.removed_at.is_(None), Assignment.removed_at >= period.starts_at),
        )
        .group_by(Assignment.package_id, User.organisation_id)
    )
    for assigned_package, organisation_id, count in assigned:
        figures[(assigned_package, organisation_id)].assigned = count
    tasks, cards = _tasks_of(scope, period, package_id)
    done = db.session.execute(
        select(Card.package_id, User.organisation_id, *_reflection_counts(tasks))
        .select_from(tasks)
        .join(PracticeTask, PracticeTask.id == tasks.task_id)
        .join(Card, Card.id == PracticeTask.card_id)
        .join(User, User.id == tasks.learner_id)
        .where(cards)
        .group_by(Card.package_id, User.organisation_id)
    )
    for done_package, organisation_id, *counts in done:
        _fill(figures[(done_package, organisation_id)], counts)
    for key, days in _first_task_days(scope, period, package_ids).items():
        figures[key].days_to_first_task = days
    for key, days in _independent_days(scope, period, package_ids).items():
        figures[key].days_to_independent = days
    return figures


def _cohort(scope: Scope, period: Period, package_ids: list[int]) -> Any:
    """The learners who got a package in the period (one row per assignment in scope): the
    medians follow them from that day on. Few rows, so what follows reads only their tasks and
    sign-offs (by learner id), not every organisation's."""
    return (
        select(
            Assignment.learner_id.label("learner_id"),
            Assignment.package_id.label("package_id"),
            Assignment.assigned_at.label("assigned_at"),
            User.organisation_id.label("organisation_id"),
        )
        .join(User, User.id == Assignment.learner_id)
        .where(
            scope.learners(),
            scope.by_learners(Assignment.learner_id),
            Assignment.package_id.in_(package_ids),
            Assignment.assigned_at >= period.starts_at,
            Assignment.assigned_at < period.ends_at,
        )
        .cte("cohort")
        .prefix_with("MATERIALIZED", dialect="postgresql")
    )


def _days_from_cohort(cohort: Any, first_at: Any, joined: Callable[[Any], Any]) -> Any:
    """Per learner of the cohort: the days from getting the package to ``first_at`` (a min over
    what ``joined`` joins to the cohort), with the package and organisation."""
    query = select(
        cohort.c.package_id, cohort.c.organisation_id, _days(first_at, cohort.c.assigned_at)
    )
    rows = db.session.execute(
        joined(query).group_by(
            cohort.c.package_id,
            cohort.c.organisation_id,
            cohort.c.learner_id,
            cohort.c.assigned_at,
        )
    )
    return _grouped_days(rows)


def _first_task_days(
    scope: Scope, period: Period, package_ids: list[int]
) -> dict[PackageKey, list[float]]:
    """Per package and organisation: for each learner who got the package in the period and
    has done a task of it since, the days from getting it to the first task."""
    cohort = _cohort(scope, period, package_ids)
    return _days_from_cohort(
        cohort,
        func.min(TaskCompletion.completed_at),
        lambda query: (
            query.join(
                TaskCompletion,
                and_(
                    TaskCompletion.learner_id == cohort.c.learner_id,
                    # not a task from before (a package given again starts again)
                    TaskCompletion.completed_at >= cohort.c.assigned_at,
                ),
            )
            .join(PracticeTask, PracticeTask.id == TaskCompletion.task_id)
            .join(
                Card, and_(Card.id == PracticeTask.card_id, Card.package_id == cohort.c.package_id)
            )
        ),
    )


def _independent_days(
    scope: Scope, period: Period, package_ids: list[int]
) -> dict[PackageKey, list[float]]:
    """Per package and organisation: for each learner who got the package in the period and
    has been signed off "zelfstandig" on one of its competences since, the days from getting
    it to the first such sign-off."""
    cohort = _cohort(scope, period, package_ids)
    return _days_from_cohort(
        cohort,
        func.min(CompetenceSignoff.signed_at),
        lambda query: (
            query.join(
                CompetenceSignoff,
                and_(
                    CompetenceSignoff.learner_id == cohort.c.learner_id,
                    # not one from before (e.g. of the same competence in another package)
                    CompetenceSignoff.signed_at >= cohort.c.assigned_at,
                ),
            )
            .join(
                package_competence,
                and_(
                    package_competence.c.competence_id == CompetenceSignoff.competence_id,
                    package_competence.c.package_id == cohort.c.package_id,
                ),
            )
            .where(CompetenceSignoff.level == SignoffLevel.INDEPENDENT)
        ),
    )


def _grouped_days(rows: Iterable[Any]) -> dict[PackageKey, list[float]]:
    days: dict[PackageKey, list[float]] = defaultdict(list)
    for package_id, organisation_id, value in rows:
        days[(package_id, organisation_id)].append(max(0.0, float(value)))
    return days


def total(rows: Iterable[Figures]) -> Figures:
    """Several rows as one (a package over all organisations). Learner counts add up: a
    learner belongs to one organisation."""
    summed = Figures()
    for row in rows:
        for name in ("assigned", "started", "tasks", "good", "ok", "hard", "notes"):
            setattr(summed, name, getattr(summed, name) + getattr(row, name))
        summed.days_to_first_task += row.days_to_first_task
        summed.days_to_independent += row.days_to_independent
    return summed


@dataclass(frozen=True)
class CardRow:
    card_id: int
    position: int
    title: str
    figures: Figures


def card_figures(scope: Scope, period: Period, package_id: int) -> list[CardRow]:
    """Every published card of a package as it is now (place, title), with its counted figures
    (shared: read them, do not change them)."""
    cards = db.session.execute(
        select(Card.id, Card.position, Card.title)
        .where(_cards(scope, package_id), Card.version > 0)
        .order_by(Card.position)
    )
    counts = card_counts(scope, period, package_id)
    return [
        CardRow(card_id, position, title, counts.get(card_id, Figures()))
        for card_id, position, title in cards
    ]


def card_counts(scope: Scope, period: Period, package_id: int | None = None) -> dict[int, Figures]:
    """Per card with tasks done in the period (of the packages in scope, or the one given): its
    figures. Shared by the tables of a page: read them, do not change them."""
    return scope.counted(
        ("cards", period, package_id),
        lambda: _card_counts(scope, period, package_id),
        lambda counts: [[card_id, value.as_row()] for card_id, value in counts.items()],
        lambda rows: {card_id: Figures.from_row(row) for card_id, row in rows},
    )


def _card_counts(scope: Scope, period: Period, package_id: int | None) -> dict[int, Figures]:
    tasks, cards = _tasks_of(scope, period, package_id)
    counts: dict[int, Figures] = {}
    for card_id, *rest in db.session.execute(
        select(Card.id, *_reflection_counts(tasks))
        .select_from(tasks)
        .join(PracticeTask, PracticeTask.id == tasks.task_id)
        .join(Card, Card.id == PracticeTask.card_id)
        .where(cards)
        .group_by(Card.id)
    ):
        counts[card_id] = Figures()
        _fill(counts[card_id], rest)
    return counts


def version_figures(
    scope: Scope, period: Period, card_ids: list[int]
) -> dict[int, dict[int, Figures]]:
    """Per card, per version the learner saw when doing the task: the reflections (one query).
    An editor compares the version before a rewrite with the one after."""
    if not card_ids:
        return {}
    return scope.counted(
        ("versions", period, tuple(sorted(card_ids))),
        lambda: _version_figures(scope, period, card_ids),
        lambda versions: [
            [card_id, version, value.as_row()]
            for card_id, by_version in versions.items()
            for version, value in by_version.items()
        ],
        _versions_from_rows,
    )


def _versions_from_rows(rows: list[Any]) -> dict[int, dict[int, Figures]]:
    versions: dict[int, dict[int, Figures]] = defaultdict(dict)
    for card_id, version, value in rows:
        versions[card_id][version] = Figures.from_row(value)
    return versions


def _version_figures(
    scope: Scope, period: Period, card_ids: list[int]
) -> dict[int, dict[int, Figures]]:
    tasks = _period_tasks(scope, period, Card.id.in_(card_ids))
    rows = db.session.execute(
        select(Card.id, tasks.card_version, *_reflection_counts(tasks))
        .select_from(tasks)
        .join(PracticeTask, PracticeTask.id == tasks.task_id)
        .join(Card, Card.id == PracticeTask.card_id)
        .where(Card.id.in_(card_ids))
        .group_by(Card.id, tasks.card_version)
    )
    versions: dict[int, dict[int, Figures]] = defaultdict(dict)
    for card_id, version, *counts in rows:
        figures = Figures()
        _fill(figures, counts)
        versions[card_id][version] = figures
    return versions


def _local_week(moment: Any) -> Any:
    """The Monday of a moment's week, in the app's time zone on PostgreSQL (SQLite knows no time zones: there a
    task done between midnight and 01:00, 02:00 in summer, Dutch time counts a day early)."""
    if db.engine.dialect.name == "postgresql":
        return func.date(func.date_trunc("week", func.timezone(str(get_timezone()), moment)))
    return func.date(moment, "weekday 0", "-6 days")  # the next Sunday (or today), back to Monday


@dataclass(frozen=True)
class WeekCount:
    monday: date
    tasks: int
    learners: int  # how many did them: across organisations, fewer than 5 is not shown


def weekly_tasks(scope: Scope, period: Period, package_id: int | None = None) -> list[WeekCount]:
    """Tasks done per week (Monday first), every week of the period, also those without any,
    with how many learners did them (one grouped query)."""
    return scope.counted(
        ("weeks", period, package_id),
        lambda: _weekly_tasks(scope, period, package_id),
        lambda weeks: [[week.monday.isoformat(), week.tasks, week.learners] for week in weeks],
        lambda rows: [WeekCount(date.fromisoformat(monday), *counts) for monday, *counts in rows],
    )


def _weekly_tasks(scope: Scope, period: Period, package_id: int | None) -> list[WeekCount]:
    tasks, cards = _tasks_of(scope, period, package_id)
    week = _local_week(tasks.completed_at)
    rows = db.session.execute(
        select(week, func.count(tasks.id), func.count(func.distinct(tasks.learner_id)))
        .select_from(tasks)
        .join(PracticeTask, PracticeTask.id == tasks.task_id)
        .join(Card, Card.id == PracticeTask.card_id)
        .where(cards)
        .group_by(week)
    )
    counted = {
        value if isinstance(value, date) else date.fromisoformat(str(value)): (count, learners)
        for value, count, learners in rows
    }
    weeks = []
    monday = period.first - timedelta(days=period.first.weekday())
    while monday <= period.last:
        weeks.append(WeekCount(monday, *counted.get(monday, (0, 0))))
        monday += timedelta(days=7)
    return weeks


def organisation_names(ids: Iterable[int]) -> dict[int, str]:
    rows = db.session.execute(
        select(Organisation.id, Organisation.name).where(Organisation.id.in_(set(ids)))
    )
    return dict(rows.all())  # (the Result itself has keys(): dict() would take it for a mapping)
