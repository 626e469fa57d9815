"""Hostile input to POST /api/v1/sync is refused per item or as a whole, never with a 500.

The phone's outbox (static/js/outbox-core.js) reads a 400's ``errors.completions`` by index:
those items are marked rejected and the rest is sent again. So a bad note must name its own
index and no other.
"""

from __future__ import annotations

import json

import pytest
from flask import Flask

from app.sync.schemas import MAX_BATCH, MAX_BODY_BYTES, MAX_NOTE
from tests.api.conftest import LearnerApi, completion
from tests.factories import Demo
from tests.helpers import stored_completions

UNSTORABLE_NOTES = {
    "lone high surrogate": "\ud800",
    "lone low surrogate in text": "Ging \udfff prima",
    "high surrogate without its pair": "Top \ud83d",
    "NUL": "\x00",
    "NUL in text": "Ging\x00prima",
}


@pytest.mark.parametrize("note", UNSTORABLE_NOTES.values(), ids=UNSTORABLE_NOTES.keys())
def test_an_unstorable_note_rejects_only_its_own_item(
    app: Flask, learner_api: LearnerApi, demo: Demo, note: str
) -> None:
    tasks = demo.tasks["veilig-werken"]
    good = [completion(tasks[0]), completion(tasks[2])]
    bad = completion(tasks[1], note=note)
    body = json.dumps({"completions": [good[0], bad, good[1]]})  # "\ud800" as JSON escapes it

    response = learner_api.sync(body)

    assert response.status_code == 400
    payload = response.get_json()
    assert payload["code"] == 400
    assert payload["message"] == "validation"
    assert payload["description"]
    assert list(payload["errors"]) == ["completions"]
    assert list(payload["errors"]["completions"]) == ["1"]  # only the bad item, by its index
    assert list(payload["errors"]["completions"]["1"]) == ["note"]
    [message] = payload["errors"]["completions"]["1"]["note"]
    assert "cannot be stored" in message
    assert stored_completions(app) == []

    # What the outbox does next: keep the bad item aside, send the others again.
    again = learner_api.sync({"completions": good})
    assert again.status_code == 200
    assert [r["status"] for r in again.get_json()["results"]] == ["accepted", "accepted"]
    assert sorted(row.client_id for row in stored_completions(app)) == sorted(
        item["id"] for item in good
    )


def test_an_unstorable_field_name_rejects_only_its_item(
    app: Flask, learner_api: LearnerApi, demo: Demo
) -> None:
    tasks = demo.tasks["veilig-werken"]
    bad = {**completion(tasks[1]), "\ud800\x00": "x"}
    response = learner_api.sync(json.dumps({"completions": [completion(tasks[0]), bad]}))
    assert response.status_code == 400
    assert set(response.get_json()["errors"]["completions"]) == {"1"}
    assert stored_completions(app) == []


def test_emoji_in_a_note_are_stored_whole(app: Flask, learner_api: LearnerApi, demo: Demo) -> None:
    """A surrogate pair is one character, not an unpaired surrogate: it must pass."""
    note = "Gelukt 😀👍🏽 ging prima"
    item = completion(demo.tasks["veilig-werken"][0], note=note)
    body = json.dumps({"completions": [item]})
    assert "\\ud83d\\ude00" in body  # sent as escaped surrogate pairs
    assert learner_api.sync(body).get_json()["results"][0]["status"] == "accepted"
    assert stored_completions(app)[0].note == note


def deeply_nested(levels: int) -> str:
    return '{"completions": ' + "[" * levels + "]" * levels + "}"


@pytest.mark.parametrize("levels", [10_000, 100_000])
def test_deeply_nested_json_gets_400_json(app: Flask, learner_api: LearnerApi, levels: int) -> None:
    response = learner_api.sync(deeply_nested(levels))
    assert response.status_code == 400
    assert response.is_json
    payload = response.get_json()
    assert payload["code"] == 400
    assert "_schema" in payload["errors"]


def test_a_body_larger_than_a_full_batch_gets_413_json(app: Flask, learner_api: LearnerApi) -> None:
    padding = " " * (MAX_BODY_BYTES - len('{"completions": []}') + 1)
    body = '{"completions": [' + padding + "]}"
    assert len(body.encode()) == MAX_BODY_BYTES + 1
    response = learner_api.sync(body)
    assert response.status_code == 413
    assert response.is_json
    assert set(response.get_json()) == {"code", "message", "description"}
    assert response.get_json()["code"] == 413
    assert stored_completions(app) == []


def test_a_full_batch_of_the_longest_notes_still_fits(
    app: Flask, learner_api: LearnerApi, demo: Demo
) -> None:
    """The worst a real client sends: 200 items, each note 500 emoji as escaped surrogate pairs
    (Python's json.dumps does that by default). More than 1 MiB, so the limit must be above."""
    task = demo.tasks["veilig-werken"][0]
    note = "😀" * MAX_NOTE
    items = [completion(task, note=note) for _ in range(MAX_BATCH)]
    body = json.dumps({"completions": items})
    assert 1024 * 1024 < len(body) <= MAX_BODY_BYTES

    response = learner_api.sync(body)

    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert {r["status"] for r in response.get_json()["results"]} == {"accepted"}
    rows = stored_completions(app)
    assert len(rows) == MAX_BATCH
    assert {row.note for row in rows} == {note}
