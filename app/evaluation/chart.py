"""Tasks per week as a bar chart in server-rendered SVG: no chart library, no script. The page
shows the same numbers in a table right below it (for screen readers and for copying), so the
chart itself is one image with a title and a short description."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

WIDTH = 640
HEIGHT = 200
AXIS = 28  # room below the bars for the week labels
TOP = 16  # room above the highest bar for its number


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    count: int | None  # None: hidden ("< 5" across organisations), drawn without a bar
    label: str  # the week, e.g. "3-11"
    show_label: bool  # every week's label would overlap on a long period


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    baseline: float
    bars: list[Bar]
    highest: int


def week_chart(weeks: list[tuple[date, int | None]]) -> Chart:
    highest = max((count for _monday, count in weeks if count is not None), default=0)
    slot = WIDTH / max(len(weeks), 1)
    baseline = HEIGHT - AXIS
    room = baseline - TOP
    label_every = max(1, round(len(weeks) / 12))
    bars = []
    for index, (monday, count) in enumerate(weeks):
        height = room * count / highest if highest and count is not None else 0
        bars.append(
            Bar(
                x=round(index * slot + slot * 0.15, 1),
                y=round(baseline - height, 1),
                width=round(slot * 0.7, 1),
                height=round(height, 1),
                count=count,
                label=f"{monday.day}-{monday.month}",
                show_label=index % label_every == 0,
            )
        )
    return Chart(WIDTH, HEIGHT, baseline, bars, highest)
