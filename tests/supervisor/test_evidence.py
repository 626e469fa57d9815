"""Evidence for a praktijkverklaring: the printable overview and CSV that Dutch Excel opens."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import UTC, date, datetime

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event

from app.extensions import db
from app.models import CompetenceSignoff, LessonPackage, Reflection, SignoffLevel, TaskCompletion
from tests.conftest import Auth
from tests.factories import Demo


def add_work(app: Flask, demo: Demo, note: str = "Ging goed", learner: str = "leerling1") -> None:
    with app.app_context():
        package = db.session.get(LessonPackage, demo.packages["veilig-werken"])
        competence = package.competences[0]
        competence.sbb_code, competence.sbb_name = "B1-K1-W2", "Werkt veilig"
        db.session.add(
            TaskCompletion(
                client_id=str(uuid.uuid4()),
                learner_id=demo.users[learner],
                task_id=demo.tasks["veilig-werken"][0],
                card_version=1,
                completed_at=datetime(2026, 11, 20, 9, 30, tzinfo=UTC),
                reflection=Reflection.HARD,
                note=note,
            )
        )
        db.session.add(
            CompetenceSignoff(
                learner_id=demo.users[learner],
                competence_id=competence.id,
                supervisor_id=demo.users["begeleider1"],
                level=SignoffLevel.INDEPENDENT,
                note="Zelf gedaan",
                signed_on=date(2026, 11, 21),
            )
        )
        db.session.commit()


def read_csv(body: bytes) -> list[list[str]]:
    assert body.startswith("\ufeff".encode())  # the BOM makes Excel read UTF-8
    text = body.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_overview_lists_levels_signoffs_and_tasks_with_header(
    app: Flask, demo: Demo, auth: Auth, client: FlaskClient
) -> None:
    add_work(app, demo)
    auth.login("begeleider1")
    page = client.get(f"/supervisor/learners/{demo.users['leerling1']}/overview").get_data(
        as_text=True
    )
    assert "Kringloop De Omslag" in page
    assert "Anouk de Vries" in page
    assert "20 november 2026" in page  # the period starts at the first evidence
    assert "B1-K1-W2" in page
    assert "Werkt veilig" in page
    assert "Zelfstandig" in page
    assert "Saskia Jansen" in page
    assert "Zelf gedaan" in page
    assert "Controleer je werkschoenen en handschoenen" in page
    assert "Moeilijk" in page
    assert "Handtekening" in page


def test_csv_per_learner_opens_in_dutch_excel(
    app: Flask, demo: Demo, auth: Auth, client: FlaskClient
) -> None:
    add_work(app, demo, note='Schoenen, héél goed; "zei" de baas')
    auth.login("begeleider1")
    response = client.get(f"/supervisor/learners/{demo.users['leerling1']}/export.csv")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = read_csv(response.data)
    assert rows[0][:4] == ["Soort", "Leerling", "Gebruikersnaam", "Datum"]
    task = next(row for row in rows if row[0] == "Taak gedaan")
    assert task[1] == "Anouk de Vries"
    assert task[3] == "2026-11-20 10:30"
    assert task[6] == "Moeilijk"
    assert task[7] == 'Schoenen, héél goed; "zei" de baas'
    signoff = next(row for row in rows if row[0] == "Aftekening")
    assert signoff[3] == "2026-11-21"
    assert signoff[6] == "Zelfstandig"
    assert signoff[10] == "Saskia Jansen"


def test_csv_neutralises_formulas(app: Flask, demo: Demo, auth: Auth, client: FlaskClient) -> None:
    add_work(app, demo, note='=HYPERLINK("http://evil.example","klik")')
    auth.login("begeleider1")
    rows = read_csv(client.get(f"/supervisor/learners/{demo.users['leerling1']}/export.csv").data)
    note = next(row for row in rows if row[0] == "Taak gedaan")[7]
    assert note == '\'=HYPERLINK("http://evil.example","klik")'
    for cell in ("+1", "-1", "@SUM(A1)"):
        from app.supervisor.evidence import safe_cell

        assert safe_cell(cell) == "'" + cell


def test_csv_per_organisation_has_only_own_learners(
    app: Flask, demo: Demo, auth: Auth, client: FlaskClient
) -> None:
    add_work(app, demo, learner="leerling1")
    add_work(app, demo, learner="leerling4", note="Andere organisatie")
    auth.login("begeleider1")
    rows = read_csv(client.get("/supervisor/export.csv").data)
    names = {row[1] for row in rows[1:]}
    assert names == {"Anouk de Vries"}
    assert not any("Andere organisatie" in cell for row in rows for cell in row)


def test_the_organisation_csv_is_streamed_with_a_fixed_number_of_queries(
    app: Flask, demo: Demo, auth: Auth, client: FlaskClient
) -> None:
    """Written while it is read, three queries a chunk of learners (tasks, sign-offs, photos):
    an organisation with hundreds of learners never sits whole in memory, and costs no query
    per learner."""
    for learner in ("leerling1", "leerling2", "leerling3"):
        add_work(app, demo, learner=learner)
    auth.login("begeleider1")

    def export(url: str) -> tuple[int, list[list[str]]]:
        seen: list[str] = []

        def listen(connection: object, cursor: object, statement: str, *rest: object) -> None:
            seen.append(statement)

        with app.app_context():
            engine = db.engine
        event.listen(engine, "before_cursor_execute", listen)
        try:
            response = client.get(url)
            assert response.is_streamed
            assert "Content-Length" not in response.headers
            rows = read_csv(response.data)
        finally:
            event.remove(engine, "before_cursor_execute", listen)
        evidence = [s for s in seen if "task_completion" in s or "competence_signoff" in s]
        return len(evidence), rows

    one, rows_of_one = export(f"/supervisor/learners/{demo.users['leerling1']}/export.csv")
    everyone, rows = export("/supervisor/export.csv")
    assert {row[1] for row in rows[1:]} >= {"Anouk de Vries"}
    assert len({row[1] for row in rows[1:]}) == 3
    assert len(rows) > len(rows_of_one)
    assert everyone == one == 3


def test_csv_times_are_written_as_babel_writes_them_in_summer_and_winter(app: Flask) -> None:
    """The CSV formats its times itself, for speed; they must stay the Dutch local time."""
    from datetime import UTC, datetime

    from flask_babel import format_datetime

    from app.supervisor.evidence import _Cells

    with app.test_request_context():
        cells = _Cells()
        for moment in (
            datetime(2026, 7, 1, 22, 30, tzinfo=UTC),  # summer time: 00:30 the next day
            datetime(2026, 12, 31, 23, 5, tzinfo=UTC),  # winter time: 00:05 on new year's day
            datetime(2026, 3, 29, 1, 0, tzinfo=UTC),  # the hour the clocks go forward
        ):
            assert cells.local(moment) == format_datetime(moment, "yyyy-MM-dd HH:mm")
        assert cells.local(datetime(2026, 7, 1, 22, 30, tzinfo=UTC)) == "2026-07-02 00:30"
