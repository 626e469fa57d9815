"""What a learner's phone must keep for offline use, with the versions that say when to refresh.

The phone compares the card versions here with what it cached and fetches only what changed;
anything cached that is no longer listed (an unassigned package) is removed from the phone.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app

from app.learner.services import assigned_packages
from app.models import Card, LessonPackage, User


@dataclass(frozen=True)
class OfflineCard:
    card: Card
    images: list[str]  # static paths
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


def _image_size(static_path: str) -> int:
    path = Path(current_app.static_folder or "") / static_path
    return path.stat().st_size if path.is_file() else 0


def _offline_card(card: Card) -> OfflineCard:
    published = card.published
    images = [published.image_path] if published and published.image_path else []
    return OfflineCard(card, images, sum(_image_size(image) for image in images))


def offline_manifest(learner: User) -> OfflineManifest:
    return OfflineManifest(
        learner,
        [
            OfflinePackage(package, [_offline_card(card) for card in package.published_cards])
            for package in assigned_packages(learner)
        ],
    )
