"""Schemas of what the API sends out (the sync schemas live in app.sync.schemas)."""

from __future__ import annotations

from flask import url_for
from marshmallow import Schema, fields

from app.learner.freshness import page_build


class TaskRefSchema(Schema):
    id = fields.Integer(required=True)
    done = fields.Boolean(
        required=True,
        metadata={"description": "The server has a completion of this task by the learner"},
    )


class ManifestCardSchema(Schema):
    id = fields.Function(lambda item: item.card.id)
    version = fields.Function(lambda item: item.card.version)
    title = fields.Function(lambda item: item.card.learner_version.title)
    url = fields.Function(lambda item: url_for("learner.card", card_id=item.card.id))
    images = fields.Function(
        lambda item: [url_for("main.media", filename=name) for name in item.images]
    )
    image_bytes = fields.Function(lambda item: item.image_bytes)
    tasks = fields.List(fields.Nested(TaskRefSchema))


class ManifestPackageSchema(Schema):
    id = fields.Function(lambda item: item.package.id)
    title = fields.Function(lambda item: item.package.title)
    url = fields.Function(lambda item: url_for("learner.package", package_id=item.package.id))
    cards = fields.List(fields.Nested(ManifestCardSchema))


class OfflineManifestSchema(Schema):
    user_id = fields.Function(lambda manifest: manifest.learner.id)
    page_version = fields.Function(
        lambda manifest: page_build(),
        metadata={
            "description": "The build and language of the learner pages now: a stored page "
            "with another Page-Version header is fetched again"
        },
    )
    home = fields.Function(
        lambda manifest: url_for("learner.home"),
        metadata={"description": "The learner's home page: where the installed app starts"},
    )
    pages = fields.Function(
        lambda manifest: [url_for("learner.home"), url_for("learner.progress")],
        metadata={"description": "Pages besides the packages and cards to keep offline"},
    )
    image_bytes = fields.Integer(metadata={"description": "Bytes of all images to download"})
    packages = fields.List(fields.Nested(ManifestPackageSchema))


class CsrfSchema(Schema):
    csrf_token = fields.String(required=True)
    user_id = fields.Integer(required=True)


class ErrorSchema(Schema):
    code = fields.Integer(required=True)
    message = fields.String(required=True)
    description = fields.String()
    errors = fields.Dict(metadata={"description": "Per-field messages, for invalid input"})
