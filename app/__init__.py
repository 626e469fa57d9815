"""Leerplek: offline-first on-the-job learning for Dutch social enterprises."""

from __future__ import annotations

import os
import secrets
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from app import input_safety, media
from app.config import PROJECT_ROOT, Config, cookie_secure_override


class MissingSecretKey(RuntimeError):
    pass


def _require_secret_key(app: Flask) -> None:
    """Refuse to start without SECRET_KEY, except when debugging or testing.

    A random key per process would differ between gunicorn workers and servers: users would bounce
    between them with broken sessions and CSRF tokens, and be logged out on every restart.
    """
    if app.config.get("SECRET_KEY"):
        return
    if app.debug or app.testing:
        app.config["SECRET_KEY"] = secrets.token_hex(32)
        return
    raise MissingSecretKey(
        "SECRET_KEY is not set. Set it to a long random value, the same for every worker and "
        "server, e.g. python -c 'import secrets; print(secrets.token_hex(32))'. "
        "`make run` makes one for you in instance/secret_key."
    )


def create_app(config: type[Config] | None = None, **overrides: Any) -> Flask:
    """Wire the application: configuration, extensions, blueprints, CLI and error handlers."""
    app = Flask(
        __name__,
        static_folder=str(PROJECT_ROOT / "static"),
        template_folder=str(PROJECT_ROOT / "templates"),
        instance_path=str(PROJECT_ROOT / "instance"),
    )
    # Before any route is added: every <int:...> is then limited to what the database holds.
    app.url_map.converters["int"] = input_safety.DatabaseIdConverter
    app.config.from_object(config or Config)
    app.config.update(overrides)
    _require_secret_key(app)
    media.check_config(app.config)
    secure = cookie_secure_override()
    if secure is None:
        secure = app.config.get("SESSION_COOKIE_SECURE") or not app.debug
    app.config["SESSION_COOKIE_SECURE"] = secure
    app.config["REMEMBER_COOKIE_SECURE"] = secure
    os.makedirs(app.instance_path, exist_ok=True)
    if app.config.get("TRUSTED_PROXIES"):
        layers = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=layers, x_proto=layers, x_host=layers)  # type: ignore[method-assign]

    from app import database, i18n, query_timing, security_headers
    from app.extensions import babel, compress, csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"))
    csrf.init_app(app)
    compress.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale, timezone_selector=None)
    database.register_sqlite_pragmas()
    input_safety.init_app(app)
    security_headers.init_app(app)
    query_timing.init_app(app)  # only with SLOW_QUERY_LOG set (make bench-scale)

    from app import auth
    from app.admin import bp as admin_bp
    from app.api import bp as api_bp
    from app.auth import bp as auth_bp
    from app.editor import bp as editor_bp
    from app.errors import register_error_handlers
    from app.evaluation import bp as evaluation_bp
    from app.learner import bp as learner_bp
    from app.main import bp as main_bp
    from app.pwa import bp as pwa_bp
    from app.pwa.assets import register_asset_helpers
    from app.supervisor import bp as supervisor_bp

    auth.configure_login_manager(login_manager)
    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(learner_bp, url_prefix="/learner")
    app.register_blueprint(supervisor_bp, url_prefix="/supervisor")
    app.register_blueprint(editor_bp, url_prefix="/editor")
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(evaluation_bp, url_prefix="/evaluatie")
    app.register_blueprint(api_bp, url_prefix="/api/v1")
    app.register_blueprint(pwa_bp)
    register_error_handlers(app)
    i18n.register_template_helpers(app)
    register_asset_helpers(app)

    from app.cli import register_cli
    from app.content.hyphenation import soft_hyphens
    from app.content.rendering import draft_view, history_view, render_lesson_text
    from app.privacy.labels import label, person_name

    register_cli(app)
    app.add_template_filter(render_lesson_text, "lesson_text")
    app.add_template_filter(draft_view, "draft_view")
    app.add_template_filter(history_view, "history_view")
    app.add_template_filter(soft_hyphens, "hyphenate")
    app.add_template_filter(person_name, "person_name")
    app.add_template_filter(label, "label")
    return app
