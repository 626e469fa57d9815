"""Every page of every role works on a 360 px phone and passes axe-core without violations."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.fixtures import assert_accessible, log_in
from tests.factories import Demo
from tests.helpers import add_extra_learners

PAGES = {
    "leerling1": lambda d: [
        "/learner/",
        "/learner/progress",
        f"/learner/packages/{d.packages['digitaal-werken']}",
        f"/learner/cards/{d.cards['digitaal-werken'][0]}",
        f"/learner/cards/{d.cards['digitaal-werken'][-1]}",
    ],
    "begeleider1": lambda d: ["/supervisor/", f"/supervisor/learners/{d.users['leerling1']}"],
    "redacteur": lambda d: ["/editor/", f"/editor/packages/{d.packages['afval-scheiden']}"],
    "beheer": lambda d: [
        "/admin/",
        f"/admin/?organisation={d.organisations['Kringloop De Omslag']}",
        "/admin/users/new",
        f"/admin/users/{d.users['leerling1']}",
        f"/admin/users/{d.users['leerling1']}/erase",
        "/admin/audit",
    ],
}


@pytest.mark.parametrize("username", list(PAGES))
def test_every_page_fits_a_phone_and_passes_axe(page: Page, demo: Demo, axe, username: str) -> None:
    log_in(page, username)
    for url in PAGES[username](demo):
        response = page.goto(url)
        assert response is not None, url
        assert response.status == 200, url
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(axe, page)


def test_error_pages_are_friendly_and_accessible(page: Page, demo: Demo, axe) -> None:
    log_in(page, "leerling1")
    response = page.goto("/learner/packages/999999")
    assert response is not None
    assert response.status == 404
    expect(page.get_by_role("heading", name="Deze pagina bestaat niet.")).to_be_visible()
    assert_accessible(axe, page)
    response = page.goto("/admin/")
    assert response is not None
    assert response.status == 403
    expect(page.get_by_role("heading", name="Deze pagina is niet voor jou.")).to_be_visible()


def test_buttons_and_links_are_large_enough_to_tap(page: Page, demo: Demo) -> None:
    """Touch targets of at least 44 x 44 px (WCAG 2.5.5) on the pages a learner uses."""
    log_in(page, "leerling1")
    for url in PAGES["leerling1"](demo):
        page.goto(url)
        small = page.evaluate(
            """() => [...document.querySelectorAll(
                  'main a, main button, main summary, header a, header button, header summary')]
                .filter(el => el.offsetParent !== null)
                .map(el => ({text: el.textContent.trim(), box: el.getBoundingClientRect()}))
                .filter(({box}) => box.height < 44 || box.width < 44)
                .map(({text, box}) => `${text} ${Math.round(box.width)}x${Math.round(box.height)}`)"""
        )
        assert small == [], f"{url}: {small}"


def test_the_audit_log_with_events_fits_a_phone_and_passes_axe(
    app, page: Page, demo: Demo, axe
) -> None:
    from app.audit import record
    from app.extensions import db
    from app.models import AuditAction, User

    with app.app_context():
        admin = db.session.get(User, demo.users["beheer"])
        for username in ("leerling1", "begeleider1"):
            record(AuditAction.RESET_PASSWORD, admin, db.session.get(User, demo.users[username]))
        record(
            AuditAction.RETENTION_ERASE, None, db.session.get(User, demo.users["leerling2"]), "x"
        )
        db.session.commit()
    log_in(page, "beheer")
    page.goto("/admin/audit")
    expect(page.get_by_text("Nieuw wachtwoord gezet")).to_have_count(2)
    assert_accessible(axe, page)


def test_a_long_learner_list_pages_on_a_phone_and_passes_axe(
    app, page: Page, demo: Demo, axe
) -> None:
    """Sixty learners more: the supervisor pages through them with large Volgende/Vorige links."""
    add_extra_learners(app, 60)
    log_in(page, "begeleider1")
    page.goto("/supervisor/")
    expect(page.get_by_text("Leerling 1 tot en met 50 van 63")).to_be_visible()
    assert_accessible(axe, page)
    forward = page.get_by_role("link", name="Volgende")
    box = forward.bounding_box()
    assert box is not None
    assert box["height"] >= 44
    assert box["width"] >= 44
    forward.click()
    expect(page.get_by_text("Leerling 51 tot en met 63 van 63")).to_be_visible()
    expect(page.get_by_role("link", name="Zz Extra 59")).to_be_visible()
    assert_accessible(axe, page)
    page.get_by_role("link", name="Vorige").click()
    expect(page.get_by_text("Leerling 1 tot en met 50 van 63")).to_be_visible()
