"""A learner's photo, checked and re-encoded before it is stored.

The phone already scales a photo down and drops its EXIF data, but nothing from the network is
trusted: the real type and pixel count are read from the bytes (``check_image``), the image is
decoded and encoded again as WebP, which carries no EXIF, GPS or other metadata, and kept at two
sizes: the full photo (longest side 1600 px) and a thumbnail for lists.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

from flask_babel import gettext as _
from PIL import Image, ImageOps

from app.content.images import ImageError, check_image

LONGEST_SIDE = {"full": 1600, "thumb": 320}
# The phone sends at most 1600 px; other clients get room for a large camera photo, not for a
# picture whose decoding alone takes hundreds of MB.
MAX_PIXELS = 25_000_000
QUALITY = 80


@dataclass(frozen=True)
class PreparedPhoto:
    key: str
    files: dict[str, bytes]  # media name -> WebP bytes
    width: int
    height: int

    @property
    def full_size(self) -> int:
        return len(self.files[file_name(self.key, "full")])


def file_name(key: str, size: str) -> str:
    """Names the public ``/media/`` route refuses (``is_photo_name``)."""
    return f"photo-{key}-{size}.webp"


def is_photo_name(name: str) -> bool:
    return name.lower().startswith("photo-")


def prepare_photo(data: bytes, owner: str) -> PreparedPhoto:
    """Check and re-encode; raises ImageError with a Dutch message. ``owner`` (the task's id)
    goes into the file names' hash: two learners' identical photos never share a file, so
    erasing one learner's photos leaves the other's."""
    check_image(data)
    try:
        with Image.open(io.BytesIO(data)) as probe:
            too_large = probe.width * probe.height > MAX_PIXELS
    except Exception:
        too_large = False
    if too_large:
        raise ImageError(
            _("Deze foto heeft te veel pixels. Maak hem kleiner en probeer het opnieuw.")
        )
    try:
        with Image.open(io.BytesIO(data)) as opened:
            upright = ImageOps.exif_transpose(opened)
            image = _flattened(upright)
            encoded = {size: _encode(image, side) for size, side in LONGEST_SIDE.items()}
            width, height = _scaled(image.size, LONGEST_SIDE["full"])
    except Exception:
        raise ImageError(_("Deze foto kunnen we niet lezen. Kies een andere foto.")) from None
    digest = hashlib.sha256(owner.encode() + encoded["full"]).hexdigest()[:24]
    files = {file_name(digest, size): data for size, data in encoded.items()}
    return PreparedPhoto(digest, files, width, height)


def _flattened(image: Image.Image) -> Image.Image:
    """RGB on white: a photo with transparency (a PNG screenshot) gets no black background."""
    if image.mode in ("RGBA", "LA", "P"):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, "white")
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def _scaled(size: tuple[int, int], side: int) -> tuple[int, int]:
    width, height = size
    factor = min(1.0, side / max(width, height))
    return max(1, round(width * factor)), max(1, round(height * factor))


def _encode(image: Image.Image, side: int) -> bytes:
    size = _scaled(image.size, side)
    copy = image if size == image.size else image.resize(size, Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    copy.save(buffer, "WEBP", quality=QUALITY, method=4)
    return buffer.getvalue()
