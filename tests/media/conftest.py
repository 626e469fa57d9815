"""Media backends for the tests: the app's folder, its database, and an S3-compatible server.

No real bucket is reachable from here, so the S3 backend talks over HTTP to moto's S3 server on
127.0.0.1: boto3 sends the same requests it would send to AWS or MinIO.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from app.media import MediaStorage, backend
from tests.helpers import free_port


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3_config(app: Flask, s3_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """A new, empty bucket on the S3 server, configured on the app for this test."""
    import boto3

    for name, value in {
        "AWS_ACCESS_KEY_ID": "leerplek-test",
        "AWS_SECRET_ACCESS_KEY": "leerplek-test",
        "AWS_DEFAULT_REGION": "eu-west-1",
    }.items():
        monkeypatch.setenv(name, value)
    bucket = f"leerplek-{uuid.uuid4().hex[:12]}"
    boto3.client("s3", endpoint_url=s3_endpoint).create_bucket(
        Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
    )
    config = {
        "MEDIA_S3_BUCKET": bucket,
        "MEDIA_S3_ENDPOINT_URL": s3_endpoint,
        "MEDIA_S3_PREFIX": "media/",
    }
    for key, value in config.items():
        monkeypatch.setitem(app.config, key, value)
    return config


def use_backend(app: Flask, monkeypatch: pytest.MonkeyPatch, kind: str) -> MediaStorage:
    """Make the app store and serve media in ``kind`` for this test (and forget known sizes)."""
    with app.app_context():
        storage = backend(kind)
    monkeypatch.setitem(app.config, "MEDIA_STORAGE", kind)
    monkeypatch.setitem(app.extensions, "leerplek_media", storage)
    monkeypatch.setitem(app.extensions, "leerplek_media_sizes", {})
    return storage


@pytest.fixture(params=["folder", "database", "s3"])
def storage(
    request: pytest.FixtureRequest, app: Flask, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> MediaStorage:
    """Each backend, empty: a folder of its own, the rolled-back database, a new bucket."""
    if request.param == "s3":
        request.getfixturevalue("s3_config")
    monkeypatch.setitem(app.config, "MEDIA_FOLDER", str(tmp_path / "media"))
    return use_backend(app, monkeypatch, request.param)
