"""Long Dutch words get soft hyphens at their hyphenation points, and nothing else changes."""

from __future__ import annotations

from markupsafe import Markup

from app.content.hyphenation import SOFT_HYPHEN, soft_hyphens, soft_hyphens_html


def test_long_compound_words_get_soft_hyphens_at_dutch_break_points() -> None:
    text = soft_hyphens("De arbeidsomstandighedenwet geldt ook voor jou.")
    word = text.split()[1]
    assert word.replace(SOFT_HYPHEN, "") == "arbeidsomstandighedenwet"
    assert word.split(SOFT_HYPHEN)[:3] == ["ar", "beids", "om"]
    assert all(len(part) <= 6 for part in word.split(SOFT_HYPHEN))
    assert "geldt ook voor jou." in text  # short words stay whole


def test_html_keeps_its_tags_and_links_whole() -> None:
    html = Markup(
        '<p>Lees <a href="https://www.arboportaal.nl/beschermingsmiddelen">beschermingsmiddelen</a>.</p>'
    )
    result = str(soft_hyphens_html(html))
    assert 'href="https://www.arboportaal.nl/beschermingsmiddelen"' in result
    assert f">be{SOFT_HYPHEN}scher{SOFT_HYPHEN}mings" in result
    assert result.replace(SOFT_HYPHEN, "") == str(html)


def test_nothing_to_do_for_empty_or_short_text() -> None:
    assert soft_hyphens(None) == ""
    assert soft_hyphens("Tien tenen") == "Tien tenen"
