"""A supervisor sees what their learner did, with the phone's time shown in Dutch time."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from flask import Flask
from flask.testing import FlaskClient

from app.extensions import db
from app.models import Reflection, TaskCompletion
from tests.conftest import Auth
from tests.factories import Demo


def test_supervisor_sees_completed_tasks_and_progress(
    app: Flask, demo: Demo, auth: Auth, client: FlaskClient
) -> None:
    _add_completions(
        app, demo, {datetime(2026, 11, 26, 8, 15, tzinfo=UTC): "Mijn linker schoen is kapot."}
    )

    auth.login("begeleider1")
    home = client.get("/supervisor/").get_data(as_text=True)
    assert "1 taak gedaan" in home
    page = client.get(f"/supervisor/learners/{demo.users['leerling1']}").get_data(as_text=True)
    assert "Controleer je werkschoenen en handschoenen" in page
    assert "Mijn linker schoen is kapot." in page
    assert "26-11-2026, 09:15" in page  # 08:15 UTC is 09:15 in Amsterdam
    assert f"1 van {len(demo.tasks['veilig-werken'])} taken gedaan" in page


def _add_completions(app: Flask, demo: Demo, notes: dict[datetime, str]) -> None:
    """Leerling1's first task, done at each moment with its note (received now)."""
    task_id = demo.tasks["veilig-werken"][0]
    with app.app_context():
        for moment, note in notes.items():
            db.session.add(
                TaskCompletion(
                    client_id=str(uuid.uuid4()),
                    learner_id=demo.users["leerling1"],
                    task_id=task_id,
                    card_version=1,
                    completed_at=moment,
                    reflection=Reflection.GOOD,
                    note=note,
                )
            )
        db.session.commit()


def _days(days: range) -> dict[datetime, str]:
    """One per day of November 2026, each with its day in the note."""
    return {datetime(2026, 11, day, 8, 0, tzinfo=UTC): f"notitie van dag {day}." for day in days}


def test_the_page_shows_the_newest_twenty_and_all_on_request(
    app: Flask, demo: Demo, auth: Auth, client: FlaskClient
) -> None:
    _add_completions(app, demo, _days(range(1, 26)))
    auth.login("begeleider1")
    url = f"/supervisor/learners/{demo.users['leerling1']}"

    page = client.get(url).get_data(as_text=True)
    shown = [day for day in range(1, 26) if f"notitie van dag {day}." in page]
    assert shown == list(range(6, 26))
    assert "Toon alle 25 gedane taken" in page
    assert f'href="{url}?alle=1#done"' in page

    everything = client.get(f"{url}?alle=1").get_data(as_text=True)
    assert all(f"notitie van dag {day}." in everything for day in range(1, 26))
    assert "Toon alle" not in everything


def test_a_late_synced_old_task_is_still_shown_as_new(
    app: Flask, demo: Demo, auth: Auth, client: FlaskClient
) -> None:
    """Done offline long ago, received after the supervisor's last look: it sorts below the
    newest twenty, but it is new, and opening the page marks it seen, so it must be shown."""
    _add_completions(app, demo, _days(range(5, 30)))
    auth.login("begeleider1")
    url = f"/supervisor/learners/{demo.users['leerling1']}"
    assert "notitie van dag 5." not in client.get(url).get_data(as_text=True)  # seen now

    _add_completions(app, demo, _days(range(1, 2)))  # synced now, done on 1 November
    page = client.get(url).get_data(as_text=True)
    assert "notitie van dag 1." in page
    assert "notitie van dag 5." not in page
    assert page.count('class="badge badge-new"') == 1
