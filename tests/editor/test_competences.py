"""Editors link competences to SBB work processes (used in the evidence for a praktijkverklaring)."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.models import Competence, Role
from tests.conftest import Auth
from tests.factories import Demo, get


def test_editor_sets_an_sbb_work_process(
    app: Flask, demo: Demo, auth: Auth, client: FlaskClient
) -> None:
    auth.login("redacteur")
    competence = demo.competences["veilig-werken"][0]
    url = f"/editor/competences/{competence}"
    response = auth.post(
        url,
        {
            "name": "Veilig werken met pbm",
            "description": "Je draagt pbm.",
            "sbb_code": "b1-k1-w2",
            "sbb_name": "Werkt veilig",
        },
    )
    assert response.status_code == 302
    saved = get(app, Competence, competence)
    assert (saved.name, saved.sbb_code, saved.sbb_name) == (
        "Veilig werken met pbm",
        "B1-K1-W2",
        "Werkt veilig",
    )
    page = client.get(f"/editor/packages/{demo.packages['veilig-werken']}").get_data(as_text=True)
    assert "B1-K1-W2" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"sbb_code": "werkproces 2"}, "Schrijf de code zoals B1-K1-W2."),
        ({"name": ""}, "Vul een naam in."),
    ],
)
def test_bad_competence_input_gets_a_message(
    app: Flask, demo: Demo, auth: Auth, data: dict[str, str], message: str
) -> None:
    auth.login("redacteur")
    competence = demo.competences["veilig-werken"][0]
    url = f"/editor/competences/{competence}"
    response = auth.post(
        url, {"name": "X", "description": "", "sbb_code": "", "sbb_name": "", **data}
    )
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert get(app, Competence, competence).sbb_code is None


def test_editor_of_another_organisation_gets_404(demo: Demo, make_user, app: Flask) -> None:
    make_user("redacteur2", Role.EDITOR, organisation="Kringloop De Omslag")
    other = app.test_client()
    Auth(other).login("redacteur2")
    assert (
        other.get(f"/editor/competences/{demo.competences['veilig-werken'][0]}").status_code == 404
    )
    assert other.get(f"/editor/packages/{demo.packages['veilig-werken']}").status_code == 404
