"""Configuration read from the environment (README "Configuration" lists every variable).

Production sets ``SECRET_KEY`` (required), ``DATABASE_URL`` (PostgreSQL), ``REDIS_URL`` (rate-limit
counters shared by all workers), ``MEDIA_STORAGE`` (with several servers) and, behind a TLS proxy,
``TRUSTED_PROXIES``. The rest has a safe
default: ``SESSION_COOKIE_SECURE``, ``RETENTION_MONTHS``, ``RATELIMIT_STORAGE_URI`` and
``RATELIMIT_KEY_PREFIX``. ``PORT`` is read by the Makefile and gunicorn, not here.

Templates, static files, migrations and translations live beside the ``app`` package, under
``PROJECT_ROOT``: the app runs from its checkout (installed editable, see README "Running in
production"), not from a copy in site-packages.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL", "sqlite:///leerplek.db")
    # Hosting platforms hand out postgres:// URLs; SQLAlchemy wants the driver named.
    if url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgres://")
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


def engine_options(url: str) -> dict[str, object]:
    """Connection pool per process. Each gunicorn sync worker serves one request at a time, so a
    few connections are plenty; what PostgreSQL must allow is (pool size + overflow) × workers ×
    servers (README "Running at scale"). Behind PgBouncer in transaction mode (``DATABASE_PGBOUNCER``)
    psycopg must not prepare statements: the next transaction may run on another server connection.
    """
    options: dict[str, object] = {"pool_pre_ping": True}
    if url.startswith("postgresql"):
        options["pool_size"] = int(os.environ.get("DATABASE_POOL_SIZE", "5"))
        options["max_overflow"] = int(os.environ.get("DATABASE_MAX_OVERFLOW", "5"))
        if _env_flag("DATABASE_PGBOUNCER", False):
            options["connect_args"] = {"prepare_threshold": None}
    return options


class Config:
    # No default: create_app refuses to start without it outside debug and tests, because each
    # gunicorn worker would make its own random key (broken sessions and CSRF between workers).
    # `make run` keeps a generated key in instance/secret_key.
    SECRET_KEY = os.environ.get("SECRET_KEY") or None
    SQLALCHEMY_DATABASE_URI = _database_url()
    SQLALCHEMY_ENGINE_OPTIONS = engine_options(SQLALCHEMY_DATABASE_URI)

    # Cookies: never readable from JavaScript, not sent on cross-site POSTs. Secure is decided in
    # create_app (on unless debugging on plain http), or forced with SESSION_COOKIE_SECURE.
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # Learners use their own phone at work and cannot retype a password often: half a year.
    REMEMBER_COOKIE_DURATION = timedelta(days=180)
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)

    WTF_CSRF_TIME_LIMIT = 3600
    BABEL_DEFAULT_LOCALE = "nl"
    BABEL_DEFAULT_TIMEZONE = "Europe/Amsterdam"
    BABEL_TRANSLATION_DIRECTORIES = str(PROJECT_ROOT / "translations")
    LANGUAGES = {"nl": "Nederlands", "en": "English"}

    # werkzeug's default (scrypt). Tests use a cheaper method to stay fast.
    PASSWORD_HASH_METHOD = "scrypt"
    MAX_CONTENT_LENGTH = 16 * 1024 * 1024

    # Behind a TLS proxy (see README), trust this many proxies' X-Forwarded-* headers: the QR cards
    # then print https links, and rate limits count the phone's address instead of the proxy's.
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))

    # Guessing QR log-in tokens or passwords: a few tries per minute per address is plenty.
    # Several gunicorn workers or servers must count together: with REDIS_URL set, the counters
    # live in Redis. Without it (`make run`) each process counts alone, in memory.
    REDIS_URL = os.environ.get("REDIS_URL") or None
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI") or REDIS_URL or "memory://"
    RATELIMIT_KEY_PREFIX = os.environ.get("RATELIMIT_KEY_PREFIX", "leerplek")
    # If Redis is down, log-in keeps working with counters per process rather than failing.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_SWALLOW_ERRORS = True
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = "20 per minute"
    QR_RATE_LIMIT = "10 per minute"
    # Wrong passwords for one username, from any address. Low enough to stop guessing, high
    # enough that a learner who mistypes a few times is not locked out for long.
    ACCOUNT_LOGIN_RATE_LIMIT = "10 per 15 minutes"

    # The evaluation's figures, once counted, are read from the database for this many minutes
    # (app/evaluation/cache.py); 0 counts them on every request.
    EVALUATION_CACHE_MINUTES = int(os.environ.get("EVALUATION_CACHE_MINUTES", "30"))
    # "Nu opnieuw tellen" makes the database count (seconds across all organisations): a few
    # times per viewer is enough for a meeting, and keeps a stuck finger from loading it.
    EVALUATION_RECOUNT_RATE_LIMIT = "5 per 10 minutes"

    # Uploaded files (app/media): "folder" on this machine (MEDIA_FOLDER, default instance/media),
    # "database" (rows in PostgreSQL, shared by every server) or "s3" (a bucket; needs boto3 from
    # requirements-s3.txt). README "Running at scale" says which to pick.
    MEDIA_STORAGE = os.environ.get("MEDIA_STORAGE", "folder")
    MEDIA_FOLDER = os.environ.get("MEDIA_FOLDER") or None
    MEDIA_S3_BUCKET = os.environ.get("MEDIA_S3_BUCKET") or None
    MEDIA_S3_PREFIX = os.environ.get("MEDIA_S3_PREFIX", "")
    MEDIA_S3_ENDPOINT_URL = os.environ.get("MEDIA_S3_ENDPOINT_URL") or None

    # AVG: accounts nobody used for this long are erased by `flask retention` (README).
    RETENTION_MONTHS = int(os.environ.get("RETENTION_MONTHS", "24"))

    # Cheap phones on slow connections: compress every text response (Flask-Compress). Brotli at
    # level 6 makes pages a tenth smaller than zstd's default for about 2 ms per page; versioned
    # static files are compressed once at the highest level (app/pwa/assets.py).
    COMPRESS_ALGORITHM = ["br", "zstd", "gzip", "deflate"]
    COMPRESS_BR_LEVEL = 6
    COMPRESS_MIMETYPES = [
        "text/html",
        "text/css",
        "text/javascript",
        "application/javascript",
        "application/json",
        "application/manifest+json",
        "image/svg+xml",
    ]


def cookie_secure_override() -> bool | None:
    """SESSION_COOKIE_SECURE from the environment, or None when not set."""
    if "SESSION_COOKIE_SECURE" not in os.environ:
        return None
    return _env_flag("SESSION_COOKIE_SECURE", True)
