from __future__ import annotations

from datetime import date

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user
from werkzeug.wrappers import Response

from app.evaluation import EVALUATORS, bp, cache
from app.evaluation.chart import week_chart
from app.evaluation.figures import Period, Scope, default_period
from app.evaluation.tables import (
    Table,
    card_table,
    csv_text,
    hard_card_table,
    hard_cards,
    organisation_table,
    overview,
    package_table,
    period_args,
    verdict_words,
    week_table,
)
from app.extensions import db, limiter
from app.models import LessonPackage
from app.permissions import role_required
from app.urls import safe_local_path

# A longer period would make the weekly chart unreadable and says little about a pilot.
MAX_DAYS = 3 * 366


def _period() -> tuple[Period, str | None]:
    """The period asked for (``van``, ``tot``: dates), or the default with a Dutch message."""
    default = default_period()
    if not request.args.get("van") and not request.args.get("tot"):
        return default, None
    try:
        first = date.fromisoformat(request.args.get("van", ""))
        last = date.fromisoformat(request.args.get("tot", ""))
    except ValueError:
        return default, _("Vul twee geldige datums in. Je ziet nu de laatste twaalf weken.")
    if first > last:
        return default, _(
            "De eerste datum moet voor de tweede liggen. Je ziet nu de laatste twaalf weken."
        )
    if (last - first).days >= MAX_DAYS or first.year < 2000 or last.year > 2100:
        return default, _(
            "Kies een periode van hooguit drie jaar. Je ziet nu de laatste twaalf weken."
        )
    return Period(first, last), None


def _package_or_404(scope: Scope, package_id: int) -> LessonPackage:
    package = db.session.get(LessonPackage, package_id)
    if package is None or package.id not in scope.package_ids():
        abort(404)
    return package


@bp.get("/")
@role_required(*EVALUATORS)
def home() -> str:
    scope = Scope(current_user)
    period, problem = _period()
    packages, hard, weeks = overview(scope, period)
    page = render_template(
        "evaluation/home.html",
        scope=scope,
        period=period,
        problem=problem,
        packages=packages,
        hard=hard,
        verdicts=verdict_words(),
        weeks=weeks,
        chart=week_chart(_chart_weeks(weeks)),
        args=period_args(period),
        keep_minutes=cache.keep_minutes(),
    )
    db.session.commit()  # the figures counted for this page are kept (cache.py)
    return page


@bp.get("/pakketten/<int:package_id>")
@role_required(*EVALUATORS)
def package(package_id: int) -> str:
    scope = Scope(current_user)
    package = _package_or_404(scope, package_id)
    period, problem = _period()
    weeks = week_table(scope, period, package.id)
    page = render_template(
        "evaluation/package.html",
        scope=scope,
        package=package,
        period=period,
        problem=problem,
        organisations=organisation_table(scope, period, package),
        cards=card_table(scope, period, package),
        hard=hard_cards(scope, period, package.id),
        verdicts=verdict_words(),
        weeks=weeks,
        chart=week_chart(_chart_weeks(weeks)),
        args=period_args(period),
        keep_minutes=cache.keep_minutes(),
    )
    db.session.commit()
    return page


def _recount_limit() -> str:
    return str(current_app.config["EVALUATION_RECOUNT_RATE_LIMIT"])


def _per_viewer() -> str:
    """Counted per account (any server: the limiter's store), not per address."""
    return f"evaluation-recount:{current_user.get_id() or get_remote_address()}"


@bp.post("/opnieuw-tellen")
@role_required(*EVALUATORS)
@limiter.limit(_recount_limit, key_func=_per_viewer)
def recount() -> Response:
    """Forget the kept figures of the viewer's scope (every period): the page the viewer came
    from is counted again at once. For a meeting where "what we did this morning" must show."""
    cache.forget(Scope(current_user).key())
    cache.prune()
    db.session.commit()
    home_url = url_for("evaluation.home")
    back = safe_local_path(request.form.get("next"))
    if back is None or not back.startswith(home_url) or back.startswith(request.path):
        back = home_url
    return redirect(back, code=303)


def _chart_weeks(weeks: Table) -> list[tuple[date, int | None]]:
    """The weeks as the table shows them: a hidden week ("< 5") gets no bar."""
    return [
        (date.fromisoformat(row.names[0]), None if row.cells[0].hidden else int(row.cells[0].text))
        for row in weeks.rows
    ]


def _table(scope: Scope, period: Period, name: str, package: LessonPackage | None) -> Table | None:
    package_id = package.id if package else None
    if name == "pakketten" and package is None:
        return package_table(scope, period)
    if name == "moeilijke-kaarten":
        return hard_card_table(hard_cards(scope, period, package_id))
    if name == "weken":
        return week_table(scope, period, package_id)
    if name == "organisaties" and package is not None:
        return organisation_table(scope, period, package)
    if name == "kaarten" and package is not None:
        return card_table(scope, period, package)
    return None


@bp.get("/<name>.csv")
@bp.get("/pakketten/<int:package_id>/<name>.csv")
@role_required(*EVALUATORS)
def export(name: str, package_id: int | None = None) -> Response:
    """Every table of the pages as a CSV for Dutch Excel, with the same "< 5" as on the page."""
    scope = Scope(current_user)
    package = _package_or_404(scope, package_id) if package_id is not None else None
    period, _problem = _period()
    table = _table(scope, period, name, package)
    if table is None:
        abort(404)
    response = Response(csv_text(table), mimetype="text/csv")
    db.session.commit()
    filename = f"leerplek-evaluatie-{name}-{period.first.isoformat()}-{period.last.isoformat()}.csv"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
