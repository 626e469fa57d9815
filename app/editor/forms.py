from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, HiddenField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from app.content.services import CardDraft
from app.models import Card


class CompetenceForm(FlaskForm):
    name = StringField(
        _l("Naam"), validators=[DataRequired(_l("Vul een naam in.")), Length(max=200)]
    )
    description = TextAreaField(_l("Uitleg in gewone woorden"), validators=[Length(max=1000)])
    sbb_code = StringField(
        _l("SBB-werkproces: code"),
        validators=[
            Optional(),
            Regexp(
                r"^[A-Za-z]\d+-[Kk]\d+-[Ww]\d+$",  # upper-cased when saved
                message=_l("Schrijf de code zoals B1-K1-W2."),
            ),
        ],
        render_kw={"autocapitalize": "characters", "spellcheck": "false"},
    )
    sbb_name = StringField(_l("SBB-werkproces: naam"), validators=[Optional(), Length(max=200)])


MAX_TEXT = 5000  # a card is one idea per screen; this is far more than a card should hold


class PackageForm(FlaskForm):
    title = StringField(
        _l("Titel"), validators=[DataRequired(_l("Vul een titel in.")), Length(max=200)]
    )
    description = TextAreaField(
        _l("Korte uitleg"), validators=[Length(max=1000)], render_kw={"rows": 3}
    )


class NewCompetenceForm(FlaskForm):
    name = StringField(
        _l("Nieuwe competentie"), validators=[DataRequired(_l("Vul een naam in.")), Length(max=200)]
    )


class NewCardForm(FlaskForm):
    title = StringField(
        _l("Titel van de nieuwe kaart"),
        validators=[DataRequired(_l("Vul een titel in.")), Length(max=200)],
    )


class CardForm(FlaskForm):
    lock_version = HiddenField()
    title = StringField(
        _l("Titel"), validators=[DataRequired(_l("Vul een titel in.")), Length(max=200)]
    )
    body = TextAreaField(
        _l("Tekst"),
        validators=[
            Length(
                max=MAX_TEXT,
                message=_l("De tekst is te lang (meer dan %(max)d tekens).", max=MAX_TEXT),
            )
        ],
        render_kw={"rows": 10},
    )
    easy_body = TextAreaField(
        _l("Makkelijk lezen"),
        validators=[
            Length(
                max=MAX_TEXT,
                message=_l("De tekst is te lang (meer dan %(max)d tekens).", max=MAX_TEXT),
            )
        ],
        render_kw={"rows": 8},
    )
    image = FileField(
        _l("Foto (JPEG, PNG of WebP, hooguit 10 MB)"),
        render_kw={"accept": "image/jpeg,image/png,image/webp"},
    )
    image_alt = StringField(
        _l("Wat staat er op de foto? (voor wie niet goed ziet)"), validators=[Length(max=255)]
    )
    remove_image = BooleanField(_l("Foto weghalen"))
    task_title = StringField(_l("Doe het zelf: de opdracht"), validators=[Length(max=200)])
    task_instruction = TextAreaField(
        _l("Doe het zelf: uitleg"), validators=[Length(max=2000)], render_kw={"rows": 3}
    )
    competences = SelectMultipleField(
        _l("Competenties die deze opdracht oefent"),
        coerce=int,
        validate_choice=True,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )

    def draft(self) -> CardDraft:
        """What the editor sent, as plain values for ``content.save_draft``."""
        upload = self.image.data  # a FileStorage when a file was chosen, else None
        return CardDraft(
            title=self.title.data or "",
            body=self.body.data or "",
            easy_body=self.easy_body.data or "",
            task_title=self.task_title.data or "",
            task_instruction=self.task_instruction.data or "",
            competence_ids=self.competences.data or [],
            image_alt=self.image_alt.data or "",
            remove_image=bool(self.remove_image.data),
            upload=upload.stream if upload else None,
        )


def card_form(card: Card) -> CardForm:
    """The form filled from the card, or on a POST from what the editor sent."""
    task = card.first_task
    form = CardForm(
        lock_version=card.lock_version,
        title=card.title,
        body=card.body,
        easy_body=card.easy_body,
        task_title=task.title if task else "",
        task_instruction=task.instruction if task else "",
        image_alt=card.image_alt or "",
        competences=[c.id for c in task.competences] if task else [],
    )
    form.competences.choices = [(c.id, c.name) for c in card.package.competences]
    return form


def lock_version(value: str | None) -> int:
    """The lock version a page was built from; -1 (never current) when it is missing or bad."""
    return int(value) if value and value.isascii() and value.isdigit() else -1


class ImportForm(FlaskForm):
    file = FileField(
        _l("Lespakket (.zip)"),
        validators=[FileRequired(_l("Kies een bestand."))],
        render_kw={"accept": ".zip,application/zip"},
    )
    as_copy = BooleanField(_l("Als kopie importeren (ook als het lespakket er al is)"))
