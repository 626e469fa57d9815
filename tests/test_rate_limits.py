"""Guessing passwords is slowed down per address and per account.

The per-account limit counts password tries for a username from any address (a right password
clears the count). Its message is the
same for names that do not exist, so it tells a guesser nothing about which accounts there are.
The test with two gunicorn workers sharing Redis is in tests/test_rate_limits_workers.py.
"""

from __future__ import annotations

import re

from flask import Flask

from tests.conftest import DEMO_PASSWORD, Auth
from tests.factories import Demo

LOCKED = "Te vaak een fout wachtwoord voor deze naam."


def _try(client, username: str, password: str, address: str):
    auth = Auth(client)
    token = auth.csrf("/login")
    return client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": token},
        headers={"X-Forwarded-For": address},
    )


def test_wrong_passwords_for_one_account_are_limited_from_any_address(
    demo: Demo, other_app
) -> None:
    limited: Flask = other_app(ACCOUNT_LOGIN_RATE_LIMIT="3 per minute", TRUSTED_PROXIES=1)
    client = limited.test_client()
    statuses = [_try(client, "leerling1", "fout", f"10.0.0.{i}").status_code for i in range(3)]
    assert statuses == [401, 401, 401]

    blocked = _try(client, "Leerling1 ", "fout", "10.0.1.1")  # other address, same name
    assert blocked.status_code == 429
    assert LOCKED in blocked.get_data(as_text=True)
    # Even the right password waits now: the guesser cannot find out it was right.
    right = _try(client, "leerling1", DEMO_PASSWORD, "10.0.1.2")
    assert right.status_code == 429
    assert client.get("/learner/").status_code == 302
    # Another account on the same address is not affected.
    assert _try(client, "leerling2", DEMO_PASSWORD, "10.0.0.1").status_code == 302


def test_the_account_limit_reads_the_same_for_names_that_do_not_exist(
    demo: Demo, other_app
) -> None:
    limited: Flask = other_app(ACCOUNT_LOGIN_RATE_LIMIT="2 per minute", TRUSTED_PROXIES=1)
    pages = {}
    for username in ("leerling3", "bestaat-niet"):
        client = limited.test_client()
        for i in range(2):
            assert _try(client, username, "fout", f"10.2.0.{i}").status_code == 401
        response = _try(client, username, "fout", "10.2.1.1")
        assert response.status_code == 429
        page = response.get_data(as_text=True).replace(username, "NAAM")
        pages[username] = re.sub(r'name="csrf_token"[^>]*>', "", page)
    assert LOCKED in pages["leerling3"]
    assert pages["leerling3"] == pages["bestaat-niet"]


def test_right_passwords_do_not_count_towards_the_account_limit(demo: Demo, other_app) -> None:
    limited: Flask = other_app(ACCOUNT_LOGIN_RATE_LIMIT="2 per minute", TRUSTED_PROXIES=1)
    for i in range(4):
        client = limited.test_client()
        assert _try(client, "begeleider1", DEMO_PASSWORD, f"10.3.0.{i}").status_code == 302


def test_the_address_limit_still_holds_for_many_names(demo: Demo, other_app) -> None:
    limited: Flask = other_app(LOGIN_RATE_LIMIT="4 per minute", TRUSTED_PROXIES=1)
    client = limited.test_client()
    statuses = [_try(client, f"naam{i}", "fout", "10.4.0.1").status_code for i in range(6)]
    assert statuses == [401] * 4 + [429] * 2


def test_a_device_that_logged_in_before_is_not_locked_out_by_a_stranger(
    demo: Demo, other_app
) -> None:
    limited: Flask = other_app(ACCOUNT_LOGIN_RATE_LIMIT="3 per minute", TRUSTED_PROXIES=1)
    own_phone = limited.test_client()
    assert _try(own_phone, "begeleider1", DEMO_PASSWORD, "10.5.0.1").status_code == 302
    assert own_phone.get_cookie("leerplek_device") is not None
    Auth(own_phone).logout()

    stranger = limited.test_client()
    statuses = [_try(stranger, "begeleider1", "fout", f"10.6.0.{i}").status_code for i in range(4)]
    assert statuses == [401, 401, 401, 429]
    # The supervisor's own phone still logs in; its own wrong tries count on their own.
    assert _try(own_phone, "begeleider1", DEMO_PASSWORD, "10.5.0.1").status_code == 302
    # A forged or copied-for-another-name cookie does not help the stranger.
    stranger.set_cookie("leerplek_device", "forged")
    assert _try(stranger, "begeleider1", DEMO_PASSWORD, "10.6.1.1").status_code == 429


def test_a_json_log_in_is_refused_and_counts_nowhere(demo: Demo, client, auth: Auth) -> None:
    """Flask-WTF would read a JSON body as the form; the log-in takes posted forms only."""
    token = auth.csrf("/login")
    for username in ("begeleider1", "naam\x00"):
        response = client.post(
            "/login",
            json={"username": username, "password": DEMO_PASSWORD, "csrf_token": token},
            headers={"X-CSRFToken": token},
        )
        assert response.status_code == 400
    assert client.get("/supervisor/").status_code == 302
