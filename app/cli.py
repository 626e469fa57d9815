"""``flask`` commands for operations: demo data, accounts and translations."""
from __future__ import annotations

import subprocess
import sys

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from app.config import PROJECT_ROOT
from app.extensions import db
from app.models import Organisation, OrganisationKind, Role, User


def register_cli(app: Flask) -> None:
    app.cli.add_command(demo_data)
    app.cli.add_command(create_admin)
    app.cli.add_command(translate)


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


def _pybabel(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], check=True, cwd=PROJECT_ROOT)


@click.group()
def translate() -> None:
    """Extract, update and compile the UI translations (Babel)."""


@translate.command()
def update() -> None:
    """Extract every marked string and merge it into the catalogs."""
    _pybabel("extract", "-F", "babel.cfg", "-k", "_l", "-k", "_plural:1,2", "-o", "translations/messages.pot", ".")
    _pybabel("update", "-i", "translations/messages.pot", "-d", "translations", "--no-fuzzy-matching")


@translate.command()
def compile() -> None:  # noqa: A001
    """Compile the catalogs to .mo files (not kept in git)."""
    _pybabel("compile", "-d", "translations")


@translate.command()
@click.argument("language")
def init(language: str) -> None:
    """Start a catalog for a new language."""
    _pybabel("init", "-i", "translations/messages.pot", "-d", "translations", "-l", language)
