"""Marshmallow schemas of the sync API: the phone's outbox items and the per-item answers."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from marshmallow import Schema, ValidationError, fields, post_dump, validate, validates

from app.input_safety import StorableString
from app.models import CompetenceSignoff, Reflection, SignoffLevel, TaskFeedback
from app.sync.services import Status

MAX_BATCH = 200
MAX_NOTE = 500
MAX_ID = 2**31 - 1  # the largest id the database columns hold
# The largest body a full batch can need: every note character sent as an escaped surrogate pair
# ("\ud83d\ude00", 12 bytes; Python's json does this by default), plus 1 KB for the other fields
# of an item, escaped too. 200 * (500 * 12 + 1024) = 1,404,800 bytes, about 1.4 MB.
MAX_BODY_BYTES = MAX_BATCH * (MAX_NOTE * 12 + 1024)


class CompletionInSchema(Schema):
    """One item of the phone's outbox: a practice task marked done."""

    id = fields.UUID(
        required=True,
        metadata={"description": "UUID (random, version 4) made on the phone: the item's identity"},
    )
    task_id = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=MAX_ID))
    card_version = fields.Integer(
        required=True, strict=True, validate=validate.Range(min=1, max=MAX_ID)
    )
    completed_at = fields.AwareDateTime(
        required=True,
        format="iso",
        metadata={
            "description": "The phone's clock, with its UTC offset; a year from 2000 to 2100",
            "pattern": "^(20[0-9]{2}|2100)-",
        },
    )
    reflection = StorableString(
        required=True, validate=validate.OneOf([r.value for r in Reflection])
    )
    note = StorableString(load_default="", validate=validate.Length(max=MAX_NOTE))

    @validates("completed_at")
    def _plausible_year(self, value: datetime, **kwargs: object) -> None:
        # Checked on the year alone: comparing or converting a time near year 1 or 9999 with an
        # offset overflows. Whether it lies in the future is a per-item rule (sync.services).
        if not 2000 <= value.year <= 2100:
            raise ValidationError("Must be a date between the years 2000 and 2100.")


class SyncRequestSchema(Schema):
    completions = fields.List(
        fields.Nested(CompletionInSchema),
        required=True,
        validate=validate.Length(min=1, max=MAX_BATCH),
    )


class SyncResultSchema(Schema):
    """Dumps an ``ItemResult``; ``code`` and ``error`` are left out unless it was rejected."""

    id = fields.String(required=True)
    status = fields.Enum(Status, by_value=fields.String, required=True)
    code = fields.String(metadata={"description": "Why an item was rejected, for programs"})
    error = fields.String(metadata={"description": "Why an item was rejected, in plain words"})

    @post_dump
    def _leave_out_empty(self, data: dict[str, Any], **kwargs: object) -> dict[str, Any]:
        return {name: value for name, value in data.items() if value is not None}


class SyncResponseSchema(Schema):
    results = fields.List(fields.Nested(SyncResultSchema), required=True)


# The supervisor's outbox (app/sync/supervisor.py): sign-offs and feedback made offline.
MAX_SUPERVISOR_BATCH = 100


def _database_id(description: str) -> fields.Integer:
    return fields.Integer(
        required=True,
        strict=True,
        validate=validate.Range(min=1, max=MAX_ID),
        metadata={"description": description},
    )


def _item_id() -> fields.UUID:
    return fields.UUID(
        required=True,
        metadata={"description": "UUID (random, version 4) made on the phone: the item's identity"},
    )


def _plausible_year(value: date | datetime) -> None:
    if not 2000 <= value.year <= 2100:
        raise ValidationError("Must be a date between the years 2000 and 2100.")


YEAR_PATTERN = "^(20[0-9]{2}|2100)-"  # what _plausible_year checks, for clients


def _phone_time(description: str) -> fields.AwareDateTime:
    """A moment on the phone's clock, with its UTC offset."""
    return fields.AwareDateTime(
        required=True,
        format="iso",
        validate=_plausible_year,
        metadata={"description": description, "pattern": YEAR_PATTERN},
    )


class SignoffItemSchema(Schema):
    """A sign-off of a learner's competence, made on the supervisor's phone."""

    id = _item_id()
    kind = fields.String(required=True, validate=validate.Equal("signoff"))
    learner_id = _database_id("The learner")
    competence_id = _database_id("The competence judged")
    level = StorableString(
        required=True,
        validate=validate.OneOf([level.value for level in SignoffLevel]),
        metadata={"description": "with_help, independent, or withdrawn (ends the current one)"},
    )
    note = StorableString(load_default="", validate=validate.Length(max=CompetenceSignoff.MAX_NOTE))
    signed_on = fields.Date(
        required=True,
        validate=_plausible_year,
        metadata={
            "description": "The day the supervisor saw it; not in the future",
            "pattern": YEAR_PATTERN,
        },
    )
    signed_at = _phone_time(
        "When it was made: the phone's clock, with its UTC offset. The newest by this time is "
        "the current level"
    )


class FeedbackItemSchema(Schema):
    """Short feedback on a learner's completed task, written on the supervisor's phone."""

    id = _item_id()
    kind = fields.String(required=True, validate=validate.Equal("feedback"))
    completion_id = _database_id("The completed task")
    text = StorableString(required=True, validate=validate.Length(min=1, max=TaskFeedback.MAX_TEXT))


SUPERVISOR_ITEM_SCHEMAS: dict[str, type[Schema]] = {
    "signoff": SignoffItemSchema,
    "feedback": FeedbackItemSchema,
}


class SupervisorItem(fields.Field):
    """One item of the supervisor's outbox, loaded by the schema of its ``kind``; its errors are
    per field, under the item's index, as for the learner's items. (The OpenAPI document shows
    it as a oneOf of the two schemas: app/api/openapi.py.)"""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if not isinstance(value, dict):
            raise ValidationError("Send an object.")
        kind = value.get("kind")
        schema = SUPERVISOR_ITEM_SCHEMAS.get(kind) if isinstance(kind, str) else None
        if schema is None:
            raise ValidationError(
                {"kind": [f"Must be one of: {', '.join(SUPERVISOR_ITEM_SCHEMAS)}."]}
            )
        return schema().load(value)


class SupervisorSyncRequestSchema(Schema):
    items = fields.List(
        SupervisorItem(),
        required=True,
        validate=validate.Length(min=1, max=MAX_SUPERVISOR_BATCH),
    )
    sent_at = _phone_time(
        "The phone's clock when it sent this request: the server moves every signed_at by the "
        "difference from its own clock, so a phone whose clock is wrong still puts its "
        "sign-offs in the right order"
    )
