"""Marshmallow schemas of the sync API: the phone's outbox items and the per-item answers."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from marshmallow import (
    Schema,
    ValidationError,
    fields,
    post_dump,
    validate,
    validates,
    validates_schema,
)

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
SUPERVISOR_KINDS = ("signoff", "feedback")
# The fields each kind needs besides id and kind.
KIND_FIELDS = {
    "signoff": ("learner_id", "competence_id", "level", "signed_on", "signed_at"),
    "feedback": ("completion_id", "text"),
}


def _database_id(**metadata: str) -> fields.Integer:
    return fields.Integer(
        strict=True, validate=validate.Range(min=1, max=MAX_ID), metadata=metadata or None
    )


class SupervisorItemSchema(Schema):
    """One item of a supervisor's outbox: a sign-off of a competence or feedback on a task."""

    id = fields.UUID(
        required=True,
        metadata={"description": "UUID (random, version 4) made on the phone: the item's identity"},
    )
    kind = fields.String(required=True, validate=validate.OneOf(SUPERVISOR_KINDS))
    learner_id = _database_id(description="signoff: the learner")
    competence_id = _database_id(description="signoff: the competence judged")
    level = StorableString(
        validate=validate.OneOf([level.value for level in SignoffLevel]),
        metadata={"description": "signoff: with_help, independent, or withdrawn"},
    )
    note = StorableString(
        load_default="",
        validate=validate.Length(max=CompetenceSignoff.MAX_NOTE),
        metadata={"description": "signoff"},
    )
    signed_on = fields.Date(metadata={"description": "signoff: the day the supervisor saw it"})
    signed_at = fields.AwareDateTime(
        format="iso",
        metadata={
            "description": "signoff: when it was made, the phone's clock with its UTC offset; "
            "the newest by this time is the current level",
            "pattern": "^(20[0-9]{2}|2100)-",
        },
    )
    completion_id = _database_id(description="feedback: the completed task")
    text = StorableString(
        validate=validate.Length(max=TaskFeedback.MAX_TEXT), metadata={"description": "feedback"}
    )

    @validates("signed_at")
    def _plausible_year(self, value: datetime, **kwargs: object) -> None:
        if not 2000 <= value.year <= 2100:
            raise ValidationError("Must be a date between the years 2000 and 2100.")

    @validates("signed_on")
    def _plausible_day(self, value: date, **kwargs: object) -> None:
        if not 2000 <= value.year <= 2100:
            raise ValidationError("Must be a date between the years 2000 and 2100.")

    @validates_schema
    def _fields_of_kind(self, data: dict[str, Any], **kwargs: object) -> None:
        missing = [name for name in KIND_FIELDS.get(data.get("kind", ""), ()) if name not in data]
        if missing:
            raise ValidationError({name: ["Missing data for required field."] for name in missing})


class SupervisorSyncRequestSchema(Schema):
    items = fields.List(
        fields.Nested(SupervisorItemSchema),
        required=True,
        validate=validate.Length(min=1, max=MAX_SUPERVISOR_BATCH),
    )
