"""Every number on the evaluation pages, checked against a small pilot whose answers are known:
two enterprises use the school's package "Afval scheiden" from 1 September 2026."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from app.evaluation.figures import card_counts, card_figures
from app.evaluation.tables import (
    card_table,
    hard_cards,
    organisation_table,
    package_table,
    week_table,
)
from app.extensions import db
from app.models import LessonPackage
from tests.conftest import Auth
from tests.evaluation.conftest import PASSWORD, PERIOD, QUERY, Pilot, as_user, texts

#            assigned started tasks good  share  ok   share  hard  share  notes  first  independent
ALL = ["8", "6", "10", "3", "30%", "2", "20%", "5", "50%", "2", "2,5", "< 5"]
KRINGLOOP = ["6", "5", "8", "3", "38%", "2", "25%", "3", "38%", "2", "3,0", "< 5"]
KRINGLOOP_OWN = ["6", "5", "8", "3", "38%", "2", "25%", "3", "38%", "2", "3,0", "15,0"]
HIDDEN = ["< 5"] * 12


def test_across_organisations_small_numbers_are_hidden(app: Flask, pilot: Pilot) -> None:
    context, scope = as_user(app, pilot, "docent")
    try:
        assert texts(package_table(scope, PERIOD)) == {"Afval scheiden": ALL}
        package = db.session.get(LessonPackage, pilot.package_id)
        assert texts(organisation_table(scope, PERIOD, package)) == {
            "Groen Test": HIDDEN,  # 2 learners: nobody may be recognisable
            # hidden too, or the total minus Kringloop would give Groen Test's numbers back
            "Kringloop Test": HIDDEN,
            "Alle organisaties samen": ALL,
        }
        cards = texts(card_table(scope, PERIOD, package))
        assert cards["Glas en blik"] == ["8"] + ["< 5"] * 11  # done by 2 learners
        # Done by 6 learners, but hidden too: the package's tasks minus this card's would give
        # "Glas en blik" back. ("Met het pakket" is the package's own number on every row.)
        assert cards["Welke bak?"] == ["8"] + ["< 5"] * 11
    finally:
        context.pop()


def test_a_supervisor_sees_the_own_organisation_exactly(app: Flask, pilot: Pilot) -> None:
    context, scope = as_user(app, pilot, "coach_a")
    try:
        assert texts(package_table(scope, PERIOD)) == {"Afval scheiden": KRINGLOOP_OWN}
        package = db.session.get(LessonPackage, pilot.package_id)
        assert texts(organisation_table(scope, PERIOD, package)) == {
            "Kringloop Test": KRINGLOOP_OWN
        }
        assert texts(card_table(scope, PERIOD, package)) == {
            "Welke bak?": ["6", "5", "6", "3", "50%", "2", "33%", "1", "17%", "2", "–", "–"],
            "Glas en blik": ["6", "2", "2", "0", "0%", "0", "0%", "2", "100%", "0", "–", "–"],
        }
    finally:
        context.pop()


def test_the_tables_leave_the_figures_they_share_alone(app: Flask, pilot: Pilot) -> None:
    """The figures of a page are counted once and shared by its tables (and kept between
    requests): the card table writes the package's "met het pakket" on copies."""
    context, scope = as_user(app, pilot, "coach_a")
    try:
        package = db.session.get(LessonPackage, pilot.package_id)
        assert texts(card_table(scope, PERIOD, package))["Glas en blik"][0] == "6"
        assert {
            figures.assigned for figures in card_counts(scope, PERIOD, package.id).values()
        } == {0}
        assert {row.figures.assigned for row in card_figures(scope, PERIOD, package.id)} == {0}
    finally:
        context.pop()


def test_hard_cards_rank_by_share_and_compare_versions(app: Flask, pilot: Pilot) -> None:
    context, scope = as_user(app, pilot, "coach_a")
    try:
        ranking = hard_cards(scope, PERIOD)
        assert [(card.title, card.hard_share.text) for card in ranking] == [
            ("Glas en blik", "100%"),
            ("Welke bak?", "17%"),
        ]
        versions = [(v, tasks.text, share.text) for v, tasks, share in ranking[1].versions]
        assert versions == [(1, "3", "0%"), (2, "3", "33%")]  # the rewrite did not help yet
        assert ranking[0].edit_url is None  # a supervisor does not edit cards
    finally:
        context.pop()
    context, scope = as_user(app, pilot, "docent")
    try:
        ranking = hard_cards(scope, PERIOD)
        # "Glas en blik" rests on 2 learners: left out across organisations.
        assert [(card.title, card.hard_share.text) for card in ranking] == [("Welke bak?", "38%")]
        assert ranking[0].edit_url == f"/editor/cards/{pilot.cards[0]}"
        assert ranking[0].verdict == "good"
        assert [v for v, _tasks, _share in ranking[0].versions] == [1, 2]
    finally:
        context.pop()


def test_tasks_per_week_include_empty_weeks_and_hide_few_learners(app: Flask, pilot: Pilot) -> None:
    context, scope = as_user(app, pilot, "docent")
    try:
        weeks = texts(week_table(scope, PERIOD))
        assert weeks["2026-09-07"] == ["< 5"]  # 3 tasks by 3 learners: not across organisations
        # 7 tasks by 6 learners, hidden as well: the weeks add up to the package's tasks, shown
        # beside them, which minus this week would give the small week back
        assert weeks["2026-08-31"] == ["< 5"]
        assert weeks["2026-10-26"] == ["0"]
        assert len(weeks) == 9
    finally:
        context.pop()
    context, scope = as_user(app, pilot, "coach_a")
    try:
        weeks = texts(week_table(scope, PERIOD))
        assert (weeks["2026-08-31"], weeks["2026-09-07"]) == (["5"], ["3"])  # own: exact
        assert sum(int(value[0]) for value in weeks.values()) == 8  # not the one in November
    finally:
        context.pop()


def test_the_pages_and_csvs_show_the_same_numbers_to_whom_may_see_them(
    app: Flask, pilot: Pilot, client: FlaskClient, auth: Auth
) -> None:
    auth.login("docent", PASSWORD)
    page = client.get("/evaluatie/" + QUERY).get_data(as_text=True)
    assert "Afval scheiden" in page
    assert "Welke bak?" in page
    assert "Fijn" not in page
    assert "Lastig" not in page
    csv = client.get(f"/evaluatie/pakketten/{pilot.package_id}/organisaties.csv" + QUERY)
    assert csv.headers["Content-Type"].startswith("text/csv")
    lines = csv.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert lines[0].startswith("Organisatie;Leerlingen met het pakket;")
    assert lines[1] == "Groen Test;" + ";".join(HIDDEN)
    assert lines[2] == "Kringloop Test;" + ";".join(HIDDEN)
    assert lines[3] == "Alle organisaties samen;" + ";".join(ALL)
    assert client.get(f"/evaluatie/pakketten/{pilot.package_id}" + QUERY).status_code == 200
    auth.logout()

    auth.login("coach_b", PASSWORD)
    own = client.get(f"/evaluatie/pakketten/{pilot.package_id}/organisaties.csv" + QUERY)
    lines = own.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert [line.split(";")[0] for line in lines[1:]] == ["Groen Test"]
    assert lines[1].split(";")[1:4] == ["2", "1", "2"]  # exact in the own organisation
    auth.logout()

    auth.login("a1", PASSWORD)
    assert client.get("/evaluatie/" + QUERY).status_code == 403


def test_a_period_that_makes_no_sense_says_so(
    app: Flask, pilot: Pilot, client: FlaskClient, auth: Auth
) -> None:
    auth.login("docent", PASSWORD)
    for query in (
        "?van=2026-10-31&tot=2026-09-01",
        "?van=gisteren&tot=",
        "?van=1900-01-01&tot=2026-01-01",
    ):
        response = client.get("/evaluatie/" + query)
        assert response.status_code == 200
        assert 'role="alert"' in response.get_data(as_text=True)
    assert client.get("/evaluatie/onbekend.csv" + QUERY).status_code == 404
    assert client.get("/evaluatie/pakketten/999999" + QUERY).status_code == 404
