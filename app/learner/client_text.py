"""The words the learner's JavaScript shows, translated on the server like every other string.

Plural texts come as a pair (one, other); ``{n}`` stands for the number, other ``{name}``
placeholders are filled in by the script. Both Dutch and English use "one" for exactly 1.
"""

from __future__ import annotations

from flask import current_app
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup


def _plural(singular: str, plural: str, **placeholders: str) -> list[str]:
    """Both forms of a plural text. Extracted by pybabel with the keyword ``_plural:1,2``."""
    values = {"count": "{n}", **placeholders}
    return [ngettext(singular, plural, 1, **values), ngettext(singular, plural, 2, **values)]


def client_texts() -> dict[str, object]:
    return {
        "all_sent": _("Alles is verstuurd"),
        "waiting": _plural(
            "%(count)s taak wacht op internet", "%(count)s taken wachten op internet"
        ),
        "sending": _("Versturen…"),
        "failed": _plural(
            "%(count)s taak kon niet worden verstuurd",
            "%(count)s taken konden niet worden verstuurd",
        ),
        "login_again": _("Log opnieuw in. Dan worden je taken verstuurd."),
        "login_link": _("Opnieuw inloggen"),
        "send_now": _("Verstuur nu"),
        "remove": _("Weghalen"),
        "rejected_reason": _("Deze taak kon niet worden verstuurd."),
        "stuck_reason": _(
            "Versturen lukt steeds niet. Probeer het later nog eens, of haal de taak weg."
        ),
        "retry_later": _("Later opnieuw proberen"),
        # the same words as the progress bars on the pages (templates/macros.html)
        "progress": _plural(
            "%(done)s van %(total)s taak gedaan",
            "%(done)s van %(total)s taken gedaan",
            done="{done}",
            total="{total}",
        ),
        "saved": _("Opgeslagen. Goed gedaan!"),
        "saved_offline": _("Opgeslagen op je telefoon. We versturen het als je internet hebt."),
        "all_offline": _("Alles staat op je telefoon"),
        "downloading": _("Lessen worden op je telefoon gezet…"),
        "download_failed": _("Niet alles staat op je telefoon. We proberen het later opnieuw."),
        "download_size": _(
            "De lessen met plaatjes zijn %(size)s MB. Wil je ze nu op je telefoon zetten?",
            size="{size}",
        ),
        "download_now": _("Ja, zet ze op mijn telefoon"),
        "new_version": _("Er is een nieuwe versie van Leerplek."),
        "reload": _("Vernieuwen"),
        "logout_unsent": _plural(
            "%(count)s taak is nog niet verstuurd. Als je nu uitlogt, gaat die taak verloren.",
            "%(count)s taken zijn nog niet verstuurd. Als je nu uitlogt, gaan die taken verloren.",
        ),
        "logout_unsent_photos": _plural(
            "%(count)s foto is nog niet verstuurd. Als je nu uitlogt, gaat die foto verloren.",
            "%(count)s foto's zijn nog niet verstuurd. Als je nu uitlogt, gaan die foto's verloren.",
        ),
        "logout_anyway": _("Toch uitloggen"),
        "stay": _("Ingelogd blijven"),
        "logout_offline": _("Uitloggen kan alleen met internet."),
        "remove_confirm": _("Weet je zeker dat je deze taak weg wilt halen?"),
        "photos_waiting": _plural(
            "%(count)s foto wacht op internet", "%(count)s foto's wachten op internet"
        ),
        "photo_problem": _("Foto bij: %(task)s", task="{task}"),
        "photo_rejected_reason": _("Deze foto kon niet worden verstuurd."),
    }


def photo_picker_texts() -> dict[str, object]:
    """Only for card pages, where photos are taken (static/js/photos.js): not on every page."""
    return {
        "photo_alt": _("Foto %(number)s", number="{number}"),
        "photo_remove": _("Foto %(number)s weghalen", number="{number}"),
        "photo_max": _("Je kunt 3 foto's toevoegen. Haal eerst een foto weg."),
        "photo_no_room": _(
            "Je telefoon is te vol voor deze foto. Haal een foto weg of maak ruimte vrij."
        ),
        "photo_unreadable": _("Deze foto lukt niet. Kies een andere foto."),
        "photo_later": _("Foto's lukken nu niet. Probeer het opnieuw als je internet hebt."),
        "photos_not_saved": _(
            "Je foto's passen niet op je telefoon. Haal een foto weg en probeer het opnieuw."
        ),
    }


def supervisor_texts() -> dict[str, object]:
    """The supervisor's pages use the same scripts for the outbox (sign-offs and feedback made
    offline) and add the words for keeping their group on the phone. Keys shared with the
    learner's words are replaced: a supervisor sends "wijzigingen", not "taken"."""
    return {
        "waiting": _plural(
            "%(count)s wijziging wacht op internet", "%(count)s wijzigingen wachten op internet"
        ),
        "failed": _plural(
            "%(count)s wijziging kon niet worden verstuurd",
            "%(count)s wijzigingen konden niet worden verstuurd",
        ),
        "login_again": _("Log opnieuw in. Dan worden je wijzigingen verstuurd."),
        "rejected_reason": _("Dit kon niet worden verstuurd."),
        "stuck_reason": _(
            "Versturen lukt steeds niet. Probeer het later nog eens, of haal het weg."
        ),
        "remove_confirm": _("Weghalen? Het wordt dan niet verstuurd."),
        "logout_unsent": _plural(
            "%(count)s wijziging is nog niet verstuurd. Als je nu uitlogt, gaat die verloren.",
            "%(count)s wijzigingen zijn nog niet verstuurd. Als je nu uitlogt, gaan die verloren.",
        ),
        "saved_signoff": _("Opgeslagen: %(competence)s.", competence="{competence}"),
        "saved_feedback": _("Je feedback is verstuurd."),
        "saved_offline": _("Opgeslagen op deze telefoon. Het wordt verstuurd als er internet is."),
        "pending_signoff": _("Wacht op internet: %(level)s", level="{level}"),
        "pending_feedback": _("Feedback wacht op internet"),
        "sent_signoff": _("Verstuurd: %(level)s", level="{level}"),
        "sent_feedback": _("Feedback verstuurd"),
        "group_offline": _("Zonder internet kan dit niet. Het gebeurt zodra je internet hebt."),
        "signoff_title": _(
            "Aftekenen: %(competence)s (%(name)s)", competence="{competence}", name="{name}"
        ),
        "feedback_title": _("Feedback: %(task)s (%(name)s)", task="{task}", name="{name}"),
        "choose_level": _("Kies 'met hulp' of 'zelfstandig'."),
        "choose_date": _("Vul een datum in."),
        "date_in_future": _("De datum mag niet in de toekomst liggen."),
        "write_feedback": _("Schrijf eerst iets, of kies een snel antwoord."),
        "group_size": _plural(
            "Je groep: %(count)s leerling, ongeveer %(size)s MB.",
            "Je groep: %(count)s leerlingen, ongeveer %(size)s MB.",
            size="{size}",
        ),
        "group_busy": _("Je groep wordt op deze telefoon gezet…"),
        "group_done": _("Je groep staat op deze telefoon. Je kunt ook zonder internet aftekenen."),
        "group_failed": _("Niet alles staat op deze telefoon. We proberen het later opnieuw."),
        "group_removed": _("Je groep staat niet meer op deze telefoon."),
        "photo_offline": _("Foto's zie je alleen met internet."),
    }


_JSON_BY_LOCALE: dict[tuple[str, bool, bool], Markup] = {}


def client_texts_json(photo_picker: bool = False, supervisor: bool = False) -> Markup:
    """``client_texts() | tojson``, made once per language and process.

    Every learner page carries these words, and looking up thirty translations costs more than
    the rest of the page's words together. They only change with a deploy: Flask-Babel, too,
    reads each catalogue once per process.
    """
    key = (str(get_locale()), photo_picker, supervisor)
    text = _JSON_BY_LOCALE.get(key)
    if text is None:
        texts = {
            **client_texts(),
            **(photo_picker_texts() if photo_picker else {}),
            **(supervisor_texts() if supervisor else {}),
        }
        policies = current_app.jinja_env.policies  # exactly what the tojson filter does
        text = htmlsafe_json_dumps(
            texts, dumps=policies["json.dumps_function"], **policies["json.dumps_kwargs"]
        )
        _JSON_BY_LOCALE[key] = text
    return text
