"""A teacher edits a card, watches the easy-reading check while typing, publishes, and the
learner sees the new version."""

from __future__ import annotations

from playwright.sync_api import Browser, Page, expect

from tests.browser.fixtures import PHONE, LiveServer, assert_accessible, log_in, watch_csp
from tests.factories import Demo

HARD = (
    "Teneinde de veiligheid op de werkvloer te waarborgen, dient iedere medewerker zich te "
    "conformeren aan de geldende voorschriften omtrent persoonlijke beschermingsmiddelen."
)
EASY = "Draag altijd je schoenen. Ze zijn goed voor je voeten. Is je schoen kapot? Zeg het."


def test_editor_sees_the_check_update_publishes_and_the_learner_gets_it(
    demo: Demo, page: Page, browser: Browser, live_server: LiveServer, axe
) -> None:
    card_id = demo.cards["veilig-werken"][0]
    log_in(page, "redacteur")
    page.goto(f"/editor/cards/{card_id}")
    assert_accessible(axe, page)
    easy_panel = page.locator('[data-readability="easy"]')
    easy_text = page.get_by_role("textbox", name="Makkelijk lezen")

    easy_text.fill(HARD)
    expect(easy_panel.locator('[data-field="verdict"]')).to_have_text("Te moeilijk")
    expect(easy_panel.locator('[data-field="long_sentences"] mark')).to_have_count(1)
    expect(easy_panel.locator('[data-field="uncommon"]')).to_contain_text("conformeren")

    easy_text.fill(EASY)
    expect(easy_panel.locator('[data-field="verdict"]')).to_have_text("Goed te lezen")
    expect(easy_panel.locator('[data-field="long_sentences"] mark')).to_have_count(0)

    page.get_by_label("Titel", exact=True).fill("Goede werkschoenen")
    page.get_by_role("button", name="Opslaan als concept").click()
    expect(page.get_by_text("Opgeslagen als concept.")).to_be_visible()

    page.get_by_role("link", name="Bekijk zoals een leerling").click()
    expect(page.get_by_text("Ze zijn goed voor je voeten.")).to_be_visible()
    assert_accessible(axe, page)
    page.go_back()
    page.get_by_role("button", name="Publiceren").click()
    expect(page.get_by_text("Versie 2 is gepubliceerd.")).to_be_visible()

    learner_context = watch_csp(
        browser.new_context(
            base_url=live_server.url, viewport=PHONE, is_mobile=True, locale="nl-NL"
        )
    )
    learner = learner_context.new_page()
    log_in(learner, "leerling1")
    learner.goto(f"/learner/cards/{card_id}")
    expect(learner.get_by_role("heading", level=1)).to_have_text("Goede werkschoenen")
    learner.get_by_role("switch", name="Makkelijk lezen").click()
    expect(learner.get_by_text("Ze zijn goed voor je voeten.")).to_be_visible()
    learner_context.close()


def test_every_editor_page_passes_axe(demo: Demo, page: Page, axe) -> None:
    log_in(page, "redacteur")
    card_id = demo.cards["digitaal-werken"][0]
    for url in [
        "/editor/",
        f"/editor/packages/{demo.packages['digitaal-werken']}",
        f"/editor/cards/{card_id}",
        f"/editor/cards/{card_id}/preview",
        f"/editor/cards/{card_id}/versions",
        f"/editor/competences/{demo.competences['digitaal-werken'][0]}",
        "/editor/import",
    ]:
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(axe, page)


def test_on_a_wide_screen_the_check_sits_beside_the_text(demo: Demo, page: Page) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, "redacteur")
    page.goto(f"/editor/cards/{demo.cards['veilig-werken'][0]}")
    text = page.get_by_role("textbox", name="Makkelijk lezen").bounding_box()
    check = page.locator('[data-readability="easy"]').bounding_box()
    assert text
    assert check
    assert check["x"] >= text["x"] + text["width"]  # beside it, not below it
    assert check["y"] < text["y"] + text["height"]
    # Collapsible sections show an arrow that turns when they open.
    page.goto("/editor/")
    summary = page.locator("details.panel > summary").first
    arrow = "(element) => getComputedStyle(element, '::before').content"
    assert summary.evaluate(arrow) == '"▸"'
    summary.click()
    assert summary.evaluate(arrow) == '"▾"'
