from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime

import segno
from babel import dates
from flask import abort, flash, redirect, render_template, request, stream_with_context, url_for
from flask_babel import get_locale, get_timezone
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from markupsafe import Markup
from werkzeug.wrappers import Response

from app.auth.login_cards import issue_card, withdraw_cards
from app.extensions import db
from app.feedback.services import FeedbackError, feedback_on, give_feedback
from app.i18n import local_today
from app.learner.client_text import client_texts_json
from app.learner.freshness import page_build
from app.learner.services import PackageProgress, learner_progress
from app.models import Role, TaskCompletion, User
from app.permissions import learner_or_404, role_required
from app.photos.services import photos_of
from app.privacy.labels import person_name
from app.privacy.views import export_download
from app.signoffs.services import (
    SignoffError,
    competence_status,
    competence_statuses,
    record_signoff,
)
from app.supervisor import bp, caseload, evidence, services
from app.supervisor.forms import (
    QUICK_REPLIES,
    AssignForm,
    FeedbackForm,
    SignoffForm,
    level_choices,
)

# Sent by the phone when it fetches a page to keep for offline use (static/js/
# supervisor-offline.js): such a fetch is not a visit. It leaves "new since your last visit" and
# any message waiting for the next page ("Opgeslagen") alone.
OFFLINE_COPY_HEADER = "X-Leerplek-Offline-Copy"


def _offline_copy() -> bool:
    return request.headers.get(OFFLINE_COPY_HEADER) == "1"


@bp.context_processor
def supervisor_page_context() -> dict[str, object]:
    return {
        "client_texts_json": client_texts_json,
        "offline_copy": _offline_copy(),
        "now_for_offline_copy": lambda: datetime.now(UTC),
    }


@bp.after_request
def name_the_build(response: Response) -> Response:
    """Pages carry the build they were made by: the service worker fetches a stored page of
    another build again before it shows it (its asset URLs may be gone)."""
    if response.mimetype == "text/html":
        response.headers["Page-Version"] = page_build()
    return response


def _today() -> date:
    return local_today()


def _current_learner_or_404(learner_id: int) -> User:
    """A learner of the supervisor's organisation who was not erased: only they can be changed.

    An erased learner's page, overview and CSV stay readable (nameless history); every action
    on them answers 404, and no page offers one.
    """
    learner = learner_or_404(current_user, learner_id)
    if learner.erased_at is not None:
        abort(404)
    return learner


@bp.get("/")
@role_required(Role.SUPERVISOR)
def home() -> str:
    """The supervisor's own group first ("Mijn groep"); everyone in the organisation behind the
    "Iedereen" filter and the search, which looks through everyone. A supervisor without a
    group sees everyone."""
    search = request.args.get("q", "")[:100]
    number = request.args.get("pagina", default=1, type=int)  # not a number: the first page
    own = caseload.has_caseload(current_user)
    group = request.args.get("groep")
    if group not in GROUPS or not own:
        group = "mijn" if own and not search.strip() else "iedereen"
    return render_template(
        "supervisor/home.html",
        page=services.learner_page(current_user, search, number or 1, own_group=group == "mijn"),
        search=search,
        group=group,
        has_group=own,
    )


GROUPS = ("mijn", "iedereen")


@bp.post("/learners/<int:learner_id>/group")
@role_required(Role.SUPERVISOR)
def set_group(learner_id: int) -> Response:
    """Put the learner in the supervisor's own group, or take them out."""
    learner = _current_learner_or_404(learner_id)
    form = FlaskForm()
    if not form.validate_on_submit() or request.form.get("in_groep") not in {"0", "1"}:
        abort(400)
    linked = request.form["in_groep"] == "1"
    caseload.set_in_caseload(current_user, learner, linked)
    db.session.commit()
    name = person_name(learner)
    flash(
        _("%(name)s staat nu in je groep.", name=name)
        if linked
        else _("%(name)s staat niet meer in je groep.", name=name),
        "success",
    )
    return redirect(url_for("supervisor.learner", learner_id=learner.id))


def _assign_form(learner: User, progress: list[PackageProgress] | None = None) -> AssignForm:
    """``progress``: the learner's ``learner_progress`` when the caller has it already."""
    form = AssignForm()
    if progress is None:
        progress = learner_progress(learner)
    assigned = {item.package.id for item in progress}
    form.package_id.choices = [
        (package.id, package.title)
        for package in services.assignable_packages()
        if package.id not in assigned
    ]
    return form


def _short_datetimes() -> Callable[[datetime], str]:
    """The ``datetimeformat('short')`` filter, for a page that formats many moments.

    The filter looks up the locale, the time zone and the locale's patterns again for every
    moment (about 20 µs each; a learner's page shows 200). Here they are looked up once and
    Babel's own parsed patterns format each moment, as ``babel.dates.format_datetime`` does for
    "short", so the text stays Babel's in every language.
    """
    locale = get_locale()
    zone = get_timezone()
    layout = str(dates.get_datetime_format("short", locale=locale)).replace("'", "")
    time_pattern = dates.parse_pattern(dates.get_time_format("short", locale=locale))
    date_pattern = dates.parse_pattern(dates.get_date_format("short", locale=locale))

    def short(moment: datetime) -> str:
        if moment.tzinfo is None:  # as Babel: a naive moment is UTC
            moment = moment.replace(tzinfo=UTC)
        local = zone.normalize(moment.astimezone(zone))
        day = local.date()
        return layout.replace(
            "{0}", time_pattern.apply(local.timetz(), locale, reference_date=day)
        ).replace("{1}", date_pattern.apply(day, locale))

    return short


@bp.get("/learners/<int:learner_id>")
@role_required(Role.SUPERVISOR)
def learner(learner_id: int) -> str:
    learner = learner_or_404(current_user, learner_id)
    last_seen = services.seen_at(current_user, learner)
    # The assigned packages (with their cards and tasks) are loaded once and serve the progress
    # bars, the competences and the choice of packages still to give; no card's text is shown.
    progress = learner_progress(learner, versions=False)
    page = render_template(
        "supervisor/learner.html",
        learner=learner,
        progress=progress,
        completions=services.recent_completions(
            learner, last_seen, everything=request.args.get("alle") == "1"
        ),
        competences=competence_statuses(learner, [item.package for item in progress]),
        last_seen=last_seen,
        assign_form=_assign_form(learner, progress),
        group_supervisors=caseload.supervisors_of(learner),
        short_datetime=_short_datetimes(),
    )
    if learner.erased_at is None and not _offline_copy():  # what was shown is no longer "new"
        services.mark_seen(current_user, learner)
        db.session.commit()
    return page


@bp.route("/learners/<int:learner_id>/tasks/<int:completion_id>", methods=["GET", "POST"])
@role_required(Role.SUPERVISOR)
def task(learner_id: int, completion_id: int) -> str | Response | tuple[str, int]:
    """One completed task with its photos and feedback, and the field to give feedback."""
    learner = _current_learner_or_404(learner_id)
    completion = db.session.get(TaskCompletion, completion_id)
    if completion is None or completion.learner_id != learner.id:
        abort(404)
    form = FeedbackForm()
    if form.validate_on_submit():
        try:
            give_feedback(
                current_user, completion, form.text.data or "", form.request_id.data or ""
            )
        except FeedbackError as error:
            form.text.errors = [*form.text.errors, str(error)]
        else:
            db.session.commit()
            flash(_("Je feedback is verstuurd."), "success")
            return redirect(url_for("supervisor.learner", learner_id=learner.id))
    page = render_template(
        "supervisor/task.html",
        learner=learner,
        completion=completion,
        photos=photos_of([completion.id]).get(completion.id, []),
        feedback=feedback_on([completion.id]).get(completion.id, []),
        form=form,
        quick_replies=[str(reply) for reply in QUICK_REPLIES],
        short_datetime=_short_datetimes(),
    )
    return (page, 400) if form.is_submitted() else page


@bp.route("/learners/<int:learner_id>/competences/<int:competence_id>", methods=["GET", "POST"])
@role_required(Role.SUPERVISOR)
def signoff(learner_id: int, competence_id: int) -> str | Response | tuple[str, int]:
    learner = _current_learner_or_404(learner_id)
    status = competence_status(learner, competence_id)
    if status is None:
        abort(404)
    form = SignoffForm()
    form.level.choices = level_choices(can_withdraw=status.current is not None)
    if form.validate_on_submit():
        try:
            record_signoff(
                current_user,
                learner,
                competence_id,
                level=form.level.data,
                note=(form.note.data or "").strip(),
                signed_on=form.signed_on.data,
                request_id=form.request_id.data,
                today=_today(),
            )
            db.session.commit()
        except SignoffError as error:
            target = getattr(form, error.field, None)
            if target is None:
                form.form_errors.append(str(error))
            else:
                target.errors = [*target.errors, str(error)]
        else:
            flash(_("Opgeslagen: %(competence)s.", competence=status.competence.name), "success")
            return redirect(url_for("supervisor.learner", learner_id=learner.id) + "#competences")
    page = render_template(
        "supervisor/signoff.html",
        learner=learner,
        status=status,
        form=form,
        today=_today(),
        withdraw_request_id=str(uuid.uuid4()),  # its own form, its own double-tap guard
    )
    return (page, 400) if form.is_submitted() else page


@bp.post("/learners/<int:learner_id>/assignments")
@role_required(Role.SUPERVISOR)
def assign(learner_id: int) -> Response:
    learner = _current_learner_or_404(learner_id)
    form = _assign_form(learner)
    package = (
        services.assign_package(current_user, learner, form.package_id.data)
        if form.validate_on_submit()
        else None
    )
    if package is None:
        flash(_("Kies een lespakket."), "error")
    else:
        db.session.commit()
        message = _(
            "%(title)s staat nu bij %(name)s.", title=package.title, name=person_name(learner)
        )
        flash(message, "success")
    return redirect(url_for("supervisor.learner", learner_id=learner.id) + "#packages")


@bp.post("/learners/<int:learner_id>/assignments/<int:package_id>/remove")
@role_required(Role.SUPERVISOR)
def unassign(learner_id: int, package_id: int) -> Response:
    learner = _current_learner_or_404(learner_id)
    package = services.unassign_package(current_user, learner, package_id)
    if package is None:
        abort(404)
    db.session.commit()
    message = _(
        "%(title)s is weggehaald bij %(name)s.", title=package.title, name=person_name(learner)
    )
    flash(message, "success")
    return redirect(url_for("supervisor.learner", learner_id=learner.id) + "#packages")


def _qr_svg(url: str) -> Markup:
    return Markup(segno.make(url, error="m").svg_inline(scale=4, title=_("Inlogcode")))


def _cards_page(learners: list[User]) -> str:
    cards = []
    for learner in learners:
        token = issue_card(current_user, learner)
        url = url_for("auth.qr_login", token=token, _external=True)
        cards.append({"learner": learner, "url": url, "qr": _qr_svg(url)})
    db.session.commit()  # all cards of one print at once
    return render_template("supervisor/login_cards.html", cards=cards)


@bp.post("/learners/<int:learner_id>/login-card")
@role_required(Role.SUPERVISOR)
def login_card(learner_id: int) -> str:
    """Printing a card makes a new token; the learner's previous card stops working."""
    learner = _current_learner_or_404(learner_id)
    return _cards_page([learner])


@bp.post("/login-cards")
@role_required(Role.SUPERVISOR)
def login_cards() -> str:
    learners = services.organisation_learners(current_user)  # erased learners are left out
    return _cards_page([learner for learner in learners if learner.active])


@bp.post("/learners/<int:learner_id>/login-card/revoke")
@role_required(Role.SUPERVISOR)
def revoke_login_card(learner_id: int) -> Response:
    learner = _current_learner_or_404(learner_id)
    withdraw_cards(current_user, learner)
    db.session.commit()
    message = _(
        "De inlogkaart van %(name)s werkt niet meer. Wie ermee is ingelogd, is nu uitgelogd.",
        name=person_name(learner),
    )
    flash(message, "success")
    return redirect(url_for("supervisor.learner", learner_id=learner.id))


@bp.get("/learners/<int:learner_id>/overview")
@role_required(Role.SUPERVISOR)
def overview(learner_id: int) -> str:
    learner = learner_or_404(current_user, learner_id)
    return render_template(
        "supervisor/overview.html",
        data=evidence.overview(learner, _today()),
    )


def _csv_response(lines: Iterator[str], filename: str) -> Response:
    """Streamed while it is written: an organisation's CSV never sits whole in memory."""
    response = Response(stream_with_context(lines), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/learners/<int:learner_id>/export.csv")
@role_required(Role.SUPERVISOR)
def export_learner(learner_id: int) -> Response:
    learner = learner_or_404(current_user, learner_id)
    return _csv_response(evidence.csv_lines([learner]), f"leerplek-{learner.username}.csv")


@bp.get("/export.csv")
@role_required(Role.SUPERVISOR)
def export_organisation() -> Response:
    # Erased learners too, nameless: the organisation's totals stay complete.
    learners = services.organisation_learners(current_user, include_erased=True)
    return _csv_response(evidence.csv_lines(learners), "leerplek-organisatie.csv")


@bp.post("/learners/<int:learner_id>/export.zip")
@role_required(Role.SUPERVISOR)
def export_learner_data(learner_id: int) -> Response:
    """Everything stored about the learner, as one zip (AVG right of access). A POST with CSRF,
    because it writes to the audit log."""
    return export_download(current_user, _current_learner_or_404(learner_id))


@bp.post("/learners/<int:learner_id>/logout-everywhere")
@role_required(Role.SUPERVISOR)
def logout_learner_everywhere(learner_id: int) -> Response:
    """ "Overal uitloggen" for a learner, e.g. when their phone is lost."""
    learner = _current_learner_or_404(learner_id)
    services.end_learner_sessions(current_user, learner)
    db.session.commit()
    message = _(
        "%(name)s is nu overal uitgelogd. "
        "Inloggen kan weer met het wachtwoord of een nieuwe inlogkaart.",
        name=person_name(learner),
    )
    flash(message, "success")
    return redirect(url_for("supervisor.learner", learner_id=learner.id))
