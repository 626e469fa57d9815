"""Card images: real type checked, metadata stripped, resized for phones, bombs refused."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from PIL import Image

from app.models import Card
from tests.factories import Demo, get
from tests.helpers import jpeg_with_gps, publish, upload


def png_claiming(width: int, height: int) -> bytes:
    """A tiny file whose header claims a huge picture: an image bomb."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 100))
        + chunk(b"IEND", b"")
    )


def test_photo_is_resized_stripped_and_served_for_a_year(
    app: Flask, demo: Demo, auth, client: FlaskClient
) -> None:
    auth.login("redacteur")
    card_id = demo.cards["veilig-werken"][0]
    assert upload(client, card_id, jpeg_with_gps(), "IMG_0001.JPG").status_code == 302
    key = get(app, Card, card_id).image_path
    assert key
    assert get(app, Card, card_id).image_alt == "Een werkschoen"
    for width in (480, 960):
        with client.get(f"/media/{key}-{width}.webp") as response:
            assert response.status_code == 200
            assert "immutable" in response.headers["Cache-Control"]
            image = Image.open(io.BytesIO(response.data))
            assert image.format == "WEBP"
            assert image.width == width
            assert not image.getexif()
            assert "exif" not in image.info
    files = sorted(p.name for p in Path(app.config["MEDIA_FOLDER"]).iterdir())
    assert f"{key}-480.webp" in files
    assert f"{key}-960.webp" in files


def test_the_real_type_counts_not_the_name(
    app: Flask, demo: Demo, auth, client: FlaskClient
) -> None:
    auth.login("redacteur")
    card_id = demo.cards["veilig-werken"][0]
    png = io.BytesIO()
    Image.new("RGBA", (300, 200), (0, 0, 0, 0)).save(png, "PNG")
    assert (
        upload(client, card_id, png.getvalue(), "foto.jpg").status_code == 302
    )  # a PNG named .jpg


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"<script>alert(1)</script>", "foto.jpg", "Dit is geen foto."),
        (b"", "leeg.png", "Dit bestand is leeg."),
        ("gif", "animatie.gif", "Kies een foto van het type JPEG, PNG of WebP."),
        ("bomb", "bom.png", "Deze foto heeft te veel pixels."),
        ("big-bomb", "grote-bom.png", "Deze foto heeft te veel pixels."),
    ],
)
def test_bad_uploads_are_refused_with_a_message(
    app: Flask, demo: Demo, auth, client: FlaskClient, data, name: str, message: str
) -> None:
    if data == "gif":
        buffer = io.BytesIO()
        Image.new("RGB", (10, 10)).save(buffer, "GIF")
        data = buffer.getvalue()
    elif data == "bomb":
        data = png_claiming(10_000, 10_000)  # 100 million pixels: above our limit
    elif data == "big-bomb":
        data = png_claiming(60_000, 60_000)  # above Pillow's own limit too
    auth.login("redacteur")
    card_id = demo.cards["veilig-werken"][0]
    response = upload(client, card_id, data, name)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert get(app, Card, card_id).image_path is None


def test_a_photo_needs_alt_text(app: Flask, demo: Demo, auth, client: FlaskClient) -> None:
    auth.login("redacteur")
    card_id = demo.cards["veilig-werken"][0]
    response = upload(client, card_id, jpeg_with_gps(400, 300), "a.jpg", alt="")
    assert response.status_code == 400
    assert "Beschrijf in een paar woorden wat er op de foto staat." in response.get_data(
        as_text=True
    )
    assert get(app, Card, card_id).image_path is None


def test_published_photo_reaches_the_learner_with_srcset_and_offline_size(
    app: Flask, demo: Demo, auth, client: FlaskClient
) -> None:
    from tests.conftest import Auth

    auth.login("redacteur")
    card_id = demo.cards["veilig-werken"][0]
    upload(client, card_id, jpeg_with_gps(), "foto.jpg")
    publish(auth, card_id)
    key = get(app, Card, card_id).image_path
    learner = app.test_client()
    Auth(learner).login("leerling1")
    page = learner.get(f"/learner/cards/{card_id}").get_data(as_text=True)
    assert f'src="/media/{key}-480.webp"' in page
    assert f"/media/{key}-960.webp 960w" in page
    assert 'alt="Een werkschoen"' in page
    manifest = learner.get("/api/v1/learner/content").get_json()
    card = next(c for p in manifest["packages"] for c in p["cards"] if c["id"] == card_id)
    assert card["images"] == [f"/media/{key}-480.webp", f"/media/{key}-960.webp"]
    folder = Path(app.config["MEDIA_FOLDER"])
    expected = sum((folder / f"{key}-{w}.webp").stat().st_size for w in (480, 960))
    assert card["image_bytes"] == expected
    assert manifest["image_bytes"] == expected


def test_files_over_10_mb_are_refused_before_reading_further(app: Flask) -> None:
    """Checked on the service: werkzeug's test client leaves its own temporary file for such a
    large body open, which would fail the run on an unrelated warning."""
    from app.content.images import ImageError, store_upload

    with app.test_request_context(), pytest.raises(ImageError, match="groter dan 10 MB"):
        store_upload(io.BytesIO(b"\xff\xd8\xff" + b"0" * (10 * 1024 * 1024)))
