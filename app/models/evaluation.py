"""Figures of the evaluation pages, counted once and then read by every server for a while.

Counting a period's tasks across every organisation takes seconds at national size, and the
exact numbers of distinct learners that the "< 5" rule needs cannot be added up from counts
made ahead per day or week. So each set of figures (one kind, one viewer's scope, one period) is
counted when first asked for and kept here, in the database every server shares, with the time
it was counted (``app/evaluation/cache.py``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import Model
from app.models.types import UTCDateTime


class CountedFigures(Model):
    __tablename__ = "counted_figures"

    # "<scope digest>:<kind>:<digest of the period and what else was asked>"
    key: Mapped[str] = mapped_column(String(160), primary_key=True)
    counted_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    value: Mapped[str] = mapped_column(Text)  # JSON
