"""The one HTTP answer for a data export, shared by the admin and supervisor routes."""

from __future__ import annotations

from flask import Response

from app.extensions import db
from app.models import User
from app.privacy.export import export_filename, export_zip


def export_download(actor: User, learner: User) -> Response:
    """The zip as a download. ``no-store``: no browser or proxy keeps a copy of someone's data."""
    body = export_zip(actor, learner)
    db.session.commit()  # the EXPORT event is stored before the data leaves
    response = Response(body, mimetype="application/zip")
    response.headers["Content-Disposition"] = f'attachment; filename="{export_filename(learner)}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
