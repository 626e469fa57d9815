"""`flask retention`: accounts unused for RETENTION_MONTHS are listed, then erased."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from sqlalchemy import select

from app.extensions import db
from app.models import AuditAction, LoginSession, User
from app.privacy.retention import months_before
from tests.factories import Demo
from tests.privacy.work import add_work, audit_rows

NOW = datetime.now(UTC)
LONG_AGO = NOW - timedelta(days=3 * 365)


@pytest.fixture
def idle_accounts(app: Flask, demo: Demo) -> set[str]:
    """Who has been idle for three years; the rest of the demo was used recently or is new."""
    add_work(app, demo, learner="leerling1")
    with app.app_context():
        users = {user.username: user for user in db.session.scalars(select(User))}
        for user in users.values():
            user.last_active_at = NOW - timedelta(days=2)
        users["leerling1"].last_active_at = LONG_AGO  # used, long ago
        users["leerling3"].last_active_at = None  # never used, made long ago
        users["leerling3"].created_at = LONG_AGO
        users["leerling4"].last_active_at = None  # never used, but new: stays
        users["leerling5"].last_active_at = LONG_AGO  # switched off long ago: still counts
        users["leerling5"].active = False
        users["redacteur"].last_active_at = LONG_AGO
        users["beheer"].last_active_at = LONG_AGO  # admins are never erased by the command
        db.session.commit()
    return {"leerling1", "leerling3", "leerling5", "redacteur"}


def usernames(app: Flask) -> set[str]:
    with app.app_context():
        return set(db.session.scalars(select(User.username)))


def test_dry_run_lists_the_idle_accounts_and_changes_nothing(
    app: Flask, demo: Demo, idle_accounts: set[str]
) -> None:
    before = usernames(app)
    result = app.test_cli_runner().invoke(args=["retention", "--dry-run"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("Retention: 24 months; accounts unused since before ")
    listed = {line.split()[3] for line in lines if line.startswith("  would erase #")}
    assert listed == idle_accounts
    leerling3 = demo.users["leerling3"]
    expected = f"  would erase #{leerling3} leerling3 (learner, Kringloop De Omslag), never used"
    assert expected in lines
    assert lines[-1] == "Dry run: 4 account(s) would be erased; nothing changed."
    assert usernames(app) == before
    assert audit_rows(app) == []


def test_a_real_run_erases_only_the_idle_accounts_and_logs_each(
    app: Flask, demo: Demo, idle_accounts: set[str]
) -> None:
    result = app.test_cli_runner().invoke(args=["retention"])
    assert result.exit_code == 0, result.output
    assert "4 account(s) erased." in result.output.splitlines()
    for username in idle_accounts:  # the mail does not keep the names that were just removed
        assert username not in result.output
    assert (
        f"  erased #{demo.users['leerling1']} (learner, Kringloop De Omslag), last active "
        in result.output
    )

    with app.app_context():
        erased = {
            user.id for user in db.session.scalars(select(User).where(User.erased_at.is_not(None)))
        }
    assert erased == {demo.users[name] for name in idle_accounts}
    assert audit_rows(app) == [
        (AuditAction.RETENTION_ERASE, None, demo.users[name], "RETENTION_MONTHS=24")
        for name in sorted(idle_accounts, key=demo.users.__getitem__)
    ]

    again = app.test_cli_runner().invoke(args=["retention"])  # erased accounts are skipped
    assert "0 account(s) erased." in again.output.splitlines()
    assert len(audit_rows(app)) == 4


def test_the_retention_period_comes_from_the_configuration(
    demo: Demo, idle_accounts: set[str], other_app
) -> None:
    patient = other_app(RETENTION_MONTHS=600)
    result = patient.test_cli_runner().invoke(args=["retention", "--dry-run"])
    assert "Dry run: 0 account(s) would be erased; nothing changed." in result.output


@pytest.mark.parametrize(
    ("moment", "months", "expected"),
    [
        (
            datetime(2026, 11, 27, 13, tzinfo=UTC),
            24,
            datetime(2024, 11, 27, 13, tzinfo=UTC),
        ),
        (datetime(2026, 3, 31, tzinfo=UTC), 1, datetime(2026, 2, 28, tzinfo=UTC)),
        (
            datetime(2026, 1, 15, tzinfo=UTC),
            1,
            datetime(2025, 12, 15, tzinfo=UTC),
        ),
        (
            datetime(2028, 2, 29, tzinfo=UTC),
            12,
            datetime(2027, 2, 28, tzinfo=UTC),
        ),
    ],
)
def test_months_are_calendar_months(moment: datetime, months: int, expected: datetime) -> None:
    assert months_before(moment, months) == expected


def test_a_real_run_deletes_log_ins_that_ended_long_ago(app: Flask, demo: Demo) -> None:
    with app.app_context():
        learner = db.session.get(User, demo.users["leerling2"])
        learner.last_active_at = NOW
        for ended, expires in [
            (NOW - timedelta(days=40), NOW + timedelta(days=100)),  # logged out long ago: goes
            (None, NOW - timedelta(days=31)),  # expired long ago: goes
            (NOW - timedelta(days=2), NOW + timedelta(days=100)),  # logged out lately: stays
            (None, NOW + timedelta(days=100)),  # still in use: stays
        ]:
            db.session.add(
                LoginSession(
                    user_id=learner.id,
                    token_hash=secrets.token_hex(32),
                    expires_at=expires,
                    ended_at=ended,
                )
            )
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["retention"])
    assert "2 log-in(s) that ended or expired over 30 days ago deleted." in result.output
    with app.app_context():
        assert len(db.session.scalars(select(LoginSession)).all()) == 2
