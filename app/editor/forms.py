from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp


class CompetenceForm(FlaskForm):
    name = StringField(_l("Naam"), validators=[DataRequired(_l("Vul een naam in.")), Length(max=200)])
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
