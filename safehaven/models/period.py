"""Fixed reporting periods: a calendar quarter (`2026-Q1`), half-year (`2026-H1`) or year (`2026`).

Exports use only these fixed, non-overlapping-by-kind periods. Free date ranges are refused on
purpose: two cumulative ranges one month apart reveal the attributes of the single client who came
in between (docs/director-guide.md, "What the protection means"). Pure code: no I/O.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

ACCEPTED_FORMS = ("2026-Q1", "2026-H1", "2026")
_PATTERN = re.compile(r"^(\d{4})(?:-(Q[1-4]|H[12]))?$")
MIN_YEAR, MAX_YEAR = 1990, 2200


class PeriodFormatError(ValueError):
    """`text` is not a fixed period; `accepted` lists the accepted forms."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text
        self.accepted = ACCEPTED_FORMS


@dataclass(frozen=True, order=True)
class Period:
    year: int
    kind: str  # "quarter" | "half" | "year"
    index: int  # 1..4 for quarters, 1..2 for halves, 1 for a year

    @property
    def id(self) -> str:
        if self.kind == "quarter":
            return f"{self.year}-Q{self.index}"
        if self.kind == "half":
            return f"{self.year}-H{self.index}"
        return f"{self.year}"

    @property
    def granularity(self) -> str:
        return {"quarter": "quarter", "half": "half-year", "year": "year"}[self.kind]

    @property
    def first_quarter(self) -> int:
        """Quarter number (1..4) of the first quarter in the period."""
        if self.kind == "quarter":
            return self.index
        if self.kind == "half":
            return 1 if self.index == 1 else 3
        return 1

    @property
    def quarter_count(self) -> int:
        return {"quarter": 1, "half": 2, "year": 4}[self.kind]

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 3 * (self.first_quarter - 1) + 1, 1)

    @property
    def end(self) -> dt.date:
        """The last day of the period (inclusive)."""
        last_quarter = self.first_quarter + self.quarter_count - 1
        if last_quarter == 4:
            return dt.date(self.year, 12, 31)
        return dt.date(self.year, 3 * last_quarter + 1, 1) - dt.timedelta(days=1)

    def quarters(self) -> tuple[tuple[int, int], ...]:
        """(year, quarter) pairs covered, in order."""
        first = self.first_quarter
        return tuple((self.year, q) for q in range(first, first + self.quarter_count))

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def overlaps(self, other: Period) -> bool:
        return self.start <= other.end and other.start <= self.end

    def __str__(self) -> str:
        return self.id


def parse_period(text: str) -> Period:
    """`2026-Q1` | `2026-H1` | `2026` → Period; anything else raises PeriodFormatError."""
    cleaned = text.strip().upper() if isinstance(text, str) else ""
    match = _PATTERN.match(cleaned)
    if not match:
        raise PeriodFormatError(str(text))
    year = int(match.group(1))
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise PeriodFormatError(str(text))
    part = match.group(2)
    if part is None:
        return Period(year, "year", 1)
    if part.startswith("Q"):
        return Period(year, "quarter", int(part[1]))
    return Period(year, "half", int(part[1]))


def quarter_of(day: dt.date) -> tuple[int, int]:
    return (day.year, (day.month - 1) // 3 + 1)


def quarter_start(year: int, quarter: int) -> dt.date:
    return dt.date(year, 3 * (quarter - 1) + 1, 1)


def periods_of_year(year: int) -> tuple[Period, ...]:
    """Every fixed period of a year: the year, its two halves and four quarters."""
    return (
        Period(year, "year", 1),
        Period(year, "half", 1),
        Period(year, "half", 2),
        *(Period(year, "quarter", q) for q in range(1, 5)),
    )
