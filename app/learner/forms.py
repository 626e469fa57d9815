from __future__ import annotations

import uuid

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, RadioField, TextAreaField
from wtforms.validators import UUID, DataRequired, Length, NumberRange

from app.models import Reflection
from app.privacy.labels import choices
from app.sync.schemas import MAX_NOTE


def reflection_choices() -> list[tuple[str, str]]:
    return choices(Reflection)


class TaskDoneForm(FlaskForm):
    """The "Ik heb het gedaan" form. With JavaScript it goes to the outbox instead of here; this
    server route is the fallback for a browser without JavaScript."""

    # Empty labels: hidden fields show none, and without one WTForms translates a made-up label,
    # which makes Flask-WTF load WTForms' own catalogue on every card page.
    client_id = HiddenField(
        "", validators=[DataRequired(), UUID()], default=lambda: str(uuid.uuid4())
    )
    card_version = IntegerField("", validators=[DataRequired(), NumberRange(min=1)])
    reflection = RadioField(
        _l("Hoe ging het?"),
        choices=reflection_choices,
        validators=[DataRequired(_l("Kies hoe het ging."))],
    )
    note = TextAreaField(
        _l("Wil je er iets over zeggen? (mag leeg blijven)"),
        validators=[
            Length(max=MAX_NOTE, message=_l("Schrijf niet meer dan %(max)d tekens.", max=MAX_NOTE))
        ],
        render_kw={"maxlength": MAX_NOTE, "rows": 3},
    )
