"""What a learner's phone must keep for offline use, with the versions that say when to refresh.

The phone compares the card versions here with what it cached and fetches only what changed;
anything cached that is no longer listed (an unassigned package) is removed from the phone.
The phone stores the manifest itself too: the service worker reads it to tell a stale card page
from a current one, and the pages read which tasks the server has as done.

The dataclasses are the manifest as the phone reads it (plain values and URLs), so the API's
schema only dumps typed attributes and the OpenAPI document has a type for every field. Building
URLs needs a request context, as every caller (the API view) has.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for

from app.content.images import file_names, image_bytes
from app.feedback.services import feedback_ids_by_task
from app.learner.freshness import page_build
from app.learner.services import assigned_packages, done_task_ids
from app.models import Card, LessonPackage, User
from app.pwa.assets import LAZY_MODULES, asset_url


@dataclass(frozen=True)
class OfflineTask:
    id: int
    done: bool


@dataclass(frozen=True)
class OfflineCard:
    id: int
    version: int
    title: str
    url: str
    images: list[str]  # URLs under /media/
    image_bytes: int
    tasks: list[OfflineTask]
    feedback: str  # the ids of the learner's feedback on this card (the page's Card-Feedback)


@dataclass(frozen=True)
class OfflinePackage:
    id: int
    title: str
    url: str
    cards: list[OfflineCard]


@dataclass(frozen=True)
class OfflineManifest:
    user_id: int
    page_version: str
    home: str
    pages: list[str]
    assets: list[str]
    packages: list[OfflinePackage]

    @property
    def image_bytes(self) -> int:
        return sum(card.image_bytes for package in self.packages for card in package.cards)


def _offline_card(
    card: Card, done: set[int], sizes: dict[str, int], feedback: dict[int, list[int]]
) -> OfflineCard:
    """Both sizes of the image go on the phone: the browser picks one by screen density."""
    shown = card.learner_version
    if shown is None:
        raise ValueError(f"card {card.id} has no version for learners")
    key = shown.image_path
    return OfflineCard(
        id=card.id,
        version=card.version,
        title=shown.title,
        url=url_for("learner.card", card_id=card.id),
        images=[url_for("main.media", filename=name) for name in file_names(key)] if key else [],
        image_bytes=sizes.get(key, 0) if key else 0,
        tasks=[OfflineTask(task.id, task.id in done) for task in card.tasks],
        feedback=",".join(
            str(row_id)
            for row_id in sorted(i for task in card.tasks for i in feedback.get(task.id, []))
        ),
    )


def _offline_package(
    package: LessonPackage, done: set[int], sizes: dict[str, int], feedback: dict[int, list[int]]
) -> OfflinePackage:
    return OfflinePackage(
        id=package.id,
        title=package.title,
        url=url_for("learner.package", package_id=package.id),
        cards=[_offline_card(card, done, sizes, feedback) for card in package.learner_cards],
    )


def _image_sizes(packages: list[LessonPackage]) -> dict[str, int]:
    """Image bytes per key for every shown card, asked of the media storage at once."""
    keys = [
        card.learner_version.image_path
        for package in packages
        for card in package.learner_cards
        if card.learner_version is not None and card.learner_version.image_path
    ]
    return image_bytes(keys)


def offline_manifest(learner: User) -> OfflineManifest:
    done = done_task_ids(learner)
    packages = assigned_packages(learner)
    sizes = _image_sizes(packages)
    feedback = feedback_ids_by_task(learner)
    home = url_for("learner.home")
    return OfflineManifest(
        user_id=learner.id,
        page_version=page_build(),
        home=home,
        pages=[home, url_for("learner.progress")],
        assets=[asset_url(name) for name in LAZY_MODULES],
        packages=[_offline_package(package, done, sizes, feedback) for package in packages],
    )
