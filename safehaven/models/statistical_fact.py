"""De-identified facts kept when a client is erased, so past period totals do not change.

One row per erased client, written in the erasure's transaction. It names no one and cannot be
linked back: no client id, no case number, no audit link, no date finer than a quarter, coded
fields only. Reports that count clients per period must add these rows to the live `client` rows:

- `intake_quarter` ("2026-Q1"): counts as one intake in that quarter;
- `closure_quarter` ("2026-Q3" or None if the case was still open);
- `age_group` at intake (`models.client.AGE_BANDS`, or "unknown");
- `gender`, `citizenship_category`, `trafficking_type`: the same codes as on `Client`
  (None = not collected).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from safehaven.models.base import Base, IntPk
from safehaven.models.client import AGE_BANDS, age_band

AGE_GROUPS = (*AGE_BANDS, "unknown")


class StatisticalFact(Base):
    __tablename__ = "statistical_fact"

    id: Mapped[IntPk]
    intake_quarter: Mapped[str] = mapped_column(String(7), index=True)
    closure_quarter: Mapped[str | None] = mapped_column(String(7), nullable=True)
    age_group: Mapped[str] = mapped_column(String(10))
    gender: Mapped[str | None] = mapped_column(String(40), nullable=True)
    citizenship_category: Mapped[str | None] = mapped_column(String(40), nullable=True)
    trafficking_type: Mapped[str | None] = mapped_column(String(40), nullable=True)


def quarter_of(day: dt.date) -> str:
    """`2026-Q2` for any day of April–June 2026."""
    return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"


def age_group(age: int | None) -> str:
    return age_band(age) or "unknown"


def quarter_start(quarter: str) -> dt.date:
    """The first day of `2026-Q2` (facts are placed in periods by their quarter)."""
    year, q = quarter.split("-Q")
    return dt.date(int(year), 3 * (int(q) - 1) + 1, 1)
