"""``flask --app wsgi evaluation count``: count the overview ahead, so that no one waits for it."""

from __future__ import annotations

import time

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from app.evaluation import EVALUATORS, cache
from app.evaluation.figures import Scope, default_period
from app.evaluation.tables import overview
from app.extensions import db
from app.models import Role, User


@click.group("evaluation")
def evaluation_cli() -> None:
    """The pilot's evaluation pages (app/evaluation)."""


def one_viewer_per_scope() -> list[User]:
    """One active account for each set of numbers the overview can show: an admin (every
    package), an editor of each organisation (its packages), a supervisor of each organisation
    (its learners). Others of the same role and organisation see the same numbers."""
    viewers: dict[tuple[Role, int | None], User] = {}
    users = db.session.scalars(
        select(User).where(User.role.in_(EVALUATORS), User.active).order_by(User.id)
    )
    for user in users:
        group = (user.role, None if user.role is Role.ADMIN else user.organisation_id)
        viewers.setdefault(group, user)
    return list(viewers.values())


@evaluation_cli.command("count")
@with_appcontext
def count() -> None:
    """Count the overview of the default period (the last twelve weeks) for every scope anew
    and keep it (app/evaluation/cache.py). Run it from cron more often than
    EVALUATION_CACHE_MINUTES (default 30): every 15 minutes, say."""
    if current_app.config["EVALUATION_CACHE_MINUTES"] <= 0:
        raise click.ClickException("EVALUATION_CACHE_MINUTES is 0: nothing is kept.")
    pruned = cache.prune()
    db.session.commit()
    counted: set[str] = set()
    period = default_period()
    for viewer in one_viewer_per_scope():
        # The tables write links and Dutch numbers: they need a request, as on the page.
        with current_app.test_request_context("/evaluatie/"):
            scope = Scope(viewer, recount=True)
            if scope.key() in counted:
                continue
            started = time.perf_counter()
            overview(scope, period)
            db.session.commit()
            counted.add(scope.key())
            seconds = time.perf_counter() - started
        click.echo(f"{viewer.role.value:<10} {viewer.organisation_id:>6}  {seconds:6.2f} s")
    click.echo(f"Counted {len(counted)} overview(s) of {period.first} to {period.last}.")
    click.echo(f"Deleted {pruned} figure set(s) counted long ago.")
