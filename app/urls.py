"""Checking where the app may send a browser after a form."""

from __future__ import annotations

from urllib.parse import urlsplit


def safe_local_path(target: str | None) -> str | None:
    """The target when it is a path on this site, else None (never another host).

    Browsers read a backslash as a slash, so "/\\evil.example" would leave the site too.
    """
    if not target or "\\" in target or any(ord(c) < 32 for c in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target
