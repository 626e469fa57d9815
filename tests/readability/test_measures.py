"""The easy-reading check on real Dutch texts of clearly different difficulty."""

from __future__ import annotations

import pytest
from flask import Flask
from flask_babel import LazyString, get_locale, get_translations

from app.readability.measures import analyse, band, sentences, syllables, words
from app.readability.thresholds import FLESCH_DOUMA_BANDS

# A short instruction at B1, as a jobcoach writes it.
B1_INSTRUCTION = (
    "Draag altijd je werkschoenen. Ze beschermen je tenen. "
    "Zie je een gat in je schoen? Zeg het tegen je leidinggevende. "
    "Je krijgt dan nieuwe schoenen. Die zijn gratis."
)
# The same message, as a policy document says it.
BUREAUCRATIC = (
    "Teneinde de veiligheid op de werkvloer te waarborgen, dient iedere medewerker zich te "
    "conformeren aan de geldende voorschriften omtrent persoonlijke beschermingsmiddelen, waarbij "
    "nadrukkelijk wordt verwezen naar de toepasselijke arbeidsomstandighedenwetgeving. Indien "
    "gebreken aan de verstrekte uitrusting worden geconstateerd, is de medewerker gehouden dit "
    "onverwijld te rapporteren aan de direct leidinggevende, die vervolgens zorg draagt voor "
    "vervanging conform de vigerende procedures."
)


def test_the_easy_text_scores_easier_on_every_measure() -> None:
    easy, hard = analyse(B1_INSTRUCTION), analyse(BUREAUCRATIC)
    assert easy.flesch_douma > hard.flesch_douma + 40
    assert easy.brouwer > hard.brouwer + 40
    assert easy.words_per_sentence < 8 < 15 < hard.words_per_sentence
    assert easy.syllables_per_word < hard.syllables_per_word
    assert len(easy.long_sentences) == 0
    assert len(hard.long_sentences) == 2
    assert len(easy.long_words) < len(hard.long_words)
    assert len(easy.uncommon_words) < len(hard.uncommon_words)
    assert (easy.verdict, hard.verdict) == ("good", "hard")
    assert easy.flesch_douma_band in ("gemakkelijk", "zeer gemakkelijk")
    assert hard.flesch_douma_band == "zeer moeilijk"


def test_uncommon_and_long_words_are_named() -> None:
    report = analyse(BUREAUCRATIC)
    assert "arbeidsomstandighedenwetgeving" in report.long_words
    assert {"onverwijld", "vigerende"} <= set(report.uncommon_words)
    assert "werkvloer" not in report.long_words
    assert "de" not in report.uncommon_words


def test_easy_reading_texts_are_held_to_shorter_sentences() -> None:
    text = "Je pakt de doos altijd met twee handen op en je buigt door je knieën."  # 15 words
    assert analyse(text, "normal").long_sentences == []
    assert analyse(text, "easy").long_sentences == [text]
    assert analyse(text, "easy").max_sentence_words == 10


@pytest.mark.parametrize(
    ("word", "count"),
    [
        ("de", 1),
        ("werk", 1),
        ("schoenen", 2),
        ("leidinggevende", 5),
        ("beschermingsmiddelen", 6),
        ("gratis", 2),
    ],
)
def test_dutch_syllables(word: str, count: int) -> None:
    assert syllables(word) == count


def test_markdown_and_lists_are_read_as_text() -> None:
    text = "Let op:\n- **glas** apart\n- papier apart\n\nLees [de regels](https://example.org)."
    assert sentences(text) == ["Let op:", "glas apart", "papier apart", "Lees de regels."]


def test_empty_text_is_an_empty_report() -> None:
    report = analyse("")
    assert report.words == 0
    assert report.verdict == "good"


@pytest.mark.parametrize(
    ("score", "name"),
    [(95, "zeer gemakkelijk"), (85, "gemakkelijk"), (65, "normaal"), (10, "zeer moeilijk")],
)
def test_named_bands(score: float, name: str) -> None:
    assert band(score, FLESCH_DOUMA_BANDS) == name


def test_band_names_are_in_the_readers_language(app: Flask, monkeypatch) -> None:
    """English shows English band names: every name goes through gettext when a report is made."""
    assert all(isinstance(name, LazyString) for _, name in FLESCH_DOUMA_BANDS)
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert get_locale().language == "en"
        # the English word as a translator would give it (translations/en fills it in)
        monkeypatch.setitem(get_translations()._catalog, "zeer moeilijk", "very difficult")
        report = analyse(BUREAUCRATIC)
    assert (report.flesch_douma_band, report.brouwer_band) == ("very difficult", "very difficult")
    assert report.as_dict()["flesch_douma_band"] == "very difficult"  # plain text for the JSON


OFFICIALESE_41 = (
    "Op grond van de geldende bepalingen inzake de arbeidsomstandigheden dient de werknemer "
    "die in het kader van zijn of haar werkzaamheden gebruikmaakt van persoonlijke "
    "beschermingsmiddelen deze na afloop van iedere dienst altijd op de daartoe duidelijk aangewezen plaats "
    "terug te leggen."
)


def test_one_sentence_of_41_words_makes_any_text_too_hard_and_is_named() -> None:
    assert len(words(OFFICIALESE_41)) == 41
    text = "Pak je handschoenen. Doe ze aan. " + OFFICIALESE_41 + " Was je handen. Klaar."
    for kind in ("normal", "easy"):
        report = analyse(text, kind)
        assert report.verdict == "hard", kind
        assert report.too_long_sentences == [OFFICIALESE_41]


def test_the_limit_for_one_sentence_is_25_words_in_easy_text_and_30_in_normal_text() -> None:
    sentence = " ".join(["Pak"] * 25) + " nu."  # 26 words of one syllable
    short = "Was je handen. " * 12
    assert analyse(short + sentence, "easy").too_long_sentences == [sentence]
    assert analyse(short + sentence, "easy").verdict == "hard"
    assert analyse(short + sentence, "normal").too_long_sentences == []
    assert analyse(short + sentence, "normal").verdict != "hard"
