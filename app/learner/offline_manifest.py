"""What a learner's phone must keep for offline use, with the versions that say when to refresh.

The phone compares the card versions here with what it cached and fetches only what changed;
anything cached that is no longer listed (an unassigned package) is removed from the phone.
The phone stores the manifest itself too: the service worker reads it to tell a stale card page
from a current one, and the pages read which tasks the server has as done.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.content.images import file_names, image_bytes
from app.learner.services import assigned_packages, done_task_ids
from app.models import Card, LessonPackage, User


@dataclass(frozen=True)
class OfflineTask:
    id: int
    done: bool


@dataclass(frozen=True)
class OfflineCard:
    card: Card
    images: list[str]  # file names under /media/
    image_bytes: int
    tasks: list[OfflineTask]


@dataclass(frozen=True)
class OfflinePackage:
    package: LessonPackage
    cards: list[OfflineCard] = field(default_factory=list)


@dataclass(frozen=True)
class OfflineManifest:
    learner: User
    packages: list[OfflinePackage]

    @property
    def image_bytes(self) -> int:
        return sum(card.image_bytes for package in self.packages for card in package.cards)


def _image_size(key: str) -> int:
    return image_bytes(key)


def _offline_card(card: Card, done: set[int]) -> OfflineCard:
    """Both sizes of the image go on the phone: the browser picks one by screen density."""
    published = card.learner_version
    key = published.image_path if published else None
    return OfflineCard(
        card,
        file_names(key) if key else [],
        _image_size(key) if key else 0,
        [OfflineTask(task.id, task.id in done) for task in card.tasks],
    )


def offline_manifest(learner: User) -> OfflineManifest:
    done = done_task_ids(learner)
    return OfflineManifest(
        learner,
        [
            OfflinePackage(package, [_offline_card(card, done) for card in package.learner_cards])
            for package in assigned_packages(learner)
        ],
    )
