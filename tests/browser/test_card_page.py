"""A lesson card on the phone: easy reading, reading aloud, and moving between cards."""
from __future__ import annotations

from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.fixtures import log_in
from tests.browser.offline import wait_until_ready
from tests.factories import Demo

CAPTURE_SPEECH = """
  window.__spoken = [];
  window.speechSynthesis.speak = (utterance) => {
    window.__spoken.push({text: utterance.text, lang: utterance.lang});
    setTimeout(() => utterance.onend && utterance.onend(), 50);  // "finished speaking"
  };
"""


def test_read_aloud_speaks_the_shown_text_in_dutch(demo: Demo, page: Page, phone_context: BrowserContext) -> None:
    phone_context.add_init_script(CAPTURE_SPEECH)
    log_in(page, "leerling1")
    page.goto(f"/learner/cards/{demo.cards['veilig-werken'][0]}")
    wait_until_ready(page)
    read = page.get_by_role("button", name="Lees voor")
    read.click()
    expect(page.get_by_role("button", name="Stop met voorlezen")).to_have_count(0)  # finished
    spoken = page.evaluate("window.__spoken")
    assert spoken[-1]["lang"] == "nl-NL"
    assert spoken[-1]["text"].startswith("Werkschoenen en handschoenen")
    assert "persoonlijke beschermingsmiddelen" in spoken[-1]["text"]  # the normal text

    page.get_by_role("switch", name="Makkelijk lezen").click()
    read.click()
    spoken = page.evaluate("window.__spoken")
    assert "persoonlijke beschermingsmiddelen" not in spoken[-1]["text"]
    assert "Draag altijd je werkschoenen" in spoken[-1]["text"]  # the easy-reading text


def test_read_aloud_is_hidden_where_the_browser_cannot_speak(
    demo: Demo, page: Page, phone_context: BrowserContext
) -> None:
    phone_context.add_init_script("delete window.SpeechSynthesisUtterance; delete window.speechSynthesis;")
    log_in(page, "leerling1")
    page.goto(f"/learner/cards/{demo.cards['veilig-werken'][0]}")
    wait_until_ready(page)
    expect(page.get_by_role("switch", name="Makkelijk lezen")).to_be_visible()
    expect(page.get_by_role("button", name="Lees voor")).to_be_hidden()


def test_learner_moves_through_a_package_card_by_card(demo: Demo, page: Page) -> None:
    log_in(page, "leerling3")
    cards = demo.cards["digitaal-werken"]
    page.goto(f"/learner/cards/{cards[0]}")
    expect(page.get_by_role("link", name="Vorige")).to_have_count(0)
    for _ in cards[1:]:
        page.get_by_role("link", name="Volgende").click()
    assert page.url.endswith(f"/learner/cards/{cards[-1]}")
    expect(page.get_by_role("link", name="Volgende")).to_have_count(0)
    page.get_by_role("link", name="Vorige").click()
    assert page.url.endswith(f"/learner/cards/{cards[-2]}")
