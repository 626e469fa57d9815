"""Card text becomes safe HTML: paragraphs, lists and bold, and nothing else."""
from __future__ import annotations

import pytest

from app.content.rendering import plain_text, render_lesson_text


def test_paragraphs_lists_and_bold() -> None:
    text = "Draag **altijd** je schoenen.\n\nDraag handschoenen bij:\n- glas\n- vuil werk\n\nKlaar."
    assert str(render_lesson_text(text)) == (
        "<p>Draag <strong>altijd</strong> je schoenen.</p>\n"
        "<p>Draag handschoenen bij:</p>\n"
        "<ul><li>glas</li><li>vuil werk</li></ul>\n"
        "<p>Klaar.</p>"
    )


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "**<b onmouseover=alert(1)>x</b>**",
        "- <a href=\"javascript:alert(1)\">klik</a>",
    ],
)
def test_markup_in_card_text_is_escaped(payload: str) -> None:
    html = str(render_lesson_text(payload))
    assert "<script" not in html and "<img" not in html and "<a " not in html and "<b " not in html
    assert "&lt;" in html


def test_plain_text_for_reading_aloud() -> None:
    assert plain_text("Let **goed** op:\n- glas\n- papier") == "Let goed op:\nglas\npapier"
