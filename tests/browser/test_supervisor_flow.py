"""A supervisor on the shop floor, on a phone: sees new work, ticks off a competence, prints a
QR log-in card that keeps the learner logged in."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect

from tests.browser.fixtures import (
    PHONE,
    LiveServer,
    assert_accessible,
    log_in,
    persistent_phone,
    wait_until,
    watch_csp,
)
from tests.browser.offline import complete_task, sync_state, wait_until_ready
from tests.factories import Demo


def phone_page(browser: Browser, live_server: LiveServer) -> Page:
    context = watch_csp(
        browser.new_context(
            base_url=live_server.url, viewport=PHONE, is_mobile=True, has_touch=True, locale="nl-NL"
        )
    )
    context.set_default_timeout(10_000)
    return context.new_page()


def test_supervisor_sees_new_work_and_signs_off_what_the_learner_sees(
    demo: Demo, browser: Browser, live_server: LiveServer, axe
) -> None:
    learner = phone_page(browser, live_server)
    log_in(learner, "leerling1")
    learner.goto(f"/learner/cards/{demo.cards['veilig-werken'][0]}")
    wait_until_ready(learner)
    complete_task(learner, "Ging wel", note="Mijn schoenen zijn oud")
    expect(sync_state(learner)).to_have_text("Alles is verstuurd")

    coach = phone_page(browser, live_server)
    log_in(coach, "begeleider1")
    anouk = coach.get_by_role("listitem").filter(has_text="Anouk de Vries")
    expect(anouk).to_contain_text("1 nieuw")
    assert_accessible(axe, coach)
    anouk.get_by_role("link").click()
    expect(coach.get_by_role("heading", name="Anouk de Vries")).to_be_visible()
    expect(coach.get_by_text("Mijn schoenen zijn oud")).to_be_visible()
    expect(coach.get_by_text("Ging wel", exact=True)).to_be_visible()
    assert_accessible(axe, coach)

    coach.get_by_role("link", name="Aftekenen: Beschermingsmiddelen gebruiken").click()
    assert_accessible(axe, coach)
    coach.get_by_text("Zelfstandig", exact=True).click()  # tap 1 (after the link)
    coach.get_by_role("button", name="Aftekenen").click()  # confirm
    expect(coach.get_by_text("Opgeslagen: Beschermingsmiddelen gebruiken.")).to_be_visible()
    competence = coach.get_by_role("listitem").filter(has_text="Beschermingsmiddelen gebruiken")
    expect(competence).to_contain_text("Zelfstandig")
    coach.goto("/supervisor/")
    expect(coach.get_by_role("listitem").filter(has_text="Anouk de Vries")).not_to_contain_text(
        "nieuw"
    )

    learner.goto("/learner/progress")
    item = learner.get_by_role("listitem").filter(has_text="Beschermingsmiddelen gebruiken")
    expect(item).to_contain_text("Zelfstandig")
    expect(item).to_contain_text("Afgetekend door Saskia Jansen")


def test_every_supervisor_page_passes_axe(demo: Demo, page: Page, axe) -> None:
    log_in(page, "begeleider1")
    learner_url = f"/supervisor/learners/{demo.users['leerling2']}"
    for url in [
        "/supervisor/?q=zzz",
        "/evaluatie/",
        f"/evaluatie/pakketten/{demo.packages['veilig-werken']}",
        learner_url,
        f"{learner_url}/competences/{demo.competences['veilig-werken'][0]}",
        f"{learner_url}/overview",
    ]:
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(axe, page)
    page.goto(learner_url)
    page.get_by_role("button", name="Inlogkaart maken").click()
    expect(page.get_by_role("heading", name="Inlogkaarten")).to_be_visible()
    assert_accessible(axe, page)
    page.goto("/qr/onbekend")
    assert_accessible(axe, page)


def test_learner_logs_in_with_the_qr_card_and_stays_logged_in(
    demo: Demo,
    page: Page,
    playwright_instance: Playwright,
    live_server: LiveServer,
    tmp_path: Path,
    axe,
) -> None:
    log_in(page, "begeleider1")
    page.goto(f"/supervisor/learners/{demo.users['leerling2']}")
    page.get_by_role("button", name="Inlogkaart maken").click()
    svg = page.locator(".login-card-qr svg")
    expect(svg).to_be_visible()
    # The QR's own text is in its <title>; the card's URL is what the camera opens.
    qr_url = page.evaluate(
        """() => [...document.querySelectorAll('.login-card')].map((card) => card.dataset.url)[0]"""
    )
    assert re.fullmatch(rf"{re.escape(live_server.url)}/qr/[A-Za-z0-9_-]{{40,}}", qr_url)

    def open_phone() -> BrowserContext:
        return persistent_phone(playwright_instance, tmp_path / "learner-phone", live_server.url)

    phone = open_phone()
    scan = phone.new_page()
    scan.goto(qr_url)
    expect(scan.get_by_role("heading", name="Hoi Dennis!")).to_be_visible()
    assert_accessible(axe, scan)
    scan.get_by_role("button", name="Inloggen").click()
    expect(scan.get_by_role("heading", name="Mijn lessen")).to_be_visible()
    phone.close()

    phone = open_phone()  # the phone was switched off and on again
    later = phone.new_page()
    later.goto("/")
    expect(later.get_by_role("heading", name="Mijn lessen")).to_be_visible()
    later.goto(qr_url)  # the card works once
    expect(
        later.get_by_role("heading", name="Deze inlogkaart is al gebruikt.", exact=False)
    ).to_be_visible()
    phone.close()


def test_printen_prints_without_inline_script(demo: Demo, page: Page) -> None:
    page.add_init_script("window.__printed = 0; window.print = () => { window.__printed += 1; };")
    log_in(page, "begeleider1")
    learner_url = f"/supervisor/learners/{demo.users['leerling1']}"
    page.goto(f"{learner_url}/overview")
    assert page.locator("[onclick]").count() == 0
    page.get_by_role("button", name="Printen").click()
    wait_until(page, "window.__printed === 1")


def test_destructive_actions_ask_first_in_plain_words(
    demo: Demo, browser: Browser, live_server: LiveServer, axe
) -> None:
    """Removing a package, new log-in cards for everyone and withdrawing a sign-off each ask
    first; "Nee" leaves everything as it was. Withdrawing has its own "Intrekken" button."""
    coach = phone_page(browser, live_server)
    asked: list[str] = []
    answer = {"yes": False}

    def on_dialog(dialog) -> None:  # type: ignore[no-untyped-def]
        asked.append(dialog.message)
        if answer["yes"]:
            dialog.accept()
        else:
            dialog.dismiss()

    coach.on("dialog", on_dialog)
    log_in(coach, "begeleider1")
    coach.get_by_role("button", name="Inlogkaarten voor iedereen maken").click()
    expect(coach).to_have_url(re.compile(r"/supervisor/$"))
    assert asked[-1] == (
        "Nieuwe inlogkaarten voor iedereen maken? Alle kaarten die nu geprint zijn, "
        "werken dan niet meer."
    )

    coach.goto(f"/supervisor/learners/{demo.users['leerling1']}")
    coach.get_by_role("button", name="In mijn groep zetten").click()
    expect(coach.get_by_text("In de groep van: Saskia Jansen")).to_be_visible()
    coach.goto("/supervisor/")
    expect(coach.get_by_role("link", name="Mijn groep")).to_have_attribute("aria-current", "page")
    expect(coach.locator(".tile")).to_have_count(1)
    assert_accessible(axe, coach)

    coach.goto(f"/supervisor/learners/{demo.users['leerling1']}")
    remove = coach.get_by_role("button", name="Weghalen: Veilig werken")
    remove.click()
    assert asked[-1].startswith("Lespakket Veilig werken weghalen?")
    expect(remove).to_be_visible()  # "Nee": still assigned
    answer["yes"] = True
    remove.click()
    expect(coach.get_by_role("button", name="Weghalen: Veilig werken")).to_have_count(0)

    coach.goto(f"/supervisor/learners/{demo.users['leerling1']}")
    coach.get_by_role("link", name="Aftekenen: Zuinig werken").click()
    expect(coach.get_by_role("button", name="Intrekken")).to_have_count(0)  # nothing to withdraw
    coach.get_by_text("Met hulp", exact=True).click()
    coach.get_by_role("button", name="Aftekenen").click()
    coach.get_by_role("link", name="Aftekenen: Zuinig werken").click()
    expect(coach.get_by_role("radio", name="Intrekken")).to_have_count(0)
    assert_accessible(axe, coach)
    answer["yes"] = False
    coach.get_by_role("button", name="Intrekken").click()
    assert asked[-1].startswith("Deze aftekening intrekken?")
    expect(coach.get_by_role("heading", name="Aftekening intrekken")).to_be_visible()
    answer["yes"] = True
    coach.get_by_role("button", name="Intrekken").click()
    expect(coach.get_by_text("Opgeslagen: Zuinig werken.")).to_be_visible()
    coach.get_by_role("link", name="Aftekenen: Zuinig werken").click()
    expect(coach.get_by_role("listitem").first).to_contain_text("Ingetrokken")


def test_feedback_reaches_the_learner_and_is_new_until_seen_also_offline(
    app, demo: Demo, browser: Browser, live_server: LiveServer, axe
) -> None:
    learner = phone_page(browser, live_server)
    log_in(learner, "leerling1")
    card = f"/learner/cards/{demo.cards['veilig-werken'][0]}"
    learner.goto(card)
    wait_until_ready(learner)
    complete_task(learner, "Goed", note="Schoenen gecheckt")
    expect(sync_state(learner)).to_have_text("Alles is verstuurd")

    coach = phone_page(browser, live_server)
    log_in(coach, "begeleider1")
    coach.goto(f"/supervisor/learners/{demo.users['leerling1']}")
    new_work = coach.get_by_role("region", name="Nieuw sinds je vorige bezoek")
    new_work.get_by_role("link", name="Controleer je werkschoenen", exact=False).click()
    assert_accessible(axe, coach)
    coach.get_by_role("button", name="Bijna, let op …").click()
    field = coach.get_by_label("Je feedback")
    expect(field).to_have_value("Bijna, let op …")
    field.press_sequentially(" de neuzen van je schoenen.")
    coach.get_by_role("button", name="Feedback versturen").click()
    expect(coach.get_by_text("Je feedback is verstuurd.")).to_be_visible()

    # The learner's phone fetches the card again (new feedback on it) with the next download.
    learner.goto("/learner/")
    wait_until_ready(learner)
    learner.goto(card)
    wait_until_ready(learner)
    note = learner.locator("[data-feedback-id]")
    expect(note).to_contain_text("Saskia Jansen zegt:")
    expect(note).to_contain_text("Bijna, let op … de neuzen van je schoenen.")
    expect(note.get_by_text("Nieuw")).to_be_visible()
    assert_accessible(axe, learner)

    learner.context.set_offline(True)
    learner.goto(card)  # from the phone: the stored card has the feedback, no longer new
    expect(note).to_contain_text("de neuzen van je schoenen")
    expect(note.get_by_text("Nieuw")).to_be_hidden()
    learner.context.set_offline(False)

    coach.get_by_role("link", name="Controleer je werkschoenen", exact=False).first.click()
    expect(coach.locator(".history")).to_contain_text("· gelezen")  # the phone told the server
