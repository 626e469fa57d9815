"""A national-scale Leerplek database in PostgreSQL, loaded with COPY (used by bench/scale.py).

Full size: 50 enterprises of 400 learners and 20 supervisors each (20,000 learners, 1,000
supervisors), one school that owns 100 packages of 8 published cards, 2,000,000 task completions
(100 per learner) and 200,000 sign-offs (10 per learner). Run on its own with
``python bench/scale_data.py --scale 0.1`` (default database: SCALE_DATABASE_URL, else
``postgresql+psycopg://postgres@127.0.0.1:5432/bench``).

Why the data looks the way it does:

- **Per organisation, the same at every size.** ``--scale 0.1`` keeps 400 learners and 20
  supervisors per organisation, 100 completions and 10 sign-offs per learner and all 100 packages,
  and shrinks only the number of organisations (5 instead of 50). Every measured page then shows
  exactly as much at 1/10 as at full size, and only the rows around it grow tenfold: a page that is
  slower at full size reads rows it does not show. Shrinking everything would change what the
  pages show too, and hide that. The lesson content is national and does not shrink.
- **Rows in arrival order.** Completions and sign-offs are written in the order the server would
  have received them, over a year, interleaved across all learners: a learner's 100 completions
  lie on ~100 different heap pages, as in production. Loading them grouped by learner would give
  every per-learner index scan a perfectly correlated table and flatter the figures.
- **Valid for the app.** One password hash made with the app's own method (``User.set_password``)
  for everyone; cards published the way ``app.content.services.publish_card`` does it (version
  rows with the task, ``status``/``version`` on the card; the first card of every package has a
  second version); each learner has 5 of their organisation's 12 packages, completes only tasks
  of those, after their account was made, on a card version that exists; sign-offs are on
  competences of assigned packages, by a supervisor of the learner's organisation, each with its
  own request id, and their history is what the model expects: eight first sign-offs, then a
  correction to "independent" and a withdrawal as newer rows. Texts come from the demo content.
- **One transaction, COPY only, then VACUUM ANALYZE**, so the planner has statistics and the
  visibility map is set, as autovacuum would have done on a live database long ago.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql
from sqlalchemy.engine import URL, make_url

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/bench"
# The lead's test databases: never replaced, whatever the URL says.
PROTECTED = ("test", "test_gw")
MARK = "leerplek bench-scale"
PASSWORD = "bench-scale-wachtwoord"

ORGANISATIONS = 50
LEARNERS_PER_ORGANISATION = 400
SUPERVISORS_PER_ORGANISATION = 20
PACKAGES = 100
CARDS_PER_PACKAGE = 8
COMPETENCES_PER_PACKAGE = 3
PACKAGES_PER_ORGANISATION = 12  # the packages an enterprise uses ...
PACKAGES_PER_LEARNER = 5  # ... of which each learner has five
COMPLETIONS_PER_LEARNER = 100
SIGNOFFS_PER_LEARNER = 10  # 8 first sign-offs, a correction and a withdrawal
LEARNERS_SEEN_PER_SUPERVISOR = 100
COPY_CHUNK = 50_000  # rows per write to the COPY stream

# The measured accounts (bench/scale.py): all in the first enterprise.
SUPERVISOR = "begeleider-01-01"
LEARNER = "leerling-01-001"
SYNC_LEARNER = "leerling-01-002"
EDITOR = "redacteur"

# fmt: off
FIRST_NAMES = (
    "Anouk", "Bram", "Chantal", "Dennis", "Esra", "Fatima", "Gijs", "Hanna", "Ilias", "Jesse",
    "Kees", "Lina", "Mohamed", "Noor", "Omar", "Priya", "Quinten", "Romy", "Said", "Tess", "Umut",
    "Vera", "Wessel", "Yara", "Zoë", "Ahmed", "Britt", "Daan", "Emma", "Finn",
)
LAST_NAMES = (
    "de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "Ouali",
    "El Amrani", "Haddad", "Nowak", "Yilmaz", "Bos", "Vos", "Peters", "Hendriks", "van Dijk",
    "Dekker", "Brouwer", "de Wit", "Kaya", "Dijkstra", "Verhoeven",
)
# fmt: on
TASK_NOTES = (
    "Ging goed.",
    "Met hulp van mijn collega.",
    "Eerst vergeten, daarna wel gedaan.",
    "Dit vond ik moeilijk.",
)


@dataclass(frozen=True)
class Shape:
    """How many of everything, from the scale: only the number of organisations changes."""

    scale: float
    organisations: int

    @classmethod
    def of(cls, scale: float) -> Shape:
        return cls(scale, max(1, round(ORGANISATIONS * scale)))

    @property
    def learners(self) -> int:
        return self.organisations * LEARNERS_PER_ORGANISATION

    @property
    def supervisors(self) -> int:
        return self.organisations * SUPERVISORS_PER_ORGANISATION


@dataclass(frozen=True)
class Enterprise:
    id: int
    supervisor_ids: list[int]
    learner_ids: list[int]
    package_ids: list[int]


@dataclass
class Plan:
    """Ids and times every table's rows are made from."""

    shape: Shape
    now: datetime
    rng: random.Random
    enterprises: list[Enterprise] = field(default_factory=list)
    organisation_of: dict[int, int] = field(default_factory=dict)  # learner id -> enterprise
    packages_of: dict[int, list[int]] = field(default_factory=dict)  # learner id -> packages
    school_id: int = 1
    admin_id: int = 1
    editor_id: int = 2

    @property
    def accounts_made(self) -> datetime:
        return self.now - timedelta(days=730)


@dataclass(frozen=True)
class LoadReport:
    url: str
    shape: Shape
    seconds: float
    tables: list[tuple[str, int, float]]  # table, rows, seconds


def conninfo(url: URL) -> str:
    """The SQLAlchemy URL as psycopg reads it."""
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def refuse_protected(name: str | None) -> str:
    if not name:
        raise SystemExit("SCALE_DATABASE_URL names no database")
    if name == PROTECTED[0] or name.startswith(PROTECTED[1]):
        raise SystemExit(f"refusing to touch database {name!r}: it belongs to the test runs")
    return name


def database_mark(url: URL) -> str | None:
    """The comment a finished load left on the database; None when there is none (or no db)."""
    try:
        with psycopg.connect(conninfo(url), connect_timeout=5) as conn:
            row = conn.execute(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
                "WHERE datname = current_database()"
            ).fetchone()
    except psycopg.OperationalError:
        return None
    return row[0] if row else None


def recreate_database(url: URL) -> None:
    """Drop and create the database: only one that is ours (named bench* or marked by us)."""
    name = refuse_protected(url.database)
    mark = database_mark(url)
    if mark is not None and not mark.startswith(MARK) and not name.startswith("bench"):
        raise SystemExit(f"database {name!r} exists and was not made by bench-scale: not dropped")
    admin = url.set(database="postgres")
    with psycopg.connect(conninfo(admin), autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def migrate(url: URL) -> None:
    """The real schema: the app's own migrations, as in production."""
    env = {
        **os.environ,
        "DATABASE_URL": url.render_as_string(hide_password=False),
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-scale"),
    }
    subprocess.run(
        [str(Path(sys.executable).parent / "flask"), "--app", "wsgi", "db", "upgrade"],
        cwd=PROJECT_ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def password_hash() -> str:
    """One hash with the app's method, shared by every account: hashing 21,000 would take
    minutes."""
    from app.models import User

    user = User()
    user.set_password(PASSWORD)
    return user.password_hash


def ts(moment: datetime) -> str:
    return moment.isoformat(sep=" ")


def make_plan(shape: Shape, seed: int = 11) -> Plan:
    rng = random.Random(seed)
    plan = Plan(shape, datetime.now(UTC).replace(microsecond=0), rng)
    next_user = 3  # 1: admin, 2: editor
    for index in range(shape.organisations):
        supervisors = list(range(next_user, next_user + SUPERVISORS_PER_ORGANISATION))
        next_user += SUPERVISORS_PER_ORGANISATION
        learners = list(range(next_user, next_user + LEARNERS_PER_ORGANISATION))
        next_user += LEARNERS_PER_ORGANISATION
        pool = rng.sample(range(1, PACKAGES + 1), PACKAGES_PER_ORGANISATION)
        enterprise = Enterprise(index + 2, supervisors, learners, pool)
        plan.enterprises.append(enterprise)
        for learner in learners:
            plan.organisation_of[learner] = index
            plan.packages_of[learner] = rng.sample(pool, PACKAGES_PER_LEARNER)
    return plan


# --- content: the demo texts, spread over 100 packages ----------------------------------------


def demo_cards() -> list[dict[str, Any]]:
    from app.demo.content import PACKAGES as DEMO

    return [card for package in DEMO for card in package["cards"]]


def demo_competences() -> list[dict[str, Any]]:
    from app.demo.content import PACKAGES as DEMO

    return [competence for package in DEMO for competence in package["competences"]]


def card_id(package_id: int, position: int) -> int:
    """Cards, and their one task each, are numbered by package and position."""
    return (package_id - 1) * CARDS_PER_PACKAGE + position


def card_versions(position: int) -> int:
    """The first card of every package was published twice: learners see version 2."""
    return 2 if position == 1 else 1


def competence_id(package_id: int, position: int) -> int:
    """The competence a card's task trains: the package's three in turn."""
    return (package_id - 1) * COMPETENCES_PER_PACKAGE + (position - 1) % COMPETENCES_PER_PACKAGE + 1


def content_rows(plan: Plan) -> dict[str, list[tuple[Any, ...]]]:
    from app.demo.content import PACKAGES as DEMO

    cards, competences = demo_cards(), demo_competences()
    made = ts(plan.accounts_made)
    first, second = ts(plan.now - timedelta(days=700)), ts(plan.now - timedelta(days=400))
    rows: dict[str, list[tuple[Any, ...]]] = {
        "lesson_package": [],
        "competence": [],
        "package_competence": [],
        "card": [],
        "card_version": [],
        "practice_task": [],
        "task_competence": [],
    }
    version_id = 0
    for package_id in range(1, PACKAGES + 1):
        theme = DEMO[(package_id - 1) % len(DEMO)]
        rows["lesson_package"].append(
            (
                package_id,
                f"lespakket-{package_id:03d}",
                f"{theme['title']} ({package_id})",
                theme["description"],
                plan.school_id,
                made,
                first,
            )
        )
        for number in range(1, COMPETENCES_PER_PACKAGE + 1):
            competence = competences[(package_id * 3 + number) % len(competences)]
            cid = (package_id - 1) * COMPETENCES_PER_PACKAGE + number
            rows["competence"].append(
                (
                    cid,
                    f"{competence['name']} ({package_id})",
                    competence["description"],
                    competence.get("sbb_code"),
                    competence.get("sbb_name"),
                    plan.school_id,
                    made,
                )
            )
            rows["package_competence"].append((package_id, cid))
        for position in range(1, CARDS_PER_PACKAGE + 1):
            text = cards[(package_id * CARDS_PER_PACKAGE + position) % len(cards)]
            cid, versions = card_id(package_id, position), card_versions(position)
            task = text["task"]
            rows["card"].append(
                (
                    cid,
                    package_id,
                    position,
                    text["title"],
                    text["body"],
                    text["easy_body"],
                    "published",
                    versions,
                    versions + 1,
                    second if versions == 2 else first,
                    plan.editor_id,
                )
            )
            for version in range(1, versions + 1):
                version_id += 1
                rows["card_version"].append(
                    (
                        version_id,
                        cid,
                        version,
                        text["title"],
                        text["body"],
                        text["easy_body"],
                        task["title"],
                        task["instruction"],
                        first if version == 1 else second,
                        plan.editor_id,
                    )
                )
            rows["practice_task"].append((cid, cid, 1, task["title"], task["instruction"]))
            rows["task_competence"].append((cid, competence_id(package_id, position)))
    return rows


# --- accounts ----------------------------------------------------------------------------------


def organisation_rows(plan: Plan) -> list[tuple[Any, ...]]:
    made = ts(plan.accounts_made)
    rows: list[tuple[Any, ...]] = [(plan.school_id, "ROC Landelijk", "school", made)]
    rows += [
        (enterprise.id, f"Werkbedrijf {enterprise.id - 1:02d}", "enterprise", made)
        for enterprise in plan.enterprises
    ]
    return rows


def user_rows(plan: Plan, hashed: str) -> list[tuple[Any, ...]]:
    made, active = ts(plan.accounts_made), ts(plan.now - timedelta(days=1))
    rng = plan.rng

    def person() -> str:
        return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"

    rows: list[tuple[Any, ...]] = [
        (
            plan.admin_id,
            "beheer",
            "Bram Beheer",
            hashed,
            "admin",
            plan.school_id,
            True,
            made,
            active,
        ),
        (plan.editor_id, "redacteur", "Renée Redacteur", hashed, "editor", 1, True, made, active),
    ]
    for index, enterprise in enumerate(plan.enterprises, start=1):
        for number, user_id in enumerate(enterprise.supervisor_ids, start=1):
            username = f"begeleider-{index:02d}-{number:02d}"
            rows.append(
                (
                    user_id,
                    username,
                    person(),
                    hashed,
                    "supervisor",
                    enterprise.id,
                    True,
                    made,
                    active,
                )
            )
        for number, user_id in enumerate(enterprise.learner_ids, start=1):
            username = f"leerling-{index:02d}-{number:03d}"
            rows.append(
                (user_id, username, person(), hashed, "learner", enterprise.id, True, made, active)
            )
    return rows


def assignment_rows(plan: Plan) -> list[tuple[Any, ...]]:
    made = ts(plan.accounts_made + timedelta(days=1))
    rows: list[tuple[Any, ...]] = []
    for enterprise in plan.enterprises:
        for learner in enterprise.learner_ids:
            by = plan.rng.choice(enterprise.supervisor_ids)
            for package in plan.packages_of[learner]:
                rows.append((len(rows) + 1, learner, package, by, made))
    return rows


def last_seen_rows(plan: Plan) -> list[tuple[Any, ...]]:
    rows: list[tuple[Any, ...]] = []
    for enterprise in plan.enterprises:
        for supervisor in enterprise.supervisor_ids:
            for learner in plan.rng.sample(enterprise.learner_ids, LEARNERS_SEEN_PER_SUPERVISOR):
                seen = plan.now - timedelta(seconds=plan.rng.uniform(0, 30 * 86400))
                rows.append((supervisor, learner, ts(seen)))
    return rows


def login_session_rows(plan: Plan, user_count: int) -> list[tuple[Any, ...]]:
    """One ended log-in per account: the token index has a realistic size."""
    rows = []
    for user_id in range(1, user_count + 1):
        start = plan.now - timedelta(days=plan.rng.uniform(2, 300))
        token = f"{plan.rng.getrandbits(256):064x}"
        end = start + timedelta(hours=3)
        rows.append(
            (user_id, user_id, token, ts(start), ts(end), ts(start + timedelta(days=180)), ts(end))
        )
    return rows


# --- what learners did, in the order the server received it ----------------------------------


def completion_lines(plan: Plan) -> Iterable[str]:
    """COPY text lines, 100 per learner, interleaved over the past year in arrival order."""
    rng = plan.rng
    options: dict[int, list[tuple[int, int]]] = {
        learner: [
            (card_id(package, position), card_versions(position))
            for package in packages
            for position in range(1, CARDS_PER_PACKAGE + 1)
        ]
        for learner, packages in plan.packages_of.items()
    }
    order = [learner for learner in plan.packages_of for _ in range(COMPLETIONS_PER_LEARNER)]
    rng.shuffle(order)
    start = (plan.now - timedelta(days=365)).timestamp()
    step = (365 * 86400 - 3600) / max(1, len(order))
    reflections = ("good", "good", "ok", "hard")
    for index, learner in enumerate(order, start=1):
        task, version = rng.choice(options[learner])
        received = start + index * step
        completed = received - rng.uniform(60, 2 * 86400)  # done offline, sent later
        note = rng.choice(TASK_NOTES) if rng.random() < 0.25 else ""
        yield (
            f"{index}\t{uuid.uuid4()}\t{learner}\t{task}\t{version}\t"
            f"{datetime.fromtimestamp(completed, UTC).isoformat(sep=' ')}\t"
            f"{datetime.fromtimestamp(received, UTC).isoformat(sep=' ')}\t"
            f"{rng.choice(reflections)}\t{note}\n"
        )


def signoff_rows(plan: Plan) -> list[tuple[Any, ...]]:
    """Per learner: eight first sign-offs, then the first raised to "independent" and the second
    withdrawn, all as new rows (the current level is the newest row); sorted by arrival."""
    rng = plan.rng
    events: list[tuple[float, int, int, int, str, str, str, str]] = []
    start = (plan.now - timedelta(days=360)).timestamp()
    span = 359 * 86400
    for enterprise in plan.enterprises:
        for learner in enterprise.learner_ids:
            competences = [
                (package - 1) * COMPETENCES_PER_PACKAGE + number
                for package in plan.packages_of[learner]
                for number in range(1, COMPETENCES_PER_PACKAGE + 1)
            ]
            chosen = rng.sample(competences, SIGNOFFS_PER_LEARNER - 2)
            moments = sorted(start + rng.uniform(0, span) for _ in range(SIGNOFFS_PER_LEARNER))
            levels = [rng.choice(("with_help", "with_help", "independent")) for _ in chosen]
            plan_rows = [
                *zip(chosen, levels, strict=True),
                (chosen[0], "independent"),
                (chosen[1], "withdrawn"),
            ]
            for moment, (competence, level) in zip(moments, plan_rows, strict=True):
                note = "Zelf gezien op de werkvloer." if rng.random() < 0.3 else ""
                supervisor = rng.choice(enterprise.supervisor_ids)
                created = datetime.fromtimestamp(moment, UTC)
                events.append(
                    (
                        moment,
                        learner,
                        competence,
                        supervisor,
                        level,
                        note,
                        created.date().isoformat(),
                        ts(created),
                    )
                )
    events.sort()
    return [
        (index, learner, competence, supervisor, level, note, signed_on, created, str(uuid.uuid4()))
        for index, (
            _,
            learner,
            competence,
            supervisor,
            level,
            note,
            signed_on,
            created,
        ) in enumerate(events, start=1)
    ]


# --- loading -----------------------------------------------------------------------------------

COLUMNS = {
    "organisation": "id, name, kind, created_at",
    "user_account": (
        "id, username, display_name, password_hash, role, organisation_id, active, created_at, "
        "last_active_at"
    ),
    "lesson_package": "id, slug, title, description, owner_organisation_id, created_at, updated_at",
    "competence": "id, name, description, sbb_code, sbb_name, owner_organisation_id, created_at",
    "package_competence": "package_id, competence_id",
    "card": (
        "id, package_id, position, title, body, easy_body, status, version, lock_version, "
        "updated_at, updated_by_id"
    ),
    "card_version": (
        "id, card_id, version, title, body, easy_body, task_title, task_instruction, "
        "published_at, published_by_id"
    ),
    "practice_task": "id, card_id, position, title, instruction",
    "task_competence": "task_id, competence_id",
    "assignment": "id, learner_id, package_id, assigned_by_id, assigned_at",
    "task_completion": (
        "id, client_id, learner_id, task_id, card_version, completed_at, received_at, "
        "reflection, note"
    ),
    "competence_signoff": (
        "id, learner_id, competence_id, supervisor_id, level, note, signed_on, created_at, "
        "request_id"
    ),
    "learner_last_seen": "supervisor_id, learner_id, seen_at",
    "login_session": "id, user_id, token_hash, created_at, last_used_at, expires_at, ended_at",
}


def copy_statement(table: str) -> sql.Composed:
    return sql.SQL("COPY {} ({}) FROM STDIN").format(sql.Identifier(table), sql.SQL(COLUMNS[table]))


def copy_rows(cur: psycopg.Cursor[Any], table: str, rows: Sequence[tuple[Any, ...]]) -> int:
    with cur.copy(copy_statement(table)) as copy:
        for row in rows:
            copy.write_row(row)
    return len(rows)


def copy_lines(cur: psycopg.Cursor[Any], table: str, lines: Iterable[str]) -> int:
    """COPY text lines, written in large chunks: fast for the two big tables (plain values, no
    tabs, newlines or backslashes to escape)."""
    count, chunk = 0, []
    with cur.copy(copy_statement(table)) as copy:
        for line in lines:
            chunk.append(line)
            if len(chunk) == COPY_CHUNK:
                copy.write("".join(chunk))
                count, chunk = count + len(chunk), []
        copy.write("".join(chunk))
    return count + len(chunk)


@contextmanager
def bare_table(cur: psycopg.Cursor[Any], table: str) -> Iterator[None]:
    """Load ``table`` without its foreign keys, unique constraints and secondary indexes, then
    put them back exactly as the migrations made them (same names, same definitions).

    Checking two foreign keys and updating four indexes row by row is most of the cost of a large
    COPY; building each index once and validating each key with one join afterwards is several
    times faster, and the data is still checked by every constraint before the commit.
    """
    constraints = cur.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = %s::regclass AND contype IN ('f', 'u') ORDER BY contype DESC",
        (table,),
    ).fetchall()
    indexes = cur.execute(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i "
        "WHERE i.schemaname = 'public' AND i.tablename = %s AND NOT EXISTS "
        "(SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
        (table,),
    ).fetchall()
    for name, _ in constraints:
        cur.execute(
            sql.SQL("ALTER TABLE {} DROP CONSTRAINT {}").format(
                sql.Identifier(table), sql.Identifier(name)
            )
        )
    for name, _ in indexes:
        cur.execute(sql.SQL("DROP INDEX {}").format(sql.Identifier(name)))
    yield
    for _, definition in indexes:
        cur.execute(definition)
    for name, definition in reversed(constraints):  # unique constraints first, then the keys
        cur.execute(
            sql.SQL("ALTER TABLE {} ADD CONSTRAINT {} ").format(
                sql.Identifier(table), sql.Identifier(name)
            )
            + sql.SQL(definition)
        )


def reset_sequences(cur: psycopg.Cursor[Any]) -> None:
    """Ids were given by the loader: the app's next insert continues after them."""
    rows = cur.execute(
        "SELECT table_name FROM information_schema.columns "
        "WHERE table_schema = 'public' AND column_name = 'id' "
        "AND column_default LIKE 'nextval%%'"
    ).fetchall()
    for (table,) in rows:
        cur.execute(
            sql.SQL(
                "SELECT setval(pg_get_serial_sequence({name}, 'id'), "
                "coalesce((SELECT max(id) FROM {table}), 0) + 1, false)"
            ).format(name=sql.Literal(table), table=sql.Identifier(table))
        )


def load(url_text: str, scale: float, echo: Callable[[str], None] = print) -> LoadReport:
    """Replace the database at ``url_text`` with data of the given ``scale``."""
    url = make_url(url_text)
    shape = Shape.of(scale)
    began = time.perf_counter()
    recreate_database(url)
    migrate(url)
    echo(f"  schema made by the migrations in {time.perf_counter() - began:.1f} s")
    plan = make_plan(shape)
    hashed = password_hash()
    tables: list[tuple[str, int, float]] = []

    def timed(table: str, load_table: Callable[[], int]) -> None:
        started = time.perf_counter()
        count = load_table()
        tables.append((table, count, time.perf_counter() - started))
        echo(f"  {table:<20} {count:>10,} rows  {tables[-1][2]:6.1f} s")

    def bulk(cur: psycopg.Cursor[Any], table: str, load_table: Callable[[], int]) -> int:
        with bare_table(cur, table):
            return load_table()

    with psycopg.connect(conninfo(url)) as conn, conn.cursor() as cur:  # one transaction
        cur.execute("SET LOCAL maintenance_work_mem = '256MB'")  # for the index builds
        timed("organisation", lambda: copy_rows(cur, "organisation", organisation_rows(plan)))
        users = user_rows(plan, hashed)
        timed("user_account", lambda: copy_rows(cur, "user_account", users))
        for table, rows in content_rows(plan).items():
            timed(table, partial(copy_rows, cur, table, rows))
        timed("assignment", lambda: copy_rows(cur, "assignment", assignment_rows(plan)))
        completions = partial(copy_lines, cur, "task_completion", completion_lines(plan))
        timed("task_completion", partial(bulk, cur, "task_completion", completions))
        signoffs = partial(copy_rows, cur, "competence_signoff", signoff_rows(plan))
        timed("competence_signoff", partial(bulk, cur, "competence_signoff", signoffs))
        timed(
            "learner_last_seen", partial(copy_rows, cur, "learner_last_seen", last_seen_rows(plan))
        )
        sessions = login_session_rows(plan, len(users))
        timed("login_session", partial(copy_rows, cur, "login_session", sessions))
        reset_sequences(cur)
        started = time.perf_counter()
        conn.commit()
        echo(f"  commit {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    with psycopg.connect(conninfo(url), autocommit=True) as conn:
        conn.execute("VACUUM (ANALYZE)")
        conn.execute(
            sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                sql.Identifier(url.database or ""),
                sql.Literal(f"{MARK} scale={scale} loaded={datetime.now(UTC).isoformat()}"),
            )
        )
    echo(f"  VACUUM ANALYZE {time.perf_counter() - started:.1f} s")
    return LoadReport(url_text, shape, time.perf_counter() - began, tables)


def loaded_scale(url_text: str) -> float | None:
    """The scale a finished load left in the database's comment, if any."""
    mark = database_mark(make_url(url_text))
    if not mark or not mark.startswith(MARK):
        return None
    for part in mark.split():
        if part.startswith("scale="):
            return float(part.removeprefix("scale="))
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--url", default=os.environ.get("SCALE_DATABASE_URL", DEFAULT_URL))
    args = parser.parse_args()
    report = load(args.url, args.scale)
    print(f"loaded {report.shape.learners:,} learners in {report.seconds:.1f} s")


if __name__ == "__main__":
    main()
