"""Card images: checked, stripped of metadata and resized for phones.

An upload is opened with Pillow, which reads the real file type from the bytes (never trusting the
name) and the pixel size from the header, so an image bomb is refused before it is decoded. The
stored files are re-encoded WebP (which leaves EXIF, GPS and other metadata behind) at 480 and 960
pixels wide, named after a hash of their content, so they can be cached for a year. They are kept
in the media storage (``app/media``): a folder, the database or a bucket, as configured.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass
from typing import IO

from flask_babel import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from app.media import media_storage, stored_sizes

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000  # e.g. 8000 x 5000; a phone photo is about 12 million
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}
WIDTHS = (480, 960)
QUALITY = 80


class ImageError(ValueError):
    """An upload that cannot be used; the message is Dutch and shown on the form."""


@dataclass(frozen=True)
class PreparedImage:
    """An upload that passed every check, encoded in memory: nothing is on disk until ``save``.

    Kept apart so a caller can run its other checks (an edit conflict, a refused import) first
    and write files only when the change will be kept.
    """

    key: str  # the card's image_path: "<hash>", files are "<hash>-480.webp" and "<hash>-960.webp"
    files: dict[str, bytes]  # file name -> WebP bytes, one per width

    def save(self) -> None:
        storage = media_storage()
        for name, data in self.files.items():
            storage.put(name, data)


def file_names(key: str) -> list[str]:
    return [f"{key}-{width}.webp" for width in WIDTHS]


def _read_limited(stream: IO[bytes]) -> bytes:
    data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ImageError(_("De foto is groter dan 10 MB. Kies een kleinere foto."))
    if not data:
        raise ImageError(_("Dit bestand is leeg."))
    return data


def prepare_upload(stream: IO[bytes]) -> PreparedImage:
    """Check the upload and encode it for phones; raises ImageError with a Dutch message."""
    data = _read_limited(stream)
    check_image(data)
    try:
        with Image.open(io.BytesIO(data)) as opened:
            outputs = _encode(opened)
    except (OSError, ValueError, Image.DecompressionBombError):
        raise ImageError(_("Deze foto kunnen we niet lezen. Kies een andere foto.")) from None
    key = hashlib.sha256(b"".join(outputs)).hexdigest()[:20]
    return PreparedImage(key, dict(zip(file_names(key), outputs, strict=True)))


def check_image(data: bytes) -> None:
    """The real type (from the bytes, not a name) and the pixel count, from the header alone:
    an image bomb is refused before it is decoded. Raises ImageError with a Dutch message."""
    too_many_pixels = ImageError(
        _("Deze foto heeft te veel pixels. Maak hem kleiner en probeer het opnieuw.")
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:  # reads the header only
                kind = probe.format
                width, height = probe.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_many_pixels from None
    except (UnidentifiedImageError, OSError):
        raise ImageError(_("Dit is geen foto. Kies een JPEG-, PNG- of WebP-bestand.")) from None
    if kind not in ALLOWED_FORMATS:
        raise ImageError(_("Kies een foto van het type JPEG, PNG of WebP."))
    if width * height > MAX_PIXELS:
        raise too_many_pixels


def _encode(opened: Image.Image) -> list[bytes]:
    """One WebP per width; no EXIF or ICC data is passed on."""
    image = ImageOps.exif_transpose(opened)  # keep the photo upright once EXIF is gone
    image = image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB")
    outputs = []
    for target in WIDTHS:
        copy = image
        if copy.width > target:
            size = (target, round(copy.height * target / copy.width))
            copy = copy.resize(size, Image.Resampling.LANCZOS)
        buffer = io.BytesIO()
        copy.save(buffer, "WEBP", quality=QUALITY, method=4)
        outputs.append(buffer.getvalue())
    return outputs


def store_upload(stream: IO[bytes]) -> PreparedImage:
    """Check and write at once, for scripts and tests that have nothing else to check first."""
    image = prepare_upload(stream)
    image.save()
    return image


def image_bytes(keys: list[str]) -> dict[str, int]:
    """Bytes of both widths per image key, with one question to the storage for all keys."""
    names = {key: file_names(key) for key in keys}
    sizes = stored_sizes([name for key_names in names.values() for name in key_names])
    return {key: sum(sizes.get(name, 0) for name in key_names) for key, key_names in names.items()}
