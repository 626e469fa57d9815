"""A learner on a cheap phone logs in and finds their lessons."""
from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.fixtures import assert_accessible, log_in


def test_learner_logs_in_on_a_phone_and_sees_their_packages(page: Page, demo, axe) -> None:
    page.goto("/")
    expect(page.get_by_role("heading", name="Inloggen")).to_be_visible()
    assert_accessible(axe, page)

    log_in(page, "leerling2")

    expect(page.get_by_role("heading", name="Mijn lessen")).to_be_visible()
    packages = page.get_by_role("main").get_by_role("listitem")
    expect(packages).to_have_count(2)
    safety = packages.filter(has=page.get_by_role("link", name=re.compile("^Veilig werken")))
    expect(safety).to_contain_text(f"0 van {len(demo.tasks['veilig-werken'])} taken gedaan")
    waste = packages.filter(has=page.get_by_role("link", name=re.compile("^Afval scheiden")))
    expect(waste).to_contain_text(f"0 van {len(demo.tasks['afval-scheiden'])} taken gedaan")
    # leerling2 has no "Digitaal werken" package assigned
    expect(page.get_by_text("Digitaal werken")).to_have_count(0)
    assert_accessible(axe, page)

    safety.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Veilig werken")
    page.get_by_role("main").get_by_role("link").nth(1).click()
    expect(page.get_by_role("heading", name=re.compile("^Doe het zelf"))).to_be_visible()
    page.get_by_text("Makkelijk lezen").click()
    assert_accessible(axe, page)
