"""Schemas of what the API sends out (the sync schemas live in app.sync.schemas).

Every field is typed and reads a plain attribute of the view model in
app.learner.offline_manifest, so the OpenAPI document has a type for every property.
"""

from __future__ import annotations

from marshmallow import Schema, fields, validate

PATH = {"description": "A path on this site (no host)"}


class TaskRefSchema(Schema):
    id = fields.Integer(required=True)
    done = fields.Boolean(
        required=True,
        metadata={"description": "The server has a completion of this task by the learner"},
    )


class ManifestCardSchema(Schema):
    id = fields.Integer(required=True)
    version = fields.Integer(
        required=True, metadata={"description": "The newest published version of the card"}
    )
    title = fields.String(required=True)
    url = fields.String(required=True, metadata=PATH)
    images = fields.List(
        fields.String(metadata=PATH),
        required=True,
        metadata={"description": "The card's image in every size, for the browser to choose"},
    )
    image_bytes = fields.Integer(required=True)
    tasks = fields.List(fields.Nested(TaskRefSchema), required=True)
    feedback = fields.String(
        required=True,
        metadata={
            "description": "Ids of the learner's feedback on this card, comma-separated: a stored "
            "card page whose Card-Feedback header differs is fetched again"
        },
    )


class ManifestPackageSchema(Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    url = fields.String(required=True, metadata=PATH)
    cards = fields.List(fields.Nested(ManifestCardSchema), required=True)


class OfflineManifestSchema(Schema):
    user_id = fields.Integer(required=True)
    page_version = fields.String(
        required=True,
        metadata={
            "description": "The build and language of the learner pages now: a stored page "
            "with another Page-Version header is fetched again"
        },
    )
    home = fields.String(
        required=True,
        metadata={"description": "The learner's home page: where the installed app starts"},
    )
    assets = fields.List(
        fields.String(metadata=PATH),
        required=True,
        metadata={
            "description": "Scripts a page loads only when used (the photo code), kept on the "
            "phone with the lessons so they also work offline"
        },
    )
    pages = fields.List(
        fields.String(metadata=PATH),
        required=True,
        metadata={"description": "Pages besides the packages and cards to keep offline"},
    )
    image_bytes = fields.Integer(
        required=True, metadata={"description": "Bytes of all images to download"}
    )
    packages = fields.List(fields.Nested(ManifestPackageSchema), required=True)


class CsrfSchema(Schema):
    csrf_token = fields.String(required=True)
    user_id = fields.Integer(required=True)


class ErrorSchema(Schema):
    """The one error shape (app.errors.json_error) of every API answer that is not a 2xx."""

    code = fields.Integer(required=True, metadata={"description": "The HTTP status code"})
    message = fields.String(
        required=True,
        metadata={
            "description": 'Short and for programs: the HTTP reason ("Not Found"), or '
            '"validation", "csrf" or "unauthorized"'
        },
    )
    description = fields.String(required=True, metadata={"description": "What went wrong"})
    errors = fields.Dict(
        keys=fields.String(),
        metadata={
            "description": "Only on invalid input: messages per field; a list field is keyed by "
            'the item\'s index, e.g. {"completions": {"1": {"note": ["..."]}}}'
        },
    )


class PhotoUploadSchema(Schema):
    """The answer to a photo upload: 201 when stored now, 200 when it was stored before."""

    id = fields.Integer(required=True, metadata={"description": "For GET /api/v1/photos/{id}"})
    number = fields.Integer(required=True)
    status = fields.String(
        required=True,
        metadata={"description": "`stored` now, or `duplicate`: these bytes were stored before"},
    )
    width = fields.Integer(required=True, metadata={"description": "Of the stored full size"})
    height = fields.Integer(required=True)


class FeedbackReadSchema(Schema):
    """The feedback the learner's phone has shown: marked read on the server."""

    ids = fields.List(
        fields.Integer(strict=True, validate=validate.Range(min=1, max=2**31 - 1)),
        required=True,
        validate=validate.Length(max=200),
        metadata={"description": "Feedback ids shown on the phone (at most 200)"},
    )


class FeedbackReadResultSchema(Schema):
    marked = fields.Integer(
        required=True, metadata={"description": "How many were not marked read before"}
    )


class OfflineLearnerSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    url = fields.String(required=True, metadata=PATH)
    version = fields.String(
        required=True,
        metadata={"description": "Changes whenever anything on this learner's pages changes"},
    )
    pages = fields.List(
        fields.String(metadata=PATH),
        required=True,
        metadata={"description": "The learner's sign-off pages and newest task pages"},
    )


class SupervisorManifestSchema(Schema):
    """The pages of the supervisor's own group to keep on the phone (app/supervisor/
    offline_manifest.py)."""

    user_id = fields.Integer(required=True)
    page_version = fields.String(required=True)
    home = fields.String(required=True, metadata=PATH)
    assets = fields.List(fields.String(metadata=PATH), required=True)
    learners = fields.List(fields.Nested(OfflineLearnerSchema), required=True)
    estimated_bytes = fields.Integer(
        required=True, metadata={"description": "About this many bytes on the phone, told first"}
    )
