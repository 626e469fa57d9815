"""The Alembic migrations build the schema the models describe, from an empty database.

The tests that migrate change the schema itself, which a rolled-back test transaction cannot
hold (Alembic opens its own transactions): they commit, like the browser tests.
"""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from app.extensions import db


# SQLite cannot report an index on an expression (lower(username)) back; PostgreSQL can, and there
# the comparison covers it.
@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
@pytest.mark.filterwarnings(
    "ignore:autogenerate skipping metadata-specified expression-based index"
)
@pytest.mark.commits
def test_migrations_apply_to_an_empty_database_and_match_the_models(app: Flask) -> None:
    with app.app_context():
        downgrade(revision="base")
        tables = set(inspect(db.engine).get_table_names()) - {"alembic_version"}
        assert tables == set()

        upgrade()
        tables = set(inspect(db.engine).get_table_names())
        assert set(db.metadata.tables) <= tables

        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, db.metadata)
        assert differences == []


def test_sqlite_runs_in_wal_mode_with_foreign_keys(app: Flask) -> None:
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("WAL and foreign-key pragmas are SQLite settings; PostgreSQL has neither")
        with db.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


@pytest.mark.commits
def test_the_upgrade_to_log_in_sessions_counts_as_activity_for_retention(app: Flask) -> None:
    """Nobody's use was recorded before migration 0005: without this, the first retention run
    would erase every account older than the retention period."""
    with app.app_context():
        downgrade(revision="0004")
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO organisation (id, name, kind, created_at) "
                    "VALUES (1, 'Oud', 'enterprise', '2020-01-01 00:00:00')"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO user_account (id, username, display_name, password_hash, role, "
                    "organisation_id, active, created_at, session_version) VALUES (1, 'oud', "
                    "'Oud', 'x', 'learner', 1, true, '2020-01-01 00:00:00', 0)"
                )
            )
        upgrade()
        with db.engine.connect() as connection:
            last_active = connection.execute(
                text("SELECT last_active_at FROM user_account WHERE id = 1")
            ).scalar()
        assert last_active is not None
