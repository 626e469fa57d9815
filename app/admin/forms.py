from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Regexp

from app.models import OrganisationKind, Role
from app.privacy.labels import choices

MIN_PASSWORD_LENGTH = 8


def role_choices() -> list[tuple[str, str]]:
    return choices(Role)


def kind_choices() -> list[tuple[str, str]]:
    return choices([OrganisationKind.ENTERPRISE, OrganisationKind.SCHOOL])


class OrganisationForm(FlaskForm):
    name = StringField(
        _l("Naam"), validators=[DataRequired(_l("Vul een naam in.")), Length(max=120)]
    )
    kind = SelectField(_l("Soort"), choices=kind_choices, validate_choice=True)


def _password_field(label: str) -> PasswordField:
    return PasswordField(
        label,
        validators=[
            DataRequired(_l("Vul een wachtwoord in.")),
            Length(
                min=MIN_PASSWORD_LENGTH,
                max=200,
                message=_l(
                    "Een wachtwoord heeft minstens %(min)d tekens.", min=MIN_PASSWORD_LENGTH
                ),
            ),
        ],
        render_kw={"autocomplete": "new-password"},
    )


class UserForm(FlaskForm):
    username = StringField(
        _l("Gebruikersnaam"),
        validators=[
            DataRequired(_l("Vul een gebruikersnaam in.")),
            Length(min=3, max=64, message=_l("Een gebruikersnaam heeft 3 tot 64 tekens.")),
            Regexp(
                r"^[A-Za-z0-9._-]+$",
                message=_l("Gebruik alleen letters, cijfers, punt, streepje of liggend streepje."),
            ),
        ],
        render_kw={"autocapitalize": "none", "spellcheck": "false"},
    )
    display_name = StringField(
        _l("Naam"), validators=[DataRequired(_l("Vul een naam in.")), Length(max=120)]
    )
    role = SelectField(_l("Rol"), choices=role_choices, validate_choice=True)
    organisation_id = SelectField(_l("Organisatie"), coerce=int, validate_choice=True)
    password = _password_field(_l("Wachtwoord"))


class UserEditForm(FlaskForm):
    """A person's name, role and organisation (app/admin/services.py, update_user)."""

    display_name = StringField(
        _l("Naam"), validators=[DataRequired(_l("Vul een naam in.")), Length(max=120)]
    )
    role = SelectField(_l("Rol"), choices=role_choices, validate_choice=True)
    organisation_id = SelectField(_l("Organisatie"), coerce=int, validate_choice=True)


class PasswordResetForm(FlaskForm):
    password = _password_field(_l("Nieuw wachtwoord"))


class ActiveForm(FlaskForm):
    """Only a CSRF token and the wanted state: the button says what it does."""

    active = HiddenField(validators=[DataRequired()])


class EraseForm(FlaskForm):
    """Only a CSRF token: the confirmation page before it explains what happens."""
