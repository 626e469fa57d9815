"""An admin on a phone changes a person's name, and switching the account off asks first."""

from __future__ import annotations

from flask import Flask
from playwright.sync_api import Page, expect

from app.models import User
from tests.browser.fixtures import assert_accessible, log_in
from tests.factories import Demo, get


def test_admin_renames_and_switching_off_asks_first(
    app: Flask, demo: Demo, page: Page, axe
) -> None:
    log_in(page, "beheer")
    page.goto(f"/admin/users/{demo.users['leerling2']}")
    page.get_by_label("Naam", exact=True).fill("Dennis Bakker-de Jong")
    page.get_by_role("button", name="Opslaan", exact=True).click()
    expect(page.get_by_text("Opgeslagen: naam van leerling2.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dennis Bakker-de Jong")
    assert_accessible(axe, page)

    asked: list[str] = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="Account uitzetten").click()
    expect(page.get_by_role("button", name="Account uitzetten")).to_be_visible()
    assert asked == [
        "Het account van Dennis Bakker-de Jong uitzetten? Deze persoon kan dan niet meer "
        "inloggen en wordt overal uitgelogd."
    ]
    assert get(app, User, demo.users["leerling2"]).active  # "no" changed nothing

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Account uitzetten").click()
    expect(page.get_by_text("leerling2 kan niet meer inloggen.")).to_be_visible()
    assert not get(app, User, demo.users["leerling2"]).active
