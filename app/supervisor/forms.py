from __future__ import annotations

import uuid

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, RadioField, SelectField, TextAreaField
from wtforms.validators import UUID, DataRequired, InputRequired, Length

from app.i18n import local_today
from app.models import SignoffLevel, TaskFeedback
from app.privacy import labels
from app.signoffs.services import MAX_NOTE


def level_choices(can_withdraw: bool) -> list[tuple[str, str]]:
    choices = labels.choices([SignoffLevel.WITH_HELP, SignoffLevel.INDEPENDENT])
    if can_withdraw:
        choices.append(("withdrawn", str(_l("Intrekken"))))
    return choices


class SignoffForm(FlaskForm):
    """Choose the level, press "Aftekenen" (no confirmation page: a wrong sign-off is corrected by
    a new row, and history keeps both); note and date are optional and prefilled.
    ``request_id`` makes a double tap store one sign-off."""

    request_id = HiddenField(validators=[DataRequired(), UUID()], default=lambda: str(uuid.uuid4()))
    level = RadioField(
        _l("Hoe doet de leerling het?"),
        validators=[InputRequired(_l("Kies 'met hulp' of 'zelfstandig'."))],
    )
    note = TextAreaField(
        _l("Notitie (mag leeg blijven)"),
        validators=[
            Length(max=MAX_NOTE, message=_l("Schrijf niet meer dan %(max)d tekens.", max=MAX_NOTE))
        ],
        render_kw={"rows": 3, "maxlength": MAX_NOTE},
    )
    signed_on = DateField(
        _l("Datum"),
        default=local_today,
        validators=[InputRequired(_l("Vul een datum in."))],
        render_kw={"max": ""},
    )


class AssignForm(FlaskForm):
    package_id = SelectField(_l("Lespakket"), coerce=int, validate_choice=True)


# Quick replies on a task's page: one tap fills the field, the words can still be changed.
QUICK_REPLIES = (_l("Goed gedaan!"), _l("Bijna, let op …"), _l("Laten we het samen oefenen."))


class FeedbackForm(FlaskForm):
    """Short feedback on one completed task; ``request_id`` stores a double tap once."""

    request_id = HiddenField(validators=[DataRequired(), UUID()], default=lambda: str(uuid.uuid4()))
    text = TextAreaField(
        _l("Je feedback"),
        validators=[
            DataRequired(_l("Schrijf eerst iets, of kies een snel antwoord.")),
            Length(
                max=TaskFeedback.MAX_TEXT,
                message=_l("Schrijf niet meer dan %(max)d tekens.", max=TaskFeedback.MAX_TEXT),
            ),
        ],
        render_kw={"rows": 3, "maxlength": TaskFeedback.MAX_TEXT},
    )
