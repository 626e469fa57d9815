"""Which text a card shows: the learner's published version, the editor's draft, the history."""

from __future__ import annotations

import pytest

from app.content.rendering import (
    CardView,
    TaskView,
    draft_view,
    history_view,
    learner_view,
    task_view,
)
from app.models import Card, CardVersion, PracticeTask


def _card(*, kept_title: str | None, kept_instruction: str | None) -> Card:
    """A card published once with its first task kept as ``kept_*``, then edited as a draft."""
    card = Card(
        id=7,
        title="Schoenen (concept)",
        body="Nieuwe tekst.",
        easy_body="Nieuw, makkelijk.",
        image_path=None,
        image_alt=None,
        version=1,
    )
    card.tasks = [
        PracticeTask(id=1, title="Opdracht in concept", instruction="Uitleg in concept."),
        PracticeTask(id=2, title="Tweede opdracht", instruction="Doe het twee keer."),
    ]
    card.versions = [
        CardVersion(
            version=1,
            title="Schoenen",
            body="Draag je schoenen.",
            easy_body="Schoenen aan.",
            image_path="ab/cd",
            image_alt="Twee schoenen",
            task_title=kept_title,
            task_instruction=kept_instruction,
        )
    ]
    return card


def test_a_learner_reads_the_first_task_as_it_was_published() -> None:
    card = _card(kept_title="Trek je schoenen aan", kept_instruction="Voor je begint.")
    assert learner_view(card) == CardView(
        "Schoenen",
        "Draag je schoenen.",
        "Schoenen aan.",
        "ab/cd",
        "Twee schoenen",
        1,
        (
            TaskView(1, "Trek je schoenen aan", "Voor je begint."),
            TaskView(2, "Tweede opdracht", "Doe het twee keer."),  # never kept: as it is now
        ),
    )


@pytest.mark.parametrize(
    ("kept_title", "kept_instruction", "shown"),
    [
        (None, None, TaskView(1, "Opdracht in concept", "Uitleg in concept.")),  # an old version
        ("", "", TaskView(1, "", "")),  # kept empty: empty is what was published
        ("Oud", None, TaskView(1, "Oud", "Uitleg in concept.")),
    ],
)
def test_what_a_version_kept_of_its_first_task_wins_over_the_draft(
    kept_title: str | None, kept_instruction: str | None, shown: TaskView
) -> None:
    card = _card(kept_title=kept_title, kept_instruction=kept_instruction)
    assert learner_view(card).tasks[0] == shown
    assert task_view(card.tasks[0], card.versions[0]) == shown


def test_the_preview_shows_the_draft_and_the_history_the_frozen_text() -> None:
    card = _card(kept_title="Trek je schoenen aan", kept_instruction="Voor je begint.")
    draft = draft_view(card)
    assert (draft.title, draft.body, draft.easy_body, draft.version) == (
        "Schoenen (concept)",
        "Nieuwe tekst.",
        "Nieuw, makkelijk.",
        None,
    )
    assert [task.title for task in draft.tasks] == ["Opdracht in concept", "Tweede opdracht"]
    history = history_view(card.versions[0])
    assert (history.title, history.body, history.version, history.tasks) == (
        "Schoenen",
        "Draag je schoenen.",
        1,
        (),
    )


def test_a_card_never_published_has_no_learner_view() -> None:
    card = _card(kept_title=None, kept_instruction=None)
    card.versions = []
    with pytest.raises(ValueError, match="never published"):
        learner_view(card)
