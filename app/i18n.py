"""Language choice: the user's preference, then the browser's, then Dutch."""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask import Flask, current_app, has_request_context, request, session
from flask_babel import get_locale, to_user_timezone
from flask_login import current_user


def supported_locales() -> list[str]:
    return list(current_app.config["LANGUAGES"])


def select_locale() -> str:
    if not has_request_context():  # flask commands (retention, demo data): the default language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if current_user.is_authenticated and current_user.locale in supported_locales():
        return current_user.locale
    chosen = session.get("locale")
    if chosen in supported_locales():
        return chosen
    return request.accept_languages.best_match(supported_locales()) or "nl"


def register_template_helpers(app: Flask) -> None:
    @app.context_processor
    def inject_language() -> dict[str, object]:
        return {"current_locale": str(get_locale()), "languages": app.config["LANGUAGES"]}


def local_today() -> date:
    """Today in the app's time zone (Europe/Amsterdam), not the server's: at 01:00 Dutch time a
    server on UTC still thinks it is yesterday."""
    return to_user_timezone(datetime.now(UTC)).date()
