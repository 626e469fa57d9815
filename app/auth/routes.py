from __future__ import annotations

from flask import (
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from app.auth import account_limit, bp
from app.auth.forms import LoginForm
from app.auth.login_cards import CardProblem, find_card, use_card
from app.auth.services import LoginFailure, authenticate
from app.auth.sessions import end_all_sessions, end_session, start_session
from app.extensions import db, limiter
from app.main.routes import home_url_for
from app.models import Role, User
from app.urls import safe_local_path


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _qr_limit() -> str:
    return current_app.config["QR_RATE_LIMIT"]


def _locked_message() -> str:
    return _(
        "Te vaak een fout wachtwoord voor deze naam. "
        "Wacht een kwartier en probeer het dan opnieuw. Of vraag je begeleider om hulp."
    )


def log_in(user: User, remember: bool) -> None:
    """Start a new log-in in a fresh session: nothing of the anonymous session (its CSRF secret,
    a half-finished form) carries over, so a planted session cannot be taken over."""
    locale = session.get("locale")
    if current_user.is_authenticated:  # a QR card scanned on a phone where someone else was
        end_session(current_user)
    logout_user()
    session.clear()
    if locale:
        session["locale"] = locale
    start_session(user, remember=remember)
    db.session.commit()
    login_user(user, remember=remember)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login() -> str | Response | tuple[str, int]:
    if current_user.is_authenticated:
        return redirect(home_url_for(current_user))
    # Only a posted form counts (not a JSON body, which Flask-WTF would also read).
    form = LoginForm(formdata=request.form)
    if form.validate_on_submit():
        username = form.username.data or ""
        if not account_limit.try_password(username):
            form.form_errors.append(_locked_message())
            return render_template("auth/login.html", form=form), 429
        result = authenticate(username, form.password.data or "")
        if result.user is not None:
            user = result.user
            account_limit.forget_tries(username)
            log_in(user, remember=user.role is Role.LEARNER)
            response = redirect(safe_local_path(request.args.get("next")) or home_url_for(user))
            account_limit.remember_device(response, username)
            return response
        if result.failure is LoginFailure.INACTIVE:
            form.form_errors.append(_("Dit account is uitgezet. Vraag je begeleider om hulp."))
        else:
            form.form_errors.append(
                _("Gebruikersnaam of wachtwoord klopt niet. Probeer het nog eens.")
            )
        return render_template("auth/login.html", form=form), 401
    status = 400 if form.is_submitted() else 200
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
@login_required
def logout() -> Response:
    """End this log-in on the server too: a copied cookie stops working at once."""
    end_session(current_user)
    db.session.commit()
    logout_user()
    flash(_("Je bent uitgelogd."), "info")
    return redirect(url_for("auth.login"))


@bp.post("/logout/everywhere")
@login_required
def logout_everywhere() -> Response:
    """ "Overal uitloggen": every log-in of this account ends, on every phone and computer."""
    user = current_user._get_current_object()
    end_all_sessions(user)
    db.session.commit()
    logout_user()
    flash(_("Je bent overal uitgelogd."), "info")
    return redirect(url_for("auth.login"))


def _card_problem_message(problem: CardProblem) -> str:
    messages = {
        CardProblem.UNKNOWN: _(
            "Deze inlogkaart kennen we niet. Vraag je begeleider om een nieuwe kaart."
        ),
        CardProblem.USED: _(
            "Deze inlogkaart is al gebruikt. Vraag je begeleider om een nieuwe kaart."
        ),
        CardProblem.REVOKED: _(
            "Deze inlogkaart werkt niet meer. Vraag je begeleider om een nieuwe kaart."
        ),
        CardProblem.INACTIVE: _("Dit account is uitgezet. Vraag je begeleider om hulp."),
    }
    return messages[problem]


@bp.route("/qr/<token>", methods=["GET", "POST"])
@limiter.limit(_qr_limit)
def qr_login(token: str) -> str | Response | tuple[str, int]:
    """Log in with a printed card. Opening the scanned link changes nothing (so link previews
    and scanner apps cannot spend the card); the learner taps "Inloggen", a CSRF-checked POST."""
    if request.method == "POST":
        learner, problem = use_card(token)
        if learner is not None:
            log_in(learner, remember=True)  # stays logged in on this phone
            return redirect(home_url_for(learner))
    else:
        card, problem = find_card(token)
        if card is not None and problem is None:
            return render_template("auth/qr_login.html", learner=card.learner)
    assert problem is not None
    page = render_template("auth/qr_problem.html", message=_card_problem_message(problem))
    return page, 404 if problem is CardProblem.UNKNOWN else 410
