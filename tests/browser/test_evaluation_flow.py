"""From "moeilijk" on the work floor to a better card: the teacher finds the card learners find
hard on the evaluation page, rewrites and publishes it, and later sees whether the new version
helped. The figures are kept as in production (app/evaluation/cache.py): the teacher counts
them again to see the newest tasks."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import select

from app.extensions import db
from app.models import Card, PracticeTask, Reflection, Role, TaskCompletion, User
from tests.browser.fixtures import assert_accessible, log_in
from tests.factories import Demo

LEARNERS = ("leerling1", "leerling2", "leerling4", "leerling6", "extra1")  # 5: shown across orgs
EASY = "Draag altijd je schoenen. Ze zijn goed voor je voeten. Is je schoen kapot? Zeg het."


def did_the_task(app: Flask, demo: Demo, version: int, reflection: Reflection) -> None:
    with app.app_context():
        card = db.session.get(Card, demo.cards["veilig-werken"][0])
        task_id = db.session.scalars(
            select(PracticeTask.id).where(PracticeTask.card_id == card.id)
        ).first()
        if db.session.scalar(select(User).where(User.username == "extra1")) is None:
            organisation = db.session.get(User, demo.users["leerling1"]).organisation
            extra = User(
                username="extra1",
                display_name="Extra",
                role=Role.LEARNER,
                organisation=organisation,
            )
            extra.set_password("oefenen123", method=app.config["PASSWORD_HASH_METHOD"])
            db.session.add(extra)
            db.session.flush()
        for name in LEARNERS:
            learner = db.session.scalar(select(User).where(User.username == name))
            db.session.add(
                TaskCompletion(
                    client_id=str(uuid.uuid4()),
                    learner_id=learner.id,
                    task_id=task_id,
                    card_version=version,
                    completed_at=datetime.now(UTC) - timedelta(hours=1),
                    reflection=reflection,
                )
            )
        db.session.commit()
        db.session.remove()


def test_from_hard_feedback_to_a_new_version_and_whether_it_helped(
    app: Flask, demo: Demo, page: Page, axe, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(app.config, "EVALUATION_CACHE_MINUTES", 30)
    did_the_task(app, demo, version=1, reflection=Reflection.HARD)
    log_in(page, "redacteur")
    page.get_by_role("link", name="Evaluatie: hoe gaat het met de lespakketten?").click()
    expect(page.get_by_role("heading", name="Evaluatie van de pilot")).to_be_visible()
    assert_accessible(axe, page)
    hardest = page.locator("[data-hard-card]").first
    expect(hardest).to_contain_text("100% moeilijk")
    expect(hardest).to_contain_text("5 taken")
    hardest.get_by_role("link", name="Kaart aanpassen").click()

    page.get_by_role("textbox", name="Makkelijk lezen").fill(EASY)
    # Leaving with unsaved text asks first; staying keeps the text.
    asked: list[str] = []
    page.once("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    page.get_by_role("link", name="← Veilig werken").click()
    expect(page.get_by_role("textbox", name="Makkelijk lezen")).to_have_value(EASY)
    assert asked == ["beforeunload"]
    page.get_by_role("button", name="Opslaan als concept").click()
    expect(page.get_by_text("Opgeslagen als concept.")).to_be_visible()
    page.get_by_role("button", name="Publiceren").click()
    expect(page.get_by_text("Versie 2 is gepubliceerd.")).to_be_visible()

    did_the_task(app, demo, version=2, reflection=Reflection.GOOD)  # the rewrite, tried at work
    page.goto("/evaluatie/")
    card = page.locator(f"[data-hard-card='{demo.cards['veilig-werken'][0]}']")
    # The figures counted before are still shown, and say when they were counted.
    expect(page.get_by_text("Geteld op")).to_be_visible()
    expect(card).to_contain_text("100% moeilijk")
    with page.expect_navigation():
        page.get_by_role("button", name="Nu opnieuw tellen").click()
    versions = card.get_by_role("table", name="Per versie")
    expect(versions.get_by_role("row")).to_have_count(3)
    expect(versions.get_by_role("row").nth(1)).to_have_text("Versie 15100%")  # 5 tasks, all hard
    expect(versions.get_by_role("row").nth(2)).to_have_text("Versie 250%")  # 5 tasks, none hard
    expect(card).to_contain_text("50% moeilijk")

    page.get_by_role("link", name="Veilig werken").first.click()  # the package's own page
    expect(page.get_by_role("table", name="Per kaart")).to_be_visible()
    assert_accessible(axe, page)
