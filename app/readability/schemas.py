"""The editor's readability request: the text being typed and which of the two texts it is."""

from __future__ import annotations

from typing import get_args

from marshmallow import EXCLUDE, Schema, fields, validate

from app.input_safety import StorableString
from app.readability.measures import Kind

# Far above a card's 5000 characters: the panel measures while typing, before the form's limit.
MAX_TEXT = 20_000


class ReadabilityRequestSchema(Schema):
    class Meta:
        unknown = EXCLUDE  # as before the schema: other keys are ignored, not refused

    # Storable: the same text could never be saved on the card.
    text = StorableString(required=True, validate=validate.Length(max=MAX_TEXT))
    kind = fields.String(load_default="normal", validate=validate.OneOf(get_args(Kind)))
