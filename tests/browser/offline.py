"""Helpers for the offline tests: waiting for the service worker and the offline download."""

from __future__ import annotations

from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import func, select

from app.extensions import db
from app.models import TaskCompletion
from tests.browser.fixtures import wait_until


def wait_until_ready(page: Page) -> None:
    """The learner page finished its start-up work (outbox flush, offline download)."""
    wait_until(page, "document.documentElement.dataset.ready === '1'")


def wait_until_offline_ready(page: Page) -> None:
    wait_until(page, "navigator.serviceWorker && navigator.serviceWorker.controller !== null")
    wait_until_ready(page)
    expect(page.get_by_text("Alles staat op je telefoon")).to_be_visible()


def completions(app: Flask, learner_id: int | None = None) -> list[TaskCompletion]:
    with app.app_context():
        query = select(TaskCompletion).order_by(TaskCompletion.id)
        if learner_id is not None:
            query = query.where(TaskCompletion.learner_id == learner_id)
        rows = list(db.session.scalars(query))
        db.session.expunge_all()
        db.session.remove()
        return rows


def completion_count(app: Flask) -> int:
    with app.app_context():
        count = db.session.scalar(select(func.count()).select_from(TaskCompletion))
        db.session.remove()
        return count


def complete_task(page: Page, reflection: str = "Goed", note: str = "") -> None:
    """On a card page: choose how it went, maybe write a note, and press "Ik heb het gedaan"."""
    page.get_by_text(reflection, exact=True).click()
    if note:
        page.get_by_label("Wil je er iets over zeggen?").fill(note)
    page.get_by_role("button", name="Ik heb het gedaan").click()
    expect(page.locator("[data-saved]")).not_to_be_empty()


def sync_state(page: Page):
    return page.locator("[data-sync-text]")
