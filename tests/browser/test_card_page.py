"""A lesson card on the phone: easy reading, reading aloud, and moving between cards."""

from __future__ import annotations

from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.fixtures import assert_accessible, log_in, phone_voices
from tests.browser.offline import wait_until_ready
from tests.factories import Demo


def test_read_aloud_speaks_the_shown_text_in_dutch(
    demo: Demo, page: Page, phone_context: BrowserContext
) -> None:
    phone_context.add_init_script(phone_voices("en-US", "nl-NL"))
    log_in(page, "leerling1")
    page.goto(f"/learner/cards/{demo.cards['veilig-werken'][0]}")
    wait_until_ready(page)
    read = page.get_by_role("button", name="Lees voor")
    read.click()
    expect(page.get_by_role("button", name="Stop met voorlezen")).to_have_count(0)  # finished
    spoken = page.evaluate("window.__spoken")
    assert spoken[-1]["lang"] == "nl-NL"
    assert spoken[-1]["text"].startswith("Werkschoenen en handschoenen")
    assert "\u00ad" not in spoken[-1]["text"]  # soft hyphens are for the eye, not the voice
    assert "persoonlijke beschermingsmiddelen" in spoken[-1]["text"]  # the normal text

    page.get_by_role("switch", name="Makkelijk lezen").click()
    read.click()
    spoken = page.evaluate("window.__spoken")
    assert "persoonlijke beschermingsmiddelen" not in spoken[-1]["text"]
    assert "Draag altijd je werkschoenen" in spoken[-1]["text"]  # the easy-reading text


def test_read_aloud_says_so_on_a_phone_without_a_dutch_voice(
    demo: Demo, page: Page, phone_context: BrowserContext, axe
) -> None:
    phone_context.add_init_script(phone_voices("en-US", "de-DE"))
    log_in(page, "leerling1")
    page.goto(f"/learner/cards/{demo.cards['veilig-werken'][0]}")
    wait_until_ready(page)
    problem = page.get_by_text("Voorlezen lukt niet. Deze telefoon heeft geen Nederlandse stem.")
    expect(problem).to_be_hidden()
    page.get_by_role("button", name="Lees voor").click()
    expect(problem).to_be_visible()
    assert page.evaluate("window.__spoken") == []  # not read in English with a Dutch text
    assert_accessible(axe, page)


def test_read_aloud_is_hidden_where_the_browser_cannot_speak(
    demo: Demo, page: Page, phone_context: BrowserContext
) -> None:
    phone_context.add_init_script(
        "delete window.SpeechSynthesisUtterance; delete window.speechSynthesis;"
    )
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
