"""The evaluation's tables, as the page and the CSV show them: the same rows, the same words.

Every number goes through ``Shown``: across organisations a number resting on fewer than five
learners becomes "< 5" (also a zero: "0 of 3 learners started" tells who did not start), and
shares and medians are written the Dutch way ("40%", "3,5"). A share or median of nothing (no
task, nobody got there) is "–".
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, TypeVar

from babel import Locale
from babel.numbers import format_decimal, format_percent
from flask import url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from app.evaluation.figures import (
    MIN_LEARNERS,
    Cell,
    Figures,
    Period,
    Scope,
    card_counts,
    card_figures,
    organisation_names,
    package_figures,
    total,
    version_figures,
    weekly_tasks,
)
from app.extensions import db
from app.models import Card, CardVersion, LessonPackage
from app.permissions import can_edit_package
from app.readability.measures import Report, analyse
from app.supervisor.evidence import safe_cell

HIDDEN = "< 5"

# The columns of a figures row: (key in Figures.cells(), heading, kind of number).
FIGURE_COLUMNS = [
    ("assigned", _l("Leerlingen met het pakket"), "count"),
    ("started", _l("Leerlingen begonnen"), "count"),
    ("tasks", _l("Taken gedaan"), "count"),
    ("good", _l("Goed"), "count"),
    ("good_share", _l("Goed (deel)"), "share"),
    ("ok", _l("Ging wel"), "count"),
    ("ok_share", _l("Ging wel (deel)"), "share"),
    ("hard", _l("Moeilijk"), "count"),
    ("hard_share", _l("Moeilijk (deel)"), "share"),
    ("notes", _l("Notities"), "count"),
    ("days_to_first_task", _l("Dagen tot eerste taak (mediaan)"), "days"),
    ("days_to_independent", _l("Dagen tot zelfstandig (mediaan)"), "days"),
]


@dataclass(frozen=True)
class Shown:
    text: str
    hidden: bool = False  # "< 5": too few learners to show across organisations


def shown(cell: Cell, kind: str, scope: Scope, locale: Locale | None = None) -> Shown:
    if cell.value is None:  # nothing to show: no task, no median
        return Shown("–")
    if scope.across_organisations and cell.learners < MIN_LEARNERS:
        return Shown(HIDDEN, hidden=True)
    if kind == "share":
        return Shown(format_percent(cell.value, locale=locale or get_locale()))
    if kind == "days":
        return Shown(format_decimal(cell.value, format="#,##0.0", locale=locale or get_locale()))
    return Shown(str(cell.value))  # a count


def figure_cells(figures: Figures, scope: Scope) -> list[Shown]:
    cells = figures.cells()
    locale = get_locale()
    return [shown(cells[key], kind, scope, locale) for key, _heading, kind in FIGURE_COLUMNS]


K = TypeVar("K")


def hidden_rows(bases: dict[K, int], scope: Scope) -> set[K]:
    """The rows of a table whose numbers add up to a total shown elsewhere (organisations to the
    package's, cards and weeks to the package's tasks, versions to the card's) that are hidden
    across organisations: those resting on 1 to 4 learners (``bases``), and, when there are any,
    the smallest row resting on 5 or more too. Otherwise the total minus the rows shown would
    give the hidden numbers back; now it gives at most a sum resting on 5 learners or more."""
    if not scope.across_organisations:
        return set()
    hidden = {key for key, base in bases.items() if 0 < base < MIN_LEARNERS}
    others = [key for key, base in bases.items() if key not in hidden and base >= MIN_LEARNERS]
    if hidden and others:
        hidden.add(min(others, key=lambda key: bases[key]))
    return hidden


def all_hidden(count: int) -> list[Shown]:
    return [Shown(HIDDEN, hidden=True)] * count


@dataclass(frozen=True)
class Row:
    """One line of a table: its name cells, then its numbers."""

    names: list[str]
    cells: list[Shown]
    link: str | None = None


@dataclass(frozen=True)
class Table:
    key: str  # its CSV's name
    title: str
    headings: list[str]
    rows: list[Row]


def _figure_headings(*names: str) -> list[str]:
    return [*names, *(str(heading) for _key, heading, _kind in FIGURE_COLUMNS)]


def package_titles(scope: Scope) -> list[tuple[int, str]]:
    """(id, title) of the packages in scope, by title: plain columns, no ORM objects (the
    national overview lists a hundred)."""
    rows = db.session.execute(
        select(LessonPackage.id, LessonPackage.title)
        .where(LessonPackage.id.in_(scope.package_ids()))
        .order_by(LessonPackage.title)
    )
    return [(package_id, title) for package_id, title in rows]


def package_table(scope: Scope, period: Period) -> Table:
    """Per package, all organisations in scope together."""
    by_package: dict[int, list[Figures]] = defaultdict(list)
    for (package_id, _organisation_id), value in package_figures(scope, period).items():
        by_package[package_id].append(value)
    rows = []
    for package_id, title in package_titles(scope):
        summed = total(by_package[package_id])
        rows.append(
            Row(
                [title],
                figure_cells(summed, scope),
                url_for("evaluation.package", package_id=package_id, **period_args(period)),
            )
        )
    return Table(
        "pakketten", str(_l("Per lespakket")), _figure_headings(str(_l("Lespakket"))), rows
    )


def organisation_table(scope: Scope, period: Period, package: LessonPackage) -> Table:
    """One package, per organisation."""
    figures = {
        organisation_id: value
        for (_package_id, organisation_id), value in package_figures(
            scope, period, package.id
        ).items()
    }
    names = organisation_names(figures)
    # A row is either shown whole or hidden whole: "met het pakket" and "begonnen" rest on
    # different numbers of learners, and either may be the small one.
    hidden = hidden_rows(
        {
            key: min(f.assigned, f.started) if f.started else f.assigned
            for key, f in figures.items()
        },
        scope,
    )
    rows = [
        Row(
            [names[organisation_id]],
            all_hidden(len(FIGURE_COLUMNS))
            if organisation_id in hidden
            else figure_cells(figures[organisation_id], scope),
        )
        for organisation_id in sorted(figures, key=lambda key: names[key])
    ]
    if len(rows) > 1:
        rows.append(
            Row([str(_l("Alle organisaties samen"))], figure_cells(total(figures.values()), scope))
        )
    return Table(
        "organisaties", str(_l("Per organisatie")), _figure_headings(str(_l("Organisatie"))), rows
    )


def card_table(scope: Scope, period: Period, package: LessonPackage) -> Table:
    """Per card: its tasks and reflections; "learners with the package" is the package's (a
    card is not assigned by itself), the medians are the package's only."""
    assigned = total(package_figures(scope, period, package.id).values()).assigned
    # Copies: the figures are shared by the page's tables (and kept, cache.py).
    cards = [
        replace(card, figures=replace(card.figures, assigned=assigned))
        for card in card_figures(scope, period, package.id)
    ]
    hidden = hidden_rows({card.card_id: card.figures.started for card in cards}, scope)
    rows = [
        Row(
            [str(card.position), card.title],
            # the package's "met het pakket" stays: it is shown beside every card alike
            figure_cells(card.figures, scope)[:1] + all_hidden(len(FIGURE_COLUMNS) - 1)
            if card.card_id in hidden
            else figure_cells(card.figures, scope),
            url_for("editor.card", card_id=card.card_id)
            if can_edit_package(scope.viewer, package)
            else None,
        )
        for card in cards
    ]
    headings = _figure_headings(str(_l("Nr.")), str(_l("Kaart")))
    return Table("kaarten", str(_l("Per kaart")), headings, rows)


@dataclass(frozen=True)
class HardCard:
    """A card learners find hard, with the readability of what they read and, after a rewrite,
    the reflections on the version before next to those on the newest."""

    card_id: int
    title: str
    package_title: str
    tasks: Shown
    hard_share: Shown
    verdict: str  # good, warn or hard: of the card's normal text
    easy_verdict: str
    long_sentences: int
    versions: list[tuple[int, Shown, Shown]]  # (version, tasks, share "moeilijk"), oldest first
    edit_url: str | None


# The ranking shows the hardest cards only: an editor acts on the top, and each card shown is
# measured for readability.
HARD_CARDS_SHOWN = 20


@lru_cache(maxsize=4096)
def _verdicts(body: str, easy_body: str) -> tuple[Report, Report]:
    """The readability of what learners read, measured once per text and process."""
    return analyse(body, "normal"), analyse(easy_body, "easy")


def _published_texts(card_ids: list[int]) -> dict[int, tuple[str, str]]:
    """The text and easy text of each card's newest published version (one query)."""
    newest = (
        select(CardVersion.card_id, func.max(CardVersion.version).label("version"))
        .where(CardVersion.card_id.in_(card_ids))
        .group_by(CardVersion.card_id)
        .subquery()
    )
    rows = db.session.execute(
        select(CardVersion.card_id, CardVersion.body, CardVersion.easy_body).join(
            newest,
            (newest.c.card_id == CardVersion.card_id) & (newest.c.version == CardVersion.version),
        )
    )
    return {card_id: (body, easy_body) for card_id, body, easy_body in rows}


def hard_cards(scope: Scope, period: Period, package_id: int | None = None) -> list[HardCard]:
    """The ``HARD_CARDS_SHOWN`` cards with tasks done in the period with the largest share of
    "moeilijk". A card whose share rests on fewer than five learners is left out across
    organisations (it would say nothing but "< 5")."""

    def share(item: tuple[int, Figures]) -> float:
        return item[1].hard / item[1].tasks

    candidates = [
        (card_id, figures)
        for card_id, figures in card_counts(scope, period, package_id).items()
        if figures.tasks and (not scope.across_organisations or figures.started >= MIN_LEARNERS)
    ]
    candidates.sort(key=share, reverse=True)
    if len(candidates) > HARD_CARDS_SHOWN:
        # Only the cards up to the last place, and those that share its share: ties are ranked
        # by title, read for these cards only (not for every card of every package).
        last = share(candidates[HARD_CARDS_SHOWN - 1])
        candidates = [item for item in candidates if share(item) >= last]
    cards = {
        card.id: card
        # with its package: the title and who may edit it are shown beside every card
        for card in db.session.scalars(
            select(Card)
            .options(joinedload(Card.package))
            .where(Card.id.in_([card_id for card_id, _figures in candidates]))
        )
    }
    candidates.sort(key=lambda item: (-share(item), cards[item[0]].title))
    ranked = candidates[:HARD_CARDS_SHOWN]
    card_ids = [card_id for card_id, _figures in ranked]
    texts = _published_texts(card_ids)
    versions = version_figures(scope, period, card_ids)
    found = []
    for card_id, figures in ranked:
        card = cards[card_id]
        normal, easy = _verdicts(*texts.get(card.id, ("", "")))
        cells = figures.cells()
        found.append(
            HardCard(
                card_id=card.id,
                title=card.title,
                package_title=card.package.title,
                tasks=shown(cells["tasks"], "count", scope),
                hard_share=shown(cells["hard_share"], "share", scope),
                verdict=normal.verdict,
                easy_verdict=easy.verdict,
                long_sentences=len(normal.long_sentences) + len(easy.long_sentences),
                versions=_version_rows(versions.get(card.id, {}), scope),
                edit_url=url_for("editor.card", card_id=card.id)
                if can_edit_package(scope.viewer, card.package)
                else None,
            )
        )
    return found


def _version_rows(versions: dict[int, Figures], scope: Scope) -> list[tuple[int, Shown, Shown]]:
    """Per version: tasks and the share "moeilijk" (the versions add up to the card's tasks)."""
    hidden = hidden_rows({version: f.started for version, f in versions.items()}, scope)
    rows: list[tuple[int, Shown, Shown]] = []
    for version, figures in sorted(versions.items()):
        cells = figures.cells()
        if version in hidden:
            rows.append((version, Shown(HIDDEN, hidden=True), Shown(HIDDEN, hidden=True)))
        else:
            tasks = shown(cells["tasks"], "count", scope)
            rows.append((version, tasks, shown(cells["hard_share"], "share", scope)))
    return rows


def hard_card_table(cards: list[HardCard]) -> Table:
    """The ranking as a table, for its CSV."""
    headings = [
        str(_l("Kaart")),
        str(_l("Lespakket")),
        str(_l("Taken gedaan")),
        str(_l("Moeilijk (deel)")),
        str(_l("Leesbaarheid")),
        str(_l("Makkelijk lezen")),
        str(_l("Per versie: moeilijk (deel)")),
    ]
    verdicts = verdict_words()
    rows = [
        Row(
            [card.title, card.package_title],
            [
                card.tasks,
                card.hard_share,
                Shown(verdicts[card.verdict]),
                Shown(verdicts[card.easy_verdict]),
                Shown(
                    ", ".join(
                        f"{_l('versie')} {version}: {share.text}"
                        for version, _tasks, share in card.versions
                    )
                ),
            ],
        )
        for card in cards
    ]
    return Table(
        "moeilijke-kaarten", str(_l("Kaarten die leerlingen moeilijk vinden")), headings, rows
    )


def verdict_words() -> dict[str, str]:
    return {
        "good": str(_l("Goed te lezen")),
        "warn": str(_l("Let op")),
        "hard": str(_l("Te moeilijk")),
    }


def week_table(scope: Scope, period: Period, package_id: int | None = None) -> Table:
    """Tasks per week; across organisations a week of fewer than 5 learners is "< 5" (an empty
    week is 0: nobody did anything)."""
    weeks = weekly_tasks(scope, period, package_id)
    hidden = hidden_rows({week.monday: week.learners for week in weeks}, scope)
    rows = [
        Row(
            [week.monday.isoformat()],
            [Shown(HIDDEN, hidden=True) if week.monday in hidden else Shown(str(week.tasks))],
        )
        for week in weeks
    ]
    return Table(
        "weken",
        str(_l("Taken per week")),
        [str(_l("Week vanaf maandag")), str(_l("Taken gedaan"))],
        rows,
    )


def overview(scope: Scope, period: Period) -> tuple[Table, list[HardCard], Table]:
    """The home page's tables: per package, the hard cards, the weeks."""
    return package_table(scope, period), hard_cards(scope, period), week_table(scope, period)


def period_args(period: Period) -> dict[str, Any]:
    return {"van": period.first.isoformat(), "tot": period.last.isoformat()}


def csv_text(table: Table) -> str:
    """UTF-8 with a byte order mark and semicolons: what Dutch Excel opens correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([safe_cell(heading) for heading in table.headings])
    for row in table.rows:
        writer.writerow(
            [safe_cell(name) for name in row.names] + [safe_cell(cell.text) for cell in row.cells]
        )
    return "\ufeff" + buffer.getvalue()
