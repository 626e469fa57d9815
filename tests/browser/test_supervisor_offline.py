"""A supervisor on the floor without internet: the pages of their group are on the phone, and a
sign-off or feedback made offline reaches the server exactly once when the phone is back online,
or is shown with the reason why it was refused."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from playwright.sync_api import BrowserContext, Page, expect
from sqlalchemy import select

from app.extensions import db
from app.models import (
    CaseloadLink,
    CompetenceSignoff,
    Reflection,
    TaskCompletion,
    TaskFeedback,
    User,
)
from tests.browser.fixtures import assert_accessible, log_in, log_out_button, wait_until
from tests.browser.offline import sync_state, wait_until_ready
from tests.factories import Demo


@pytest.fixture
def group(app: Flask, demo: Demo) -> int:
    """Anouk in Saskia's group, with one task done: the id of that task."""
    with app.app_context():
        db.session.add(
            CaseloadLink(
                supervisor_id=demo.users["begeleider1"], learner_id=demo.users["leerling1"]
            )
        )
        task = TaskCompletion(
            client_id=str(uuid.uuid4()),
            learner_id=demo.users["leerling1"],
            task_id=demo.tasks["veilig-werken"][0],
            card_version=1,
            completed_at=datetime.now(UTC) - timedelta(hours=1),
            reflection=Reflection.HARD,
            note="Handschoenen waren op",
        )
        db.session.add(task)
        db.session.commit()
        task_id = task.id
        db.session.remove()
        return task_id


def rows(app: Flask, model: type) -> list:
    with app.app_context():
        found = list(db.session.scalars(select(model)))
        for row in found:
            db.session.expunge(row)
        db.session.remove()
        return found


def keep_group_on_phone(page: Page) -> None:
    log_in(page, "begeleider1")
    wait_until(page, "navigator.serviceWorker && navigator.serviceWorker.controller !== null")
    wait_until_ready(page)
    panel = page.get_by_role("region", name="Je groep op deze telefoon")
    expect(panel).to_contain_text("Je groep: 1 leerling, ongeveer")
    panel.get_by_role("button", name="Op deze telefoon bewaren").click()
    expect(panel.get_by_role("status")).to_have_text(
        "Je groep staat op deze telefoon. Je kunt ook zonder internet aftekenen."
    )


def sign_off_offline(page: Page, context: BrowserContext, demo: Demo) -> None:
    context.set_offline(True)
    page.goto(f"/supervisor/learners/{demo.users['leerling1']}")
    expect(page.get_by_role("heading", name="Anouk de Vries")).to_be_visible()
    expect(page.get_by_text("Versie op deze telefoon, van")).to_be_visible()  # not the newest
    page.get_by_role("link", name="Aftekenen: Beschermingsmiddelen gebruiken").click()
    page.get_by_text("Zelfstandig", exact=True).click()
    page.get_by_role("button", name="Aftekenen").click()
    expect(
        page.get_by_role("status").filter(has_text="Opgeslagen op deze telefoon")
    ).to_be_visible()


def test_a_signoff_and_feedback_made_offline_arrive_exactly_once(
    app: Flask, demo: Demo, page: Page, phone_context: BrowserContext, group: int, axe
) -> None:
    keep_group_on_phone(page)
    assert_accessible(axe, page)

    sign_off_offline(page, phone_context, demo)
    tile = page.locator(f"[data-competence-id='{demo.competences['veilig-werken'][0]}']")
    expect(tile).to_contain_text("Wacht op internet: Zelfstandig")
    expect(sync_state(page)).to_have_text("1 wijziging wacht op internet")

    page.locator(f"[data-completion-id='{group}'] a.task-link").click()  # kept on the phone
    expect(page.get_by_text("Handschoenen waren op")).to_be_visible()
    page.get_by_role("button", name="Goed gedaan!").click()
    page.get_by_role("button", name="Feedback versturen").click()
    expect(page.locator(f"[data-completion-id='{group}'] .pending-mark")).to_have_text(
        "Feedback wacht op internet"
    )
    expect(sync_state(page)).to_have_text("2 wijzigingen wachten op internet")
    assert_accessible(axe, page)
    assert rows(app, CompetenceSignoff) == []
    assert rows(app, TaskFeedback) == []

    phone_context.set_offline(False)  # the phone sends by itself when it is back online
    expect(sync_state(page)).to_have_text("Alles is verstuurd", timeout=15_000)
    [signoff] = rows(app, CompetenceSignoff)
    assert (signoff.learner_id, signoff.supervisor_id, signoff.level.value) == (
        demo.users["leerling1"],
        demo.users["begeleider1"],
        "independent",
    )
    [feedback] = rows(app, TaskFeedback)
    assert (feedback.completion_id, feedback.text) == (group, "Goed gedaan!")

    page.reload()  # every later start-up flushes again: nothing is sent twice
    wait_until_ready(page)
    expect(tile).to_contain_text("Zelfstandig")
    expect(tile.locator(".pending-mark")).to_have_count(0)
    assert len(rows(app, CompetenceSignoff)) == 1
    assert len(rows(app, TaskFeedback)) == 1


def test_a_signoff_refused_on_sync_is_shown_with_the_reason(
    app: Flask, demo: Demo, page: Page, phone_context: BrowserContext, group: int, axe
) -> None:
    keep_group_on_phone(page)
    sign_off_offline(page, phone_context, demo)
    with app.app_context():  # meanwhile Anouk moved to another enterprise
        learner = db.session.get(User, demo.users["leerling1"])
        learner.organisation_id = db.session.get(User, demo.users["leerling4"]).organisation_id
        db.session.commit()
        db.session.remove()

    phone_context.set_offline(False)
    expect(sync_state(page)).to_have_text("1 wijziging kon niet worden verstuurd", timeout=15_000)
    problem = page.locator("[data-rejected-list] li").filter(has_text="Aftekenen:")
    expect(problem).to_contain_text(
        "Aftekenen: Beschermingsmiddelen gebruiken (Anouk de Vries)"
        "Deze leerling hoort niet meer bij jouw organisatie. Het is niet opgeslagen."
    )
    assert_accessible(axe, page)
    assert rows(app, CompetenceSignoff) == []
    asked: list[str] = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    problem.get_by_role("button", name="Weghalen").click()
    expect(sync_state(page)).to_have_text("Alles is verstuurd")
    assert asked == ["Weghalen? Het wordt dan niet verstuurd."]


def test_logging_out_anywhere_removes_the_group_from_the_phone(
    demo: Demo, page: Page, group: int
) -> None:
    keep_group_on_phone(page)
    stored = (
        "caches.open('leerplek-pages').then((cache) => cache.keys()).then((keys) => keys.length)"
    )
    assert page.evaluate(stored) > 3
    # The printable overview has no scripts of its own: its log-out is a plain form.
    page.goto(f"/supervisor/learners/{demo.users['leerling1']}/overview")
    log_out_button(page).click()
    expect(page).to_have_url(re.compile("/login"))
    assert page.evaluate("caches.has('leerplek-pages')") is False
