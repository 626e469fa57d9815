"""``flask`` commands for operations: demo data, accounts, retention, translations, media and
the evaluation."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from app.config import PROJECT_ROOT
from app.evaluation.cli import evaluation_cli
from app.extensions import db
from app.media.cli import media_cli
from app.models import Organisation, OrganisationKind, Role, User


def register_cli(app: Flask) -> None:
    app.cli.add_command(demo_data)
    app.cli.add_command(create_admin)
    app.cli.add_command(retention)
    app.cli.add_command(translate)
    app.cli.add_command(media_cli)
    app.cli.add_command(evaluation_cli)


@click.command("demo-data")
@click.option("--if-empty", is_flag=True, help="Only load when the database has no users yet.")
@with_appcontext
def demo_data(if_empty: bool) -> None:
    """Create the demo organisations, accounts and lesson packages (idempotent)."""
    from app.demo.loader import DEMO_ACCOUNTS, DEMO_PASSWORD, load_demo_data

    if if_empty and db.session.scalar(select(User.id).limit(1)) is not None:
        click.echo("Database has users already: demo data left as it is.")
    else:
        load_demo_data(password_method=current_app.config["PASSWORD_HASH_METHOD"])
        db.session.commit()
        click.echo("Demo data is ready.")
    click.echo(f"Demo log-ins (password for all: {DEMO_PASSWORD}):")
    for account in DEMO_ACCOUNTS:
        click.echo(f"  {account.username:<12} {account.role.value:<10} {account.organisation}")


@click.command("create-admin")
@click.argument("username")
@click.option("--organisation", default="Leerplek", show_default=True)
@click.password_option()
@with_appcontext
def create_admin(username: str, organisation: str, password: str) -> None:
    """Create an admin account (and its organisation) for a new installation."""
    org = db.session.scalar(select(Organisation).where(Organisation.name == organisation))
    if org is None:
        org = Organisation(name=organisation, kind=OrganisationKind.SCHOOL)
        db.session.add(org)
    if db.session.scalar(select(User).where(User.username == username)) is not None:
        raise click.ClickException(f"User {username!r} exists already.")
    user = User(username=username, display_name=username, role=Role.ADMIN, organisation=org)
    user.set_password(password, method=current_app.config["PASSWORD_HASH_METHOD"])
    db.session.add(user)
    db.session.commit()
    click.echo(f"Admin {username} created.")


@click.command("retention")
@click.option("--dry-run", is_flag=True, help="Only list the accounts; change nothing.")
@with_appcontext
def retention(dry_run: bool) -> None:
    """Erase learner, supervisor and editor accounts unused for RETENTION_MONTHS (AVG).

    Meant for a daily cron job: plain lines, so the mail shows what happened. After erasing, only
    ids are printed, so the mail does not keep the names that were just removed.
    """
    from app.auth.sessions import purge_old_sessions
    from app.privacy.retention import erase_inactive, inactive_accounts, months_before

    months = current_app.config["RETENTION_MONTHS"]
    cutoff = months_before(datetime.now(UTC), months)
    click.echo(f"Retention: {months} months; accounts unused since before {cutoff:%Y-%m-%d}.")
    if dry_run:
        accounts = inactive_accounts(cutoff)
        for user in accounts:
            click.echo(
                f"  would erase #{user.id} {user.username} ({user.role.value}, "
                f"{user.organisation.name}), {_last_active(user.last_active_at)}"
            )
        click.echo(f"Dry run: {len(accounts)} account(s) would be erased; nothing changed.")
        return
    erased = erase_inactive(cutoff, months)
    for item in erased:
        click.echo(
            f"  erased #{item.id} ({item.role.value}, {item.organisation}), "
            f"{_last_active(item.last_active)}"
        )
    click.echo(f"{len(erased)} account(s) erased.")
    purged = purge_old_sessions()
    db.session.commit()
    click.echo(f"{purged} log-in(s) that ended or expired over 30 days ago deleted.")


def _last_active(moment: datetime | None) -> str:
    return f"last active {moment:%Y-%m-%d}" if moment else "never used"


# The one place that knows how the catalogs are made: `make translations` calls these commands.
TEMPLATE = "translations/messages.pot"


def _pybabel(*args: str) -> None:
    """Run pybabel in the project root, where babel.cfg and translations/ are."""
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", *args], check=True, cwd=PROJECT_ROOT
    )


@click.group()
def translate() -> None:
    """Extract, update and compile the UI translations (Babel)."""


@translate.command()
def update() -> None:
    """Extract every marked string and merge it into the catalogs.

    Without locations, sorted and unwrapped, a changed string changes one entry in the diff. No
    fuzzy matching: a changed Dutch text gets no guessed translation; it waits for a translator.
    """
    extract = ("extract", "-F", "babel.cfg", "-k", "_l", "-k", "lazy_gettext", "-k", "_plural:1,2")
    _pybabel(*extract, "--no-location", "--sort-output", "-o", TEMPLATE, ".")
    _pybabel("update", "-i", TEMPLATE, "-d", "translations", "--no-fuzzy-matching", "--no-wrap")


@translate.command()
def compile() -> None:
    """Compile the catalogs to .mo files (not kept in git)."""
    _pybabel("compile", "-d", "translations", "--use-fuzzy", "--statistics")


@translate.command()
@click.argument("language")
def init(language: str) -> None:
    """Start a catalog for a new language."""
    _pybabel("init", "-i", TEMPLATE, "-d", "translations", "-l", language, "--no-wrap")
