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
    task_id = demo.tasks["veilig-werken"][0]
    with app.app_context():
        db.session.add(
            TaskCompletion(
                client_id=str(uuid.uuid4()),
                learner_id=demo.users["leerling1"],
                task_id=task_id,
                card_version=1,
                completed_at=datetime(2026, 11, 26, 8, 15, tzinfo=UTC),
                reflection=Reflection.GOOD,
                note="Mijn linker schoen is kapot.",
            )
        )
        db.session.commit()

    auth.login("begeleider1")
    home = client.get("/supervisor/").get_data(as_text=True)
    assert "1 taak gedaan" in home
    page = client.get(f"/supervisor/learners/{demo.users['leerling1']}").get_data(as_text=True)
    assert "Controleer je werkschoenen en handschoenen" in page
    assert "Mijn linker schoen is kapot." in page
    assert "26-11-2026, 09:15" in page  # 08:15 UTC is 09:15 in Amsterdam
    assert f"1 van {len(demo.tasks['veilig-werken'])} taken gedaan" in page
