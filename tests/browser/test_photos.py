"""Photos with a task: taken on the work floor without internet, kept on the phone with the task,
and delivered exactly once, also when the link drops in the middle of an upload."""

from __future__ import annotations

import io

from flask import Flask
from PIL import Image
from playwright.sync_api import BrowserContext, Page, expect
from sqlalchemy import select

from app.extensions import db
from app.models import EvidencePhoto
from tests.browser.fixtures import LiveServer, assert_accessible, log_in, wait_in_python
from tests.browser.offline import (
    complete_task,
    completion_count,
    completions,
    sync_state,
    wait_until_offline_ready,
    wait_until_ready,
)
from tests.browser.slow_proxy import SlowProxy
from tests.factories import Demo


def camera_photo(name: str, size: tuple[int, int] = (3000, 2000)) -> dict[str, object]:
    """A large JPEG with a GPS position in its EXIF, as a phone camera hands it over."""
    width, height = size
    image = Image.linear_gradient("L").resize(size).convert("RGB")
    image.paste((200, 120, 40), (width // 4, height // 4, width // 2, height // 2))
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (52.0, 22.0, 0.0)}
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, quality=92)
    return {"name": name, "mimeType": "image/jpeg", "buffer": buffer.getvalue()}


def stored_photos(app: Flask) -> list[EvidencePhoto]:
    with app.app_context():
        rows = list(db.session.scalars(select(EvidencePhoto).order_by(EvidencePhoto.id)))
        db.session.expunge_all()
        db.session.remove()
        return rows


def photos_on_the_phone(page: Page) -> int:
    return page.evaluate(
        """() => new Promise((resolve, reject) => {
            const opening = indexedDB.open("leerplek");
            opening.onsuccess = () => {
              const count = opening.result.transaction("photos").objectStore("photos").count();
              count.onsuccess = () => { resolve(count.result); opening.result.close(); };
            };
            opening.onerror = () => reject(opening.error);
        })"""
    )


def add_photo(page: Page, photo: dict[str, object], camera: bool = True) -> None:
    inputs = page.locator("[data-task-form]").first.locator("[data-photo-input]")
    inputs.nth(0 if camera else 1).set_input_files(photo)


def test_photos_taken_offline_arrive_once_smaller_and_without_location(
    app: Flask, demo: Demo, page: Page, phone_context: BrowserContext, axe
) -> None:
    log_in(page, "leerling1")
    wait_until_offline_ready(page)  # the photo code is on the phone now, though never used
    phone_context.set_offline(True)
    page.goto(f"/learner/cards/{demo.cards['veilig-werken'][0]}")
    wait_until_ready(page)
    thumbnails = page.locator("[data-photo-list] img")
    for number in (1, 2, 3):
        add_photo(page, camera_photo(f"foto{number}.jpg"), camera=number != 2)
        expect(thumbnails).to_have_count(number)
    expect(page.get_by_text("Maak een foto")).to_be_hidden()  # three is the most
    expect(thumbnails.nth(0)).to_have_attribute("alt", "Foto 1")
    assert_accessible(axe, page)
    page.get_by_role("button", name="Foto 2 weghalen").click()
    expect(thumbnails).to_have_count(2)
    expect(page.get_by_text("Maak een foto")).to_be_visible()

    complete_task(page, note="De bak is vol.")
    expect(page.get_by_text("Opgeslagen op je telefoon")).to_be_visible()
    expect(thumbnails).to_have_count(0)  # the form starts empty again
    expect(sync_state(page)).to_have_text("1 taak wacht op internet. 2 foto's wachten op internet")
    assert photos_on_the_phone(page) == 2
    page.reload()  # kept on the phone, not in the page
    expect(sync_state(page)).to_have_text("1 taak wacht op internet. 2 foto's wachten op internet")
    assert completion_count(app) == 0
    assert stored_photos(app) == []

    phone_context.set_offline(False)
    expect(sync_state(page)).to_have_text("Alles is verstuurd", timeout=20_000)
    [task] = completions(app)
    photos = stored_photos(app)
    assert [(photo.completion_id, photo.number) for photo in photos] == [(task.id, 1), (task.id, 2)]
    assert all((photo.width, photo.height) == (1600, 1067) for photo in photos)
    assert photos_on_the_phone(page) == 0  # removed only after the server had them

    # The phone's copy was small: its SHA-256 is what the server stored, and the phone made it.
    shown = page.request.get(f"/api/v1/photos/{photos[0].id}")
    assert shown.status == 200
    with Image.open(io.BytesIO(shown.body())) as image:
        assert image.size == (1600, 1067)
        assert not image.getexif()

    page.reload()
    wait_until_ready(page)
    expect(sync_state(page)).to_have_text("Alles is verstuurd")
    assert len(stored_photos(app)) == 2  # nothing sent twice


def test_an_upload_cut_off_halfway_is_sent_again_and_stored_once(
    app: Flask, demo: Demo, browser, live_server: LiveServer
) -> None:
    with SlowProxy(live_server.url) as proxy:
        context = browser.new_context(
            base_url=proxy.url, viewport={"width": 360, "height": 740}, locale="nl-NL"
        )
        try:
            page = context.new_page()
            log_in(page, "leerling1")
            page.goto(f"/learner/cards/{demo.cards['veilig-werken'][0]}")
            wait_until_ready(page)
            proxy.cut_uploads("/api/v1/completions/", times=1)
            add_photo(page, camera_photo("bak.jpg"))
            expect(page.locator("[data-photo-list] img")).to_have_count(1)
            complete_task(page)
            # "Alles is verstuurd" also stands there for a moment right after saving, before the
            # bar has looked in the outbox again: wait for the photo to arrive first.
            wait_in_python(page, lambda: len(stored_photos(app)) == 1, timeout_ms=30_000)
            expect(sync_state(page)).to_have_text("Alles is verstuurd", timeout=30_000)
            [task] = completions(app)
            upload = f"/api/v1/completions/{task.client_id}/photos/1"
            assert proxy.count(upload, "PUT") == 2  # broken off once, then sent whole
            assert [photo.number for photo in stored_photos(app)] == [1]
            assert photos_on_the_phone(page) == 0
        finally:
            context.close()


# The phone's answer to "how much room is left?". Chromium here always reports 10 GB, and its
# DevTools quota override (Storage.overrideQuotaForOrigin) leaves navigator.storage.estimate()
# unchanged (tried on pages and persistent profiles), so the answer itself is set: 1 MB free
# until the test gives the phone room again.
SMALL_PHONE = """
  const realEstimate = navigator.storage.estimate.bind(navigator.storage);
  window.__freeBytes = 1024 * 1024;
  navigator.storage.estimate = async () => {
    const real = await realEstimate();
    return { ...real, quota: real.usage + window.__freeBytes };
  };
"""


def test_a_full_phone_says_so_and_keeps_nothing_half(
    app: Flask, demo: Demo, page: Page, phone_context: BrowserContext
) -> None:
    phone_context.add_init_script(SMALL_PHONE)
    log_in(page, "leerling1")
    page.goto(f"/learner/cards/{demo.cards['veilig-werken'][0]}")
    wait_until_ready(page)
    add_photo(page, camera_photo("vol.jpg"))
    expect(page.get_by_role("alert")).to_have_text(
        "Je telefoon is te vol voor deze foto. Haal een foto weg of maak ruimte vrij."
    )
    expect(page.locator("[data-photo-list] img")).to_have_count(0)

    page.evaluate("window.__freeBytes = 1024 ** 3")  # room again
    add_photo(page, camera_photo("past.jpg"))
    expect(page.locator("[data-photo-list] img")).to_have_count(1)
    expect(page.locator("[data-photo-error]")).to_be_hidden()


def test_who_sees_the_photo_in_the_browser(
    app: Flask, demo: Demo, browser, live_server: LiveServer, axe
) -> None:
    """The supervisor of the learner's organisation sees it on the learner's page (full size on
    tap); a supervisor elsewhere, an editor and someone not logged in do not get it."""
    phones = {}
    try:
        for name in ("leerling1", "begeleider1", "begeleider2", "redacteur", "anonymous"):
            phones[name] = browser.new_context(
                base_url=live_server.url, viewport={"width": 360, "height": 740}, locale="nl-NL"
            ).new_page()
            if name != "anonymous":
                log_in(phones[name], name)
        learner = phones["leerling1"]
        learner.goto(f"/learner/cards/{demo.cards['veilig-werken'][0]}")
        wait_until_ready(learner)
        add_photo(learner, camera_photo("afval.jpg"))
        expect(learner.locator("[data-photo-list] img")).to_have_count(1)
        complete_task(learner)
        expect(sync_state(learner)).to_have_text("Alles is verstuurd", timeout=20_000)
        wait_in_python(learner, lambda: len(stored_photos(app)) == 1)
        [photo] = stored_photos(app)

        supervisor = phones["begeleider1"]
        supervisor.goto(f"/supervisor/learners/{demo.users['leerling1']}")
        thumbnail = supervisor.get_by_role("img", name="Foto 1 bij", exact=False)
        expect(thumbnail).to_be_visible()
        thumbnail.scroll_into_view_if_needed()  # loading="lazy": fetched when scrolled to
        wait_in_python(supervisor, lambda: thumbnail.evaluate("image => image.naturalWidth") > 0)
        assert_accessible(axe, supervisor)
        supervisor.goto(f"/supervisor/learners/{demo.users['leerling1']}/overview")
        figures = supervisor.locator(".photo-choice figure")
        expect(figures.first).to_be_visible()
        assert_accessible(axe, supervisor)
        supervisor.emulate_media(media="print")
        expect(figures).to_have_count(figures.count())
        assert all(not figure.is_visible() for figure in figures.all())  # none ticked: none printed
        supervisor.emulate_media(media="screen")
        supervisor.get_by_label("Op de print").first.check()
        supervisor.emulate_media(media="print")
        expect(figures.first).to_be_visible()
        supervisor.emulate_media(media="screen")

        supervisor.goto(f"/supervisor/learners/{demo.users['leerling1']}")
        thumbnail.scroll_into_view_if_needed()
        thumbnail.click()
        supervisor.wait_for_url(f"**/api/v1/photos/{photo.id}")
        url = f"/api/v1/photos/{photo.id}"
        assert supervisor.request.get(url).status == 200
        assert learner.request.get(url).status == 200
        assert phones["begeleider2"].request.get(url).status == 404
        assert phones["redacteur"].request.get(url).status == 404
        assert phones["anonymous"].request.get(url).status == 401
    finally:
        for phone in phones.values():
            phone.context.close()
