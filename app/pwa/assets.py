"""Static assets under names derived from their content.

Every asset URL carries a hash of the file (``/static/css/app.css?v=1a2b3c4d``), and the service
worker's precache list and cache name are built from the same hashes. A deploy therefore changes
the bytes of ``/sw.js`` whenever any asset changes, the browser installs the new worker, and a page
never gets a mix of old and new files: each page asks for the exact versions it was built with.
"""

from __future__ import annotations

import base64
import hashlib
import os
from collections.abc import Iterable
from functools import cache, lru_cache
from pathlib import Path
from typing import cast

import brotli
import rcssmin
import rjsmin
from flask import Flask, Response, current_app, request, url_for
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup

# What every page needs offline, precached by the service worker. The large PNG icons are left
# out: only the browser's install prompt uses them, and it fetches them itself.
SHELL_FOLDERS = ("css", "js")
SHELL_EXTRA = ("icons/icon.svg",)
# Scripts of pages that need the network anyway (the editor, the supervisor's printouts): not
# kept on every learner's phone.
SHELL_EXCLUDE = (
    "css/staff.css",
    "js/readability-panel.js",
    "js/unsaved-changes.js",
    "js/print.js",
    "js/photos.js",
    "js/confirm.js",
    "js/feedback.js",
    "js/feedback-read.js",
    "js/supervisor.js",
    "js/supervisor-offline.js",
)
# Modules of learner pages loaded only when used (``import()``): in the import map, so they load
# under their versioned URL, but not precached; the offline download keeps them on the phone
# (the offline manifest's ``assets``), so a first visit does not pay for them.
LAZY_MODULES = ("js/photos.js", "js/feedback-read.js")
# The supervisor's own scripts and the staff stylesheet: not on a learner's phone. A supervisor
# who keeps their group on the phone keeps these too (the supervisor manifest's ``assets``); the
# rest of what their pages load is the shell.
SUPERVISOR_ASSETS = (
    "css/staff.css",
    "js/supervisor.js",
    "js/supervisor-offline.js",
    "js/confirm.js",
    "js/feedback.js",
)


def _static_root() -> Path:
    return Path(current_app.static_folder or "")


@cache
def _file_hash(path: str, mtime_ns: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


def _mtime_ns(path: str) -> int:
    return os.stat(path).st_mtime_ns


def asset_hash(filename: str) -> str:
    # Plain strings and os.stat rather than pathlib: this runs for every asset URL of every page
    # and, through shell_version(), for every shell file on every learner page.
    path = os.path.join(current_app.static_folder or "", filename)
    return _file_hash(path, _mtime_ns(path))


def asset_url(filename: str) -> str:
    return url_for("static", filename=filename, v=asset_hash(filename))


# The cached helpers below take folders as strings, not Paths: building and hashing a Path for
# the cache key costs more than the rest of page_version() on every learner page.


@cache
def _scan(folder: str) -> tuple[str, ...]:
    root = Path(folder)
    files = {
        str(path.relative_to(root))
        for folder in SHELL_FOLDERS
        for path in (root / folder).rglob("*")
        if path.is_file()
    }
    files |= {name for name in SHELL_EXTRA if (root / name).is_file()}
    return tuple(sorted(files - set(SHELL_EXCLUDE)))


def shell_files() -> list[str]:
    """The app shell's files. Every learner page and /sw.js asks, so the folder walk is done once
    per process; in debug mode it is done again each time, to see files being added."""
    if current_app.debug:
        _scan.cache_clear()
    return list(_scan(current_app.static_folder or ""))


# Templates whose output the worker caches or is: a change to one of them is a new version too.
WORKER_TEMPLATES = ("pwa/sw.js", "pwa/offline.html", "base.html")


def shell_version() -> str:
    """One hash over every shell file and the worker's own templates: the service worker's
    version and cache name.

    Every learner page asks (its build, app/learner/freshness.py), so the files are only
    stat'ed each time: the hash is made again only when a file's time changed.
    """
    files = tuple(shell_files())
    static, templates = current_app.static_folder or "", current_app.template_folder or ""
    paths = tuple(os.path.join(static, name) for name in files) + tuple(
        os.path.join(templates, name) for name in WORKER_TEMPLATES
    )
    return _shell_version(files, paths, tuple(_mtime_ns(path) for path in paths))


@lru_cache(maxsize=32)
def _shell_version(files: tuple[str, ...], paths: tuple[str, ...], mtimes: tuple[int, ...]) -> str:
    # ``paths`` are the shell files (named by ``files``), then the worker's templates.
    digest = hashlib.sha256()
    for index, (path, mtime_ns) in enumerate(zip(paths, mtimes, strict=True)):
        if index < len(files):
            digest.update(files[index].encode())
        digest.update(_file_hash(path, mtime_ns).encode())
    return digest.hexdigest()[:12]


@cache
def _build_hash(templates: str, translations: str, code: str) -> str:
    digest = hashlib.sha256()
    for name, pattern in ((templates, "**/*"), (translations, "**/*.mo"), (code, "**/*.py")):
        folder = Path(name)
        for path in sorted(folder.glob(pattern)):
            if path.is_file():
                digest.update(str(path.relative_to(folder)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def page_version() -> str:
    """A hash of everything a page is built from besides its data: the shell (asset URLs in the
    page), the templates, the compiled translations and the app's code (the words for scripts,
    the text rendering). It changes with every deploy that may change a page, so a stored page is
    never declared unchanged across such a deploy. Computed once per process (all of it only
    changes with a deploy); in debug mode every time."""
    if current_app.debug:
        _build_hash.cache_clear()
    templates = str(current_app.template_folder or "")
    translations = current_app.config["BABEL_TRANSLATION_DIRECTORIES"]
    return shell_version() + _build_hash(templates, translations, current_app.root_path)


def js_import_map() -> dict[str, dict[str, str]]:
    """Maps each module's plain URL to its versioned one, so ``import "./text.js"`` inside a module
    loads the same content-hashed file that the service worker precached."""
    return {
        "imports": {
            url_for("static", filename=name): asset_url(name)
            # Of the supervisor's scripts only the one imported by another: the rest are loaded
            # by their versioned URL, and every learner page carries this map.
            for name in [*shell_files(), *LAZY_MODULES, "js/supervisor-offline.js"]
            if name.endswith(".js")
        }
    }


@cache
def _import_map_json(static_root: str, script_root: str) -> Markup:
    # The arguments are the cache key: the files, and the URL prefix the URLs start with.
    return htmlsafe_json_dumps(js_import_map(), dumps=current_app.json.dumps)


def import_map_json() -> Markup:
    """The import map exactly as a page carries it inline (what ``| tojson`` would render).

    Every answer's Content-Security-Policy carries its hash, so it is built once per process
    and URL prefix (the asset versions only change with a deploy); in debug mode every time.
    """
    if current_app.debug:
        _import_map_json.cache_clear()
    return _import_map_json(current_app.static_folder or "", request.script_root)


def import_map_hash() -> str:
    """The CSP source that allows the inline import map, and no other inline script.

    A hash, not a nonce: a page the service worker stored must still match the policy stored
    with it, and the import map changes only when an asset does, i.e. with a deploy.
    """
    return _csp_hash(import_map_json())


@lru_cache(maxsize=32)
def _csp_hash(script: str) -> str:
    # Every answer's policy carries it; the import map only changes with a deploy.
    digest = hashlib.sha256(script.encode()).digest()
    return "sha256-" + base64.b64encode(digest).decode()


@cache
def _minified(path: Path, mtime_ns: int) -> bytes:
    """A versioned script or stylesheet as it goes out: without comments and indentation.

    The source keeps its comments, which say why; the phone does not need them. Over a cheap
    phone's first visit they are about 6 KB of the 40 KB budget even after Brotli
    (bench/budgets.py). rjsmin and rcssmin are tokenizers, not regex tricks: strings, template
    literals and regular expressions come out unchanged. This is done when a file is first asked
    for, not by a build step: the files on disk are what the app runs, and the URL's hash is
    the source's. In debug mode the files go out as they are, for reading in the browser.
    """
    text = path.read_text(encoding="utf-8")
    if current_app.debug:
        return text.encode()
    if path.suffix == ".js":
        return rjsmin.jsmin(text).encode()
    if path.suffix == ".css":
        return rcssmin.cssmin(text).encode()
    return text.encode()


@cache
def _brotli(path: Path, mtime_ns: int) -> bytes:
    return brotli.compress(_minified(path, mtime_ns), quality=11)


def _brotli_response(response: Response, filename: str) -> Response:
    """A versioned asset never changes, so it is compressed once, at Brotli's highest level
    (a fifth smaller than on-the-fly compression: the first visit of a cheap phone on a slow
    connection downloads the whole shell). Flask-Compress leaves an encoded answer alone."""
    path = _static_root() / filename  # the static view found it there, safely joined
    response.close()
    response.direct_passthrough = False
    response.set_data(_brotli(path, path.stat().st_mtime_ns))
    response.headers["Content-Encoding"] = "br"
    response.headers["Vary"] = "Accept-Encoding"
    response.headers.pop("Content-Disposition", None)
    response.set_etag(f"{asset_hash(filename)}-br")
    return cast(Response, response.make_conditional(request))  # the same object, conditional


def _other_release() -> Response:
    """A versioned URL this server has other bytes for: a page of another release (old and new
    servers side by side during a deploy) asks for it. Answering with this server's file would
    let phones, proxies and a CDN keep the wrong bytes under that URL for a year; a 404 that
    nobody stores lets the proxy try another server (README "Running at scale") or the phone
    try again later. ``v`` values that are not an asset hash at all are refused the same way."""
    response = Response("", status=404, mimetype="text/plain")
    response.headers["Cache-Control"] = "no-store"
    return response


def register_asset_helpers(app: Flask) -> None:
    app.add_template_global(asset_url)
    app.add_template_global(import_map_json)

    # Runs before Flask-Compress's own after_request (handlers run in reverse order).
    @app.after_request
    def prepare_static_response(response: Response) -> Response:
        if request.endpoint != "static" or response.status_code != 200:
            return response
        compressible = response.mimetype in app.config["COMPRESS_MIMETYPES"]
        if "v" in request.args:
            filename = (request.view_args or {})["filename"]
            if request.args["v"] != asset_hash(filename):
                response.close()
                return _other_release()
            response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
            if compressible and "br" in request.accept_encodings:
                return _brotli_response(response, (request.view_args or {})["filename"])
        if response.direct_passthrough and compressible:
            # Flask-Compress reads a file response but never closes the file; the shell files
            # are small, so read them here, close the file, and let it compress the bytes.
            body = b"".join(cast("Iterable[bytes]", response.response))  # a file: bytes
            response.close()
            response.direct_passthrough = False
            if "v" in request.args:
                path = _static_root() / (request.view_args or {})["filename"]
                body = _minified(path, path.stat().st_mtime_ns)
            response.set_data(body)
        return response
