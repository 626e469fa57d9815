"""Card text becomes safe HTML: paragraphs, lists, bold and links, and nothing else."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from app.content.rendering import render_lesson_text


def test_paragraphs_lists_bold_and_links() -> None:
    text = (
        "Draag **altijd** je schoenen.\n\nDraag handschoenen bij:\n- glas\n* vuil werk\n\n"
        "Lees [de regels](https://www.arboportaal.nl/regels)."
    )
    assert str(render_lesson_text(text)) == (
        "<p>Draag <strong>altijd</strong> je schoenen.</p>\n"
        "<p>Draag hand\u00adschoe\u00adnen bij:</p>\n"  # soft hyphens in long words
        "<ul><li>glas</li><li>vuil werk</li></ul>\n"
        '<p>Lees <a href="https://www.arboportaal.nl/regels" rel="noopener noreferrer nofollow">'
        "de regels</a>.</p>"
    )


XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "<svg onload=alert(1)>",
    "**<b onmouseover=alert(1)>x</b>**",
    '- <a href="javascript:alert(1)">klik</a>',
    "[klik](javascript:alert(1))",
    "[klik](JaVaScRiPt:alert(1))",
    "[klik](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '[klik](https://x.nl" onmouseover="alert(1))',
    "<iframe src=https://evil.example></iframe>",
    "<style>body{display:none}</style>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    '"><script>alert(1)</script>',
    "<a href=&#106;avascript:alert(1)>x</a>",
]


class _Elements(HTMLParser):
    """Collects every tag and attribute a browser would build from the HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_no_script_or_handler_survives(payload: str) -> None:
    parser = _Elements()
    parser.feed(str(render_lesson_text(payload)))
    for tag, attrs in parser.found:
        assert tag in {"p", "br", "strong", "ul", "li", "a"}, (payload, tag)
        for name, value in attrs:
            assert name in {"href", "rel"}, (payload, name)
            if name == "href":
                assert (value or "").startswith(("https://", "http://", "mailto:", "tel:")), payload


def test_link_text_without_a_safe_scheme_stays_plain_text() -> None:
    assert str(render_lesson_text("[klik](javascript:void)")) == "<p>klik</p>"
