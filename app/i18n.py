"""Language choice: the user's preference, then the browser's, then Dutch."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from flask import Flask, current_app, g, has_app_context, has_request_context, request, session
from flask_babel import get_locale, get_translations, to_user_timezone
from flask_login import current_user

_TRANSLATIONS = "_request_translations"


def supported_locales() -> list[str]:
    return list(current_app.config["LANGUAGES"])


# The region whose formats each language uses: dates, times and numbers in English are written
# the British way ("28 Nov 2026", "28/11/2026"), not the American one Babel gives plain "en". The
# English catalogue is found from "en_GB" (gettext falls back to "en").
REGIONS = {"en": "en_GB"}


def select_locale() -> str:
    return REGIONS.get(_language(), _language())


def _language() -> str:
    if not has_request_context():  # flask commands (retention, demo data): the default language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if request.endpoint == "pwa.offline" and request.args.get("lang") in supported_locales():
        return request.args["lang"]  # the offline page in the user's language (app/pwa/routes.py)
    if current_user.is_authenticated and current_user.locale in supported_locales():
        return current_user.locale
    chosen = session.get("locale")
    if chosen in supported_locales():
        return chosen
    return request.accept_languages.best_match(supported_locales()) or "nl"


def request_translations() -> Any:
    """Flask-Babel's translations for this request, looked up once per request.

    Flask-Babel looks them up again for every string a template translates (the domain, the
    locale and its cache: a dozen context lookups each), and a learner page has about thirty.
    The answer cannot change within a request: Flask-Babel keeps the request's locale for the
    whole request too (in the same ``g``), and the catalogues for the whole process.
    """
    if not has_app_context():
        return get_translations()
    translations = g.get(_TRANSLATIONS)
    if translations is None:
        translations = get_translations()
        setattr(g, _TRANSLATIONS, translations)
    return translations


def register_template_helpers(app: Flask) -> None:
    # The same callables Flask-Babel installs, on the translations looked up once per request.
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda s: request_translations().ugettext(s),
        ngettext=lambda s, p, n: request_translations().ungettext(s, p, n),
        pgettext=lambda c, s: request_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: request_translations().unpgettext(c, s, p, n),
        newstyle=True,
    )

    @app.context_processor
    def inject_language() -> dict[str, object]:
        # The language alone ("en"), as <html lang> and the language buttons want it.
        return {"current_locale": get_locale().language, "languages": app.config["LANGUAGES"]}


def local_today() -> date:
    """Today in the app's time zone (Europe/Amsterdam), not the server's: at 01:00 Dutch time a
    server on UTC still thinks it is yesterday."""
    return to_user_timezone(datetime.now(UTC)).date()
