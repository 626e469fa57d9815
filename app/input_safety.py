"""Hostile input is refused with a 400, never left to fail as a 500.

Two kinds of input break a request far from where they came in:

- text a database cannot store: PostgreSQL refuses NUL (U+0000) in any text value, even in a
  ``WHERE``, and no driver can encode an unpaired UTF-16 surrogate (U+D800 to U+DFFF, which JSON's
  ``"\\ud800"`` makes) as UTF-8. Both fail at the database, after the input looked valid;
- JSON nested deeper than Python's parser can follow raises ``RecursionError``, which
  ``request.get_json(silent=True)`` does not catch.

So the check happens at the edge, in one place: ``StorableString`` for every string of a
marshmallow schema (it names the field, so the sync API can name the bad item), a guard on every
request's query string, form fields, file names and path, and a JSON provider that reports
too-deep JSON as invalid JSON.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Flask, Request, request
from flask.json.provider import DefaultJSONProvider
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from marshmallow import fields
from werkzeug.routing import IntegerConverter, Map

from app.errors import error_page, validation_error, wants_json_response

UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
FORM_MIMETYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})
# For programs (the phone's outbox, scripts); people see the Dutch page of the guard.
UNSTORABLE_MESSAGE = "Contains a character that cannot be stored: NUL or an unpaired surrogate."


def is_storable(text: str) -> bool:
    return UNSTORABLE.search(text) is None


def replace_unstorable(text: str) -> str:
    """``text`` with each unstorable character replaced by U+FFFD, to echo a name back safely.

    A lone surrogate cannot even be encoded into a response, so a field name taken from the
    input must pass here before it appears in an error message.
    """
    return UNSTORABLE.sub("\ufffd", text)


class StorableString(fields.String):
    """A string field that refuses what the database cannot store, as a normal field error.

    Use it for every string a schema loads: the per-field error is what lets the sync API reject
    one outbox item instead of failing the whole batch. The OpenAPI document shows it as a
    string without NUL characters (a ``pattern``), so a client generated from the document does
    not send what the server refuses; lone surrogates cannot be said in a pattern.
    """

    default_error_messages = {"unstorable": UNSTORABLE_MESSAGE}

    def __init__(self, **kwargs: Any) -> None:
        metadata = {"pattern": r"^[^\u0000]*$", **kwargs.pop("metadata", {})}
        super().__init__(metadata=metadata, **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        if not is_storable(text):
            raise self.make_error("unstorable")
        return text


def unstorable_fields(incoming: Request) -> dict[str, list[str]]:
    """Per field (as named in the request), a message for each one carrying unstorable text.

    Looks at the path, the query string, form fields and uploaded file names: the text every
    page takes in. Other bodies (JSON) are left unread, to their schemas, which know the shape
    of the answer, and to the view, which may set a smaller body limit before reading.
    """
    values: list[tuple[str, str]] = [("path", incoming.path)]
    values += list(incoming.args.items(multi=True))
    if incoming.mimetype in FORM_MIMETYPES:
        values += list(incoming.form.items(multi=True))
        values += [(name, file.filename or "") for name, file in incoming.files.items(multi=True)]
    return {
        replace_unstorable(name): [UNSTORABLE_MESSAGE]
        for name, value in values
        if not (is_storable(name) and is_storable(value))
    }


def refuse_unstorable_input() -> ResponseReturnValue | None:
    """Before every request: stop text the database cannot store before any view sees it."""
    errors = unstorable_fields(request)
    if not errors:
        return None
    if wants_json_response():
        return validation_error(errors, "The request contains text that cannot be stored.")
    message = _(
        "Er staat een teken in wat je stuurde dat we niet kunnen opslaan. "
        "Ga terug, haal het weg en probeer het opnieuw."
    )
    return error_page(400, message)


class SafeJSONProvider(DefaultJSONProvider):
    """Flask's JSON, except that JSON too deeply nested to parse is invalid JSON (a 400).

    ``get_json`` turns a ``ValueError`` into "no JSON" (silent) or a 400; a ``RecursionError``
    it lets through as a 500. Every ``get_json`` in the app goes through this ``loads``.
    """

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        try:
            return super().loads(s, **kwargs)
        except RecursionError:
            raise ValueError("The JSON is nested too deeply.") from None


def init_app(app: Flask) -> None:
    app.json = SafeJSONProvider(app)
    app.before_request(refuse_unstorable_input)


class DatabaseIdConverter(IntegerConverter):
    """``<int:...>`` in every route: only ids a database column can hold (32 bits). A larger
    number is no such page (404) instead of PostgreSQL's "integer out of range" (a 500)."""

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)
