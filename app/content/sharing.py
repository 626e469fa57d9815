"""Sharing lesson packages between installations as one zip file.

Format (also in the README): ``package.json`` plus ``media/<key>-480.webp`` and
``media/<key>-960.webp`` for every card image. The JSON document is::

    {"format": "leerplek-package", "version": 1,
     "package": {"slug", "title", "description",
                 "competences": [{"key", "name", "description", "sbb_code", "sbb_name"}],
                 "cards": [{"title", "body", "easy_body", "image", "image_alt", "published",
                            "task": {"title", "instruction", "competences": ["<key>", ...]}}]}}

A card exports what learners see (its newest published version); a card never published comes as
a draft. Importing checks everything first (marshmallow, and every photo as if uploaded) and then
creates the package in the caller's transaction: a bad or foreign file changes nothing, in the
database or in the media folder. A package whose slug exists already is not imported again, unless
the editor asks for a copy.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
import zlib
from typing import Any

from flask_babel import gettext as _
from marshmallow import Schema, ValidationError, fields, validate, validates_schema
from sqlalchemy import select

from app.content import services as content
from app.content.images import ImageError, PreparedImage, file_names, prepare_upload
from app.extensions import db
from app.input_safety import StorableString, replace_unstorable
from app.media import media_storage
from app.models import LessonPackage, Organisation, User

FORMAT = "leerplek-package"
VERSION = 1
DOCUMENT = "package.json"
MAX_ZIP_BYTES = 60 * 1024 * 1024  # uncompressed, all entries together
MAX_ENTRIES = 500
KEY = re.compile(r"^[0-9a-f]{20}$")
# A damaged, encrypted or oddly compressed entry: reported as a problem, never a crash.
ZIP_READ_ERRORS = (
    zipfile.BadZipFile,
    RuntimeError,
    NotImplementedError,
    zlib.error,
    EOFError,
    OSError,
)


class ImportProblem(ValueError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


class CompetenceSchema(Schema):
    key = StorableString(required=True, validate=validate.Length(min=1, max=40))
    name = StorableString(required=True, validate=validate.Length(min=1, max=200))
    description = StorableString(load_default="", validate=validate.Length(max=1000))
    sbb_code = StorableString(load_default=None, allow_none=True, validate=validate.Length(max=20))
    sbb_name = StorableString(load_default=None, allow_none=True, validate=validate.Length(max=200))


class TaskSchema(Schema):
    title = StorableString(load_default="", validate=validate.Length(max=200))
    instruction = StorableString(load_default="", validate=validate.Length(max=2000))
    competences = fields.List(StorableString(), load_default=list)


class CardSchema(Schema):
    title = StorableString(required=True, validate=validate.Length(min=1, max=200))
    body = StorableString(load_default="", validate=validate.Length(max=5000))
    easy_body = StorableString(load_default="", validate=validate.Length(max=5000))
    image = StorableString(load_default=None, allow_none=True, validate=validate.Regexp(KEY))
    image_alt = StorableString(
        load_default=None, allow_none=True, validate=validate.Length(max=255)
    )
    published = fields.Boolean(load_default=True)
    task = fields.Nested(TaskSchema, load_default=None, allow_none=True)


class PackageSchema(Schema):
    slug = StorableString(required=True, validate=validate.Regexp(r"^[a-z0-9-]{1,80}$"))
    title = StorableString(required=True, validate=validate.Length(min=1, max=200))
    description = StorableString(load_default="", validate=validate.Length(max=1000))
    competences = fields.List(fields.Nested(CompetenceSchema), load_default=list)
    cards = fields.List(
        fields.Nested(CardSchema), required=True, validate=validate.Length(min=1, max=100)
    )

    @validates_schema
    def _competence_keys(self, data: dict[str, Any], **kwargs: Any) -> None:
        keys = [c["key"] for c in data.get("competences", [])]
        if len(keys) != len(set(keys)):
            raise ValidationError("Competence keys must be unique.", "competences")
        for index, card in enumerate(data.get("cards", [])):
            unknown = set((card.get("task") or {}).get("competences", [])) - set(keys)
            if unknown:
                raise ValidationError(
                    f"Card {index + 1} names unknown competences: {sorted(unknown)}.", "cards"
                )


class DocumentSchema(Schema):
    format = StorableString(required=True, validate=validate.Equal(FORMAT))
    version = fields.Integer(required=True, strict=True, validate=validate.Equal(VERSION))
    package = fields.Nested(PackageSchema, required=True)


def _flatten(errors: Any, path: str = "") -> list[str]:
    """marshmallow's nested errors as lines "package.cards.0.title: message" for the editor.

    Keys come from the file (an unknown field is reported by its name), so they are made safe
    to show first.
    """
    if isinstance(errors, dict):
        lines: list[str] = []
        for key, value in errors.items():
            name = replace_unstorable(str(key))
            lines += _flatten(value, f"{path}.{name}" if path else name)
        return lines
    if isinstance(errors, list) and all(isinstance(e, str) for e in errors):
        return [f"{path}: {e}" for e in errors]
    return [f"{path}: {errors}"]


def export_document(package: LessonPackage) -> dict[str, Any]:
    competences = list(package.competences)
    keys = {c.id: f"c{index + 1}" for index, c in enumerate(competences)}
    cards = []
    for card in package.cards:
        shown = card.learner_version
        source = shown or card
        task = card.first_task
        cards.append(
            {
                "title": source.title,
                "body": source.body,
                "easy_body": source.easy_body,
                "image": source.image_path,
                "image_alt": source.image_alt,
                "published": shown is not None,
                "task": {
                    "title": task.title,
                    "instruction": task.instruction,
                    "competences": [keys[c.id] for c in task.competences if c.id in keys],
                }
                if task
                else None,
            }
        )
    return {
        "format": FORMAT,
        "version": VERSION,
        "package": {
            "slug": package.slug,
            "title": package.title,
            "description": package.description,
            "competences": [
                {
                    "key": keys[c.id],
                    "name": c.name,
                    "description": c.description,
                    "sbb_code": c.sbb_code,
                    "sbb_name": c.sbb_name,
                }
                for c in competences
            ],
            "cards": cards,
        },
    }


def export_zip(package: LessonPackage) -> bytes:
    document = export_document(package)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(DOCUMENT, json.dumps(document, ensure_ascii=False, indent=2))
        storage = media_storage()
        for card in document["package"]["cards"]:
            if card["image"]:
                for name in file_names(card["image"]):
                    data = storage.get(name)
                    if data is not None:
                        archive.writestr(f"media/{name}", data)
    return buffer.getvalue()


def _read_zip(data: bytes) -> tuple[dict[str, Any], zipfile.ZipFile]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ImportProblem([_("Dit is geen zip-bestand van Leerplek.")]) from None
    entries = archive.infolist()
    if len(entries) > MAX_ENTRIES or sum(e.file_size for e in entries) > MAX_ZIP_BYTES:
        raise ImportProblem([_("Dit bestand is te groot om te importeren.")])
    try:
        raw = archive.read(DOCUMENT)
    except KeyError:
        raise ImportProblem([_("In het zip-bestand zit geen package.json.")]) from None
    except ZIP_READ_ERRORS:
        raise ImportProblem([_("Het zip-bestand is beschadigd.")]) from None
    try:
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):  # too deeply nested
        raise ImportProblem([_("package.json is geen geldige JSON.")]) from None
    if not isinstance(document, dict):
        raise ImportProblem([_("package.json heeft niet de vorm van een Leerplek-lespakket.")])
    return document, archive


def import_zip(
    data: bytes, editor: User, owner: Organisation, as_copy: bool = False
) -> LessonPackage:
    """Check the whole file, then create the package; the caller commits.

    The photos are written last, after the flush: a refused file leaves nothing behind.
    """
    document, archive = _read_zip(data)
    try:
        loaded = DocumentSchema().load(document)
    except ValidationError as error:
        raise ImportProblem(_flatten(error.normalized_messages())) from None
    spec = loaded["package"]
    images, problems = _checked_images(spec["cards"], archive)
    exists = db.session.scalar(select(LessonPackage.id).where(LessonPackage.slug == spec["slug"]))
    if exists is not None and not as_copy:
        problems.append(
            _(
                "Dit lespakket staat er al. Kies 'Als kopie importeren' om het nog een keer toe te voegen."
            )
        )
    if problems:
        raise ImportProblem(problems)
    if exists is not None:  # a copy: its own slug, and a title no other package has
        spec = {**spec, "title": _copy_title(spec["title"])}
    slug = content.slug_for(spec["title"]) if exists is not None else spec["slug"]
    package = _create(spec, slug, images, editor, owner)
    db.session.flush()
    for image in images.values():
        image.save()
    return package


def _copy_title(title: str) -> str:
    """ "Veilig werken (kopie)", or "(kopie 2)" and on when that is taken: two packages never share
    a title in the lists editors and supervisors choose from."""
    base = title[: 200 - len(" (kopie 99999)")]
    number = 1
    while True:
        candidate = f"{base} (kopie)" if number == 1 else f"{base} (kopie {number})"
        taken = db.session.scalar(select(LessonPackage.id).where(LessonPackage.title == candidate))
        if taken is None:
            return candidate
        number += 1


def _checked_images(
    cards: list[dict[str, Any]], archive: zipfile.ZipFile
) -> tuple[dict[str, PreparedImage], list[str]]:
    """Every card photo, checked like an upload and encoded in memory (by the key in the file),
    and the problems found."""
    problems: list[str] = []
    images: dict[str, PreparedImage] = {}
    for index, card in enumerate(cards):
        key = card["image"]
        if not key:
            continue
        if not card.get("image_alt"):
            problems.append(
                _("Kaart %(number)s heeft een foto zonder beschrijving.", number=index + 1)
            )
        try:
            original = archive.read(f"media/{key}-960.webp")
        except KeyError:
            problems.append(
                _("De foto van kaart %(number)s ontbreekt in het bestand.", number=index + 1)
            )
            continue
        except ZIP_READ_ERRORS:
            problems.append(_("De foto van kaart %(number)s is beschadigd.", number=index + 1))
            continue
        try:  # images from elsewhere go through the same checks as an upload
            images[key] = prepare_upload(io.BytesIO(original))
        except ImageError as error:
            problems.append(
                _("Kaart %(number)s: %(problem)s", number=index + 1, problem=str(error))
            )
    return images, problems


def _create(
    spec: dict[str, Any],
    slug: str,
    images: dict[str, PreparedImage],
    editor: User,
    owner: Organisation,
) -> LessonPackage:
    package = content.create_package(owner, slug, spec["title"], spec["description"])
    competences = {}
    for item in spec["competences"]:
        competence = content.add_competence(package, item["name"], item["description"])
        competence.sbb_code, competence.sbb_name = item["sbb_code"], item["sbb_name"]
        competences[item["key"]] = competence
    for card_spec in spec["cards"]:
        card = content.add_card(
            package, editor, card_spec["title"], card_spec["body"], card_spec["easy_body"]
        )
        image = images.get(card_spec["image"]) if card_spec["image"] else None
        card.image_path = image.key if image else None
        card.image_alt = card_spec["image_alt"] if image else None
        task = card_spec["task"]
        if task:
            content.add_task(
                card,
                task["title"],
                task["instruction"],
                [competences[k] for k in task["competences"]],
            )
        if card_spec["published"]:
            content.publish_card(card, editor)
    return package
