"""The card page on a small, cheap phone: the lesson starts high, long Dutch words break with a
hyphen, the reflection buttons fit at 320 px, and nothing relies on emoji fonts or :has()."""

from __future__ import annotations

import re

from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Page, expect

from app.config import PROJECT_ROOT
from app.content.services import publish_card
from app.extensions import db
from app.models import Card
from tests.browser.fixtures import (
    PHONE,
    LiveServer,
    assert_accessible,
    log_in,
    log_out_button,
    wait_until,
    watch_csp,
)
from tests.browser.offline import (
    complete_task,
    sync_state,
    wait_until_offline_ready,
    wait_until_ready,
)
from tests.factories import Demo

LONG_TITLE = "Arbeidsomstandighedenspreekuur"
LONG_WORD = "veiligheidsinstructiekaartjesverzameling"

# Where each line of a text starts: a break inside a word must come right after a soft hyphen.
BREAKS_WITHOUT_HYPHEN = """(selector) => {
  const bad = [];
  for (const element of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent;
      let lastTop = null;
      let last = -1;
      for (let i = 0; i < text.length; i += 1) {
        if (text[i] === "\\u00ad" || /\\s/.test(text[i])) continue;  // break points themselves
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const rects = range.getClientRects();  // a letter right after a break also has a
        const rect = rects[rects.length - 1];     // rect on the line before (the hyphen)
        if (!rect) continue;
        if (lastTop !== null && rect.top > lastTop + 2) {
          const before = text.slice(last + 1, i);
          if (!/[\\s\\u00ad-]/.test(before)) bad.push(text.slice(Math.max(0, i - 6), i + 6));
        }
        lastTop = rect.top;
        last = i;
      }
    }
  }
  return bad;
}"""


def small_phone(browser: Browser, live_server: LiveServer, width: int = 320) -> BrowserContext:
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": width, "height": 640},
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
        locale="nl-NL",
    )
    context.set_default_timeout(10_000)
    return watch_csp(context)


def publish_long_words(app: Flask, card_id: int) -> None:
    with app.app_context():
        card = db.session.get(Card, card_id)
        card.title = LONG_TITLE
        card.body = f"Lees de {LONG_WORD} goed.\n\nZo werk je veilig op de {LONG_WORD}safdeling."
        publish_card(card, None)
        db.session.commit()


def test_long_dutch_words_break_with_a_hyphen_and_the_buttons_fit_at_320px(
    app: Flask, demo: Demo, browser: Browser, live_server: LiveServer, axe
) -> None:
    card_id = demo.cards["veilig-werken"][0]
    publish_long_words(app, card_id)
    context = small_phone(browser, live_server)
    page = context.new_page()
    log_in(page, "leerling1")
    page.goto(f"/learner/cards/{card_id}")
    wait_until_ready(page)
    expect(page.get_by_role("heading", name=LONG_TITLE)).to_be_visible()
    assert_accessible(axe, page)  # also: nothing is wider than the 320 px screen
    breaks = page.evaluate(
        BREAKS_WITHOUT_HYPHEN, "h1, .lesson-text:not([hidden]), .back, h2, .reflection-face"
    )
    assert breaks == [], f"words broken without a hyphen: {breaks}"
    lines_of_title = page.evaluate(
        """() => {
             const h = document.querySelector('h1');
             return Math.round(h.getBoundingClientRect().height / parseFloat(getComputedStyle(h).lineHeight));
           }"""
    )
    assert lines_of_title >= 2  # the long title really had to break

    panel = page.locator(".reflection").first
    box = panel.bounding_box()
    assert box is not None
    for choice in panel.locator(".reflection-face").all():
        face = choice.bounding_box()
        assert face is not None
        assert face["x"] >= box["x"] - 0.5
        assert face["x"] + face["width"] <= box["x"] + box["width"] + 0.5
        assert choice.evaluate("el => el.scrollWidth <= el.clientWidth"), choice.inner_text()
        label = choice.locator("span").last  # the word stays whole: "Moeilijk", not "Moeil-ijk"
        assert label.evaluate("el => el.getClientRects().length") == 1, label.inner_text()
    context.close()


def test_the_lesson_starts_high_and_the_task_is_one_tap_away(demo: Demo, page: Page) -> None:
    log_in(page, "leerling1")
    page.goto(f"/learner/cards/{demo.cards['veilig-werken'][2]}")
    wait_until_ready(page)
    expect(page.get_by_text("Kaart 3 van 6")).to_be_visible()
    heading = page.get_by_role("heading", level=1).bounding_box()
    assert heading is not None
    assert heading["y"] < PHONE["height"] / 3, heading
    task = page.get_by_role("heading", name="Doe het zelf", exact=False)
    assert not task.evaluate("el => el.getBoundingClientRect().top < innerHeight")
    page.get_by_role("link", name="Doe het zelf").click()
    wait_until(
        page,
        """() => {
             const r = document.querySelector('.practice-task h2').getBoundingClientRect();
             return r.top >= -2 && r.bottom <= innerHeight;
           }""",
    )


def test_log_out_lives_in_a_small_menu_and_its_offline_message_stays(
    demo: Demo, page: Page, phone_context: BrowserContext, axe
) -> None:
    log_in(page, "leerling1")
    wait_until_offline_ready(page)
    expect(page.get_by_role("button", name="Uitloggen")).to_be_hidden()  # not on every page
    button = log_out_button(page)
    expect(button).to_be_visible()
    assert_accessible(axe, page)
    phone_context.set_offline(True)
    button.click()
    message = page.get_by_role("alert").filter(has_text="Uitloggen kan alleen met internet.")
    expect(message).to_be_visible()
    page.goto(f"/learner/cards/{demo.cards['veilig-werken'][0]}")  # the sync bar gets busy
    complete_task(page)
    log_out_button(page).click()
    expect(message).to_be_visible()
    page.wait_for_timeout(2_500)
    expect(sync_state(page)).to_have_text("1 taak wacht op internet")
    expect(message).to_be_visible()  # still there: not replaced by the sync state


def test_choices_and_focus_show_without_has_and_icons_are_svg(demo: Demo, page: Page) -> None:
    css = (PROJECT_ROOT / "static/css/app.css").read_text()
    rules = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    assert ":has(" not in rules  # older phones' browsers ignore rules with :has()
    log_in(page, "leerling1")
    page.goto(f"/learner/cards/{demo.cards['veilig-werken'][0]}")
    wait_until_ready(page)
    face = page.locator(".reflection-face").filter(has_text="Goed")
    before = face.evaluate("el => getComputedStyle(el).borderColor")
    page.get_by_text("Goed", exact=True).click()
    assert face.evaluate("el => getComputedStyle(el).borderColor") != before
    assert face.evaluate("el => getComputedStyle(el).borderColor") == "rgb(11, 93, 59)"

    page.locator("textarea").first.focus()
    page.keyboard.press("Shift+Tab")  # back to the chosen reflection, with the keyboard
    assert face.evaluate("el => getComputedStyle(el).outlineStyle") == "solid"

    for element in ("[data-sync-state] .sync-icon", ".reflection-face"):
        icon = page.locator(f"{element} svg:visible").first
        expect(icon).to_be_visible()
    pictographs = page.evaluate(
        "() => [...document.body.innerText.matchAll(/\\p{Extended_Pictographic}/gu)].map((m) => m[0])"
    )
    assert pictographs == []  # no emoji that a phone without an emoji font shows as boxes
