"""QR log-in cards: random, stored as a hash, single use, revocable, rate limited."""

from __future__ import annotations

import pytest
import segno
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app.extensions import db
from app.models import LoginToken
from tests.conftest import Auth
from tests.factories import Demo


def print_card(auth: Auth, client: FlaskClient, learner_id: int) -> str:
    """Print a card the way the supervisor does; return the log-in URL's path from the QR page."""
    response = auth.post(
        f"/supervisor/learners/{learner_id}/login-card",
        {},
        page=f"/supervisor/learners/{learner_id}",
    )
    assert response.status_code == 200
    raw = _issued[-1]  # the raw token exists only in the QR code (and here, captured)
    qr = segno.make(f"http://localhost/qr/{raw}", error="m").svg_inline(scale=4, title="Inlogcode")
    assert qr in response.get_data(as_text=True)  # the printed code opens the log-in page
    return raw


_issued: list[str] = []


@pytest.fixture(autouse=True)
def remember_raw_tokens(monkeypatch: pytest.MonkeyPatch) -> None:
    """Capture raw tokens as they are made: the database only has their hashes."""
    from app.auth import login_cards

    original = login_cards.secrets.token_urlsafe

    def capture(nbytes: int) -> str:
        raw = original(nbytes)
        _issued.append(raw)
        return raw

    monkeypatch.setattr(login_cards.secrets, "token_urlsafe", capture)
    _issued.clear()


def _tokens(app: Flask) -> list[LoginToken]:
    with app.app_context():
        rows = list(db.session.scalars(select(LoginToken).order_by(LoginToken.id)))
        db.session.expunge_all()
        return rows


def test_card_logs_the_learner_in_once_and_keeps_them_logged_in(
    app: Flask, demo: Demo, auth: Auth, client: FlaskClient
) -> None:
    auth.login("begeleider1")
    raw = print_card(auth, client, demo.users["leerling2"])
    [token] = _tokens(app)
    assert raw not in token.token_hash
    assert len(token.token_hash) == 64
    assert len(raw) >= 40

    phone = app.test_client()
    landing = phone.get(f"/qr/{raw}")
    assert landing.status_code == 200
    assert "Hoi Dennis!" in landing.get_data(as_text=True)
    assert landing.headers["Cache-Control"] == "private, no-store"  # it shows the name
    assert _tokens(app)[0].used_at is None  # opening the link spends nothing
    response = Auth(phone).post(f"/qr/{raw}", {}, page=f"/qr/{raw}")
    assert response.headers["Location"] == "/learner/"
    assert any(c.startswith("remember_token=") for c in response.headers.getlist("Set-Cookie"))
    assert phone.get("/learner/").status_code == 200
    assert phone.get("/supervisor/").status_code == 403  # the card gives no other rights

    again = app.test_client()
    page = again.get(f"/qr/{raw}")
    assert page.status_code == 410
    assert "Deze inlogkaart is al gebruikt." in page.get_data(as_text=True)


def test_a_new_card_revokes_the_old_one_and_withdrawing_works(
    app: Flask, demo: Demo, auth: Auth, client: FlaskClient
) -> None:
    auth.login("begeleider1")
    learner = demo.users["leerling2"]
    old = print_card(auth, client, learner)
    new = print_card(auth, client, learner)
    phone = app.test_client()
    assert phone.get(f"/qr/{old}").status_code == 410
    assert "werkt niet meer" in phone.get(f"/qr/{old}").get_data(as_text=True)
    assert phone.get(f"/qr/{new}").status_code == 200

    logged_in = app.test_client()  # the phone that used the newest card, later lost
    Auth(logged_in).post(f"/qr/{new}", {}, page=f"/qr/{new}")
    assert logged_in.get("/learner/").status_code == 200
    newest = print_card(auth, client, learner)
    assert logged_in.get("/learner/").status_code == 200  # printing a card keeps phones logged in

    url = f"/supervisor/learners/{learner}"
    page = auth.post(f"{url}/login-card/revoke", {}, page=url, follow_redirects=True)
    assert "werkt niet meer" in page.get_data(as_text=True)
    assert logged_in.get("/learner/").status_code == 302  # "Kaart intrekken" ends its log-in
    new = newest
    assert phone.get(f"/qr/{new}").status_code == 410
    response = Auth(phone).post(f"/qr/{new}", {}, page="/login")
    assert response.status_code == 410
    assert phone.get("/learner/").status_code == 302


def test_unknown_token_gets_a_plain_message(client: FlaskClient) -> None:
    response = client.get("/qr/verzonnen-code")
    assert response.status_code == 404
    assert "Deze inlogkaart kennen we niet." in response.get_data(as_text=True)


def test_cards_for_all_learners_of_the_own_organisation(
    app: Flask, demo: Demo, auth: Auth, client: FlaskClient
) -> None:
    auth.login("begeleider1")
    page = auth.post("/supervisor/login-cards", {}, page="/supervisor/").get_data(as_text=True)
    assert page.count('class="login-card"') == 3
    for name in ("Anouk de Vries", "Dennis Bakker", "Fatima Ouali"):
        assert name in page
    assert "Kees Visser" not in page
    assert {row.learner_id for row in _tokens(app)} == {
        demo.users[f"leerling{i}"] for i in (1, 2, 3)
    }


def test_guessing_tokens_is_rate_limited(demo: Demo, other_app) -> None:
    limited = other_app(QR_RATE_LIMIT="5 per minute")
    client = limited.test_client()
    statuses = [client.get(f"/qr/poging-{i}").status_code for i in range(7)]
    assert statuses[:5] == [404] * 5
    assert statuses[5:] == [429, 429]
    assert "Te veel pogingen" in client.get("/qr/nog-een").get_data(as_text=True)


def test_behind_a_tls_proxy_the_card_prints_an_https_link(demo: Demo, other_app) -> None:
    proxied = other_app(TRUSTED_PROXIES=1)
    client = proxied.test_client()
    auth = Auth(client)
    auth.login("begeleider1")
    url = f"/supervisor/learners/{demo.users['leerling2']}"
    token = auth.csrf(url)
    response = client.post(
        f"{url}/login-card",
        data={"csrf_token": token},
        headers={
            "X-Forwarded-Proto": "https",
            "X-Forwarded-Host": "leerplek.example",
            "X-Forwarded-For": "10.1.2.3",
            "Referer": f"https://leerplek.example{url}",  # Flask-WTF checks it on https
        },
    )
    assert 'data-url="https://leerplek.example/qr/' in response.get_data(as_text=True)


def test_switching_the_account_off_withdraws_an_unused_card(
    app: Flask, demo: Demo, auth: Auth, client: FlaskClient
) -> None:
    """Else a lost card would work again once the account is switched on again."""
    auth.login("begeleider1")
    raw = print_card(auth, client, demo.users["leerling2"])
    admin = Auth(app.test_client())
    admin.login("beheer")
    user_page = f"/admin/users/{demo.users['leerling2']}"
    admin.post(f"{user_page}/active", {"active": "0"}, page=user_page)
    admin.post(f"{user_page}/active", {"active": "1"}, page=user_page)
    assert app.test_client().get(f"/qr/{raw}").status_code == 410
