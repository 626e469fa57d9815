"""What the service worker and manifest promise, checked at the HTTP level."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.pwa import assets


def test_service_worker_is_served_from_the_root_and_never_cached(client: FlaskClient) -> None:
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-cache"
    assert response.mimetype == "text/javascript"
    body = response.get_data(as_text=True)
    assert "self.clients.claim()" in body
    assert "skipWaiting" in body
    assert "SKIP_WAITING" in body


def test_precache_lists_every_shell_file_under_its_content_hash(
    app: Flask, client: FlaskClient
) -> None:
    body = client.get("/sw.js").get_data(as_text=True)
    precache = json.loads(re.search(r"const PRECACHE = (\[.*?\]);", body).group(1))
    with app.test_request_context():
        shell = assets.shell_files()
        expected = [assets.asset_url(name) for name in shell]
    assert {"css/app.css", "js/learner.js", "js/outbox-core.js", "icons/icon.svg"} <= set(shell)
    assert set(expected) <= set(precache)
    assert "/offline" in precache
    assert all(re.search(r"\?v=[0-9a-f]{12}$", url) for url in expected)
    # the worker's version is derived from those hashes: a changed file means a new worker
    version = re.search(r'const VERSION = "([0-9a-f]+)"', body).group(1)
    with app.test_request_context():
        assert version == assets.shell_version()


def test_a_changed_asset_gets_a_new_url_and_a_new_worker(app: Flask, tmp_path, monkeypatch) -> None:
    static = tmp_path / "static"
    (static / "css").mkdir(parents=True)
    (static / "css" / "app.css").write_text("body { color: black; }")
    monkeypatch.setattr(app, "static_folder", str(static))
    with app.test_request_context():
        before = assets.asset_url("css/app.css"), assets.shell_version()
        (static / "css" / "app.css").write_text("body { color: green; }")
        import os

        os.utime(static / "css" / "app.css", ns=(1, 1))
        after = assets.asset_url("css/app.css"), assets.shell_version()
    assert before[0] != after[0]
    assert before[1] != after[1]


def test_versioned_assets_are_cached_for_a_year(client: FlaskClient, app: Flask) -> None:
    with app.test_request_context():
        url = assets.asset_url("css/app.css")
    with client.get(url) as response:
        assert response.status_code == 200
        assert "immutable" in response.headers["Cache-Control"]
        assert "max-age=31536000" in response.headers["Cache-Control"]


def test_web_app_manifest(client: FlaskClient) -> None:
    response = client.get("/manifest.webmanifest")
    assert response.mimetype == "application/manifest+json"
    manifest = response.get_json(force=True)
    assert manifest["name"] == manifest["short_name"] == "Leerplek"
    assert manifest["lang"] == "nl"
    assert manifest["display"] == "standalone"
    assert manifest["start_url"] == "/"
    assert manifest["theme_color"]
    sizes = {(icon["sizes"], icon["purpose"]) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    for icon in manifest["icons"]:
        with client.get(icon["src"]) as image:
            assert image.status_code == 200
            assert image.mimetype == "image/png"


@pytest.mark.parametrize("url", ["/offline", "/sw.js", "/manifest.webmanifest"])
def test_pwa_files_need_no_login(client: FlaskClient, url: str) -> None:
    assert client.get(url).status_code == 200


def test_offline_page_is_dutch_and_plain(client: FlaskClient) -> None:
    page = client.get("/offline").get_data(as_text=True)
    assert "Je hebt nu geen internet" in page


def test_versioned_assets_come_brotli_compressed_once_and_intact(
    app: Flask, client: FlaskClient
) -> None:
    import brotli
    import rjsmin

    with app.test_request_context():
        url = assets.asset_url("js/outbox-core.js")
    source = (Path(app.static_folder or "") / "js/outbox-core.js").read_text()
    original = rjsmin.jsmin(source).encode()  # the comments stay home (assets._minified)
    assert len(original) < 0.7 * len(source.encode())
    response = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br, zstd"})
    assert response.headers["Content-Encoding"] == "br"
    assert brotli.decompress(response.data) == original
    assert len(response.data) < len(brotli.compress(original, quality=6))  # the highest level
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    etag = response.headers["ETag"]
    again = client.get(url, headers={"Accept-Encoding": "br", "If-None-Match": etag})
    assert again.status_code == 304
    plain = client.get(url, headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in plain.headers
    assert plain.data == original


def test_an_asset_url_of_another_release_is_not_found_and_not_stored(client: FlaskClient) -> None:
    """Old and new servers answer side by side during a deploy: a server must never hand out its
    own file under another release's hash, or caches would keep the wrong bytes for a year."""
    page = client.get("/login").get_data(as_text=True)
    current = re.search(r'href="(/static/css/app\.css\?v=[0-9a-f]+)"', page)
    assert current is not None
    assert client.get(current.group(1)).status_code == 200
    for other in ("/static/css/app.css?v=000000000000", "/static/css/app.css?v="):
        response = client.get(other, headers={"Accept-Encoding": "br"})
        assert response.status_code == 404, other
        assert response.headers["Cache-Control"] == "no-store"
    plain = client.get("/static/css/app.css")  # unversioned: served, but not for a year
    assert plain.status_code == 200
    assert "immutable" not in plain.headers.get("Cache-Control", "")


def test_served_scripts_and_styles_leave_the_comments_out_and_still_parse(
    app: Flask, client: FlaskClient
) -> None:
    """Every module the phone runs is checked by Node's parser after minifying, so a tokenizer
    slip (a template literal, a regular expression) would show here, not on a phone."""
    node = shutil.which("node")
    static = Path(app.static_folder or "")
    for path in sorted((static / "js").glob("*.js")) + [static / "css/app.css"]:
        name = str(path.relative_to(static))
        with app.test_request_context():
            url = assets.asset_url(name)
        served = client.get(url, headers={"Accept-Encoding": "identity"}).get_data(as_text=True)
        assert "/*" not in served, name
        assert "\n//" not in served, name
        assert len(served) < len(path.read_text()), name
        if node and path.suffix == ".js":
            checked = subprocess.run(
                [node, "--input-type=module", "--check"],
                input=served,
                text=True,
                capture_output=True,
            )
            assert checked.returncode == 0, f"{name}: {checked.stderr}"
