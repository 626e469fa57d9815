"""What a learner's phone must keep for offline use, with the versions that say when to refresh.

The phone compares the card versions here with what it cached and fetches only what changed;
anything cached that is no longer listed (an unassigned package) is removed from the phone.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from app.content.images import file_names, image_bytes
from app.learner.services import assigned_packages
from app.models import Card, LessonPackage, User


@dataclass(frozen=True)
class OfflineCard:
    card: Card
    images: list[str]  # file names under /media/
    image_bytes: int


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


def _offline_card(card: Card) -> OfflineCard:
    """Both sizes of the image go on the phone: the browser picks one by screen density."""
    published = card.published
    key = published.image_path if published else None
    return OfflineCard(card, file_names(key) if key else [], _image_size(key) if key else 0)


def offline_manifest(learner: User) -> OfflineManifest:
    return OfflineManifest(
        learner,
        [
            OfflinePackage(package, [_offline_card(card) for card in package.published_cards])
            for package in assigned_packages(learner)
        ],
    )
