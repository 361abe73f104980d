"""Pure rules and code lists of employment placement. No I/O, no Qt.

The domain is described in docs/reunification-and-employment.md.

Stable codes (reports read these; do not rename):
- sectors (`SECTORS`): ISIC rev.4 sections ``isic_a`` … ``isic_u`` and the HTCDS labour-
  exploitation list ``labour_agriculture``, ``labour_aquafarming``, ``labour_begging``,
  ``labour_construction``, ``labour_domestic_work``, ``labour_hospitality``,
  ``labour_illicit_activities``, ``labour_manufacturing``, ``labour_mining``, ``labour_peddling``,
  ``labour_transportation``, ``labour_other``, plus ``sex_industry``. Each HTCDS code maps to an
  ISIC section (`LABOUR_TO_ISIC`) so that a placement in ``isic_f`` matches an exploitation in
  ``labour_construction``.
- employment types (`EMPLOYMENT_TYPES`), pay frequencies (`PAY_FREQUENCIES`), supports
  (`SUPPORTS`, stored comma-separated), separation reasons (`SEPARATION_REASONS`), retention
  statuses (`RETENTION_STATUSES`), retention issues (`RETENTION_ISSUES`, comma-separated).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

ISIC_SECTIONS = tuple(f"isic_{c}" for c in "abcdefghijklmnopqrstu")
LABOUR_TO_ISIC: dict[str, str | None] = {
    "labour_agriculture": "isic_a",
    "labour_aquafarming": "isic_a",
    "labour_begging": None,
    "labour_construction": "isic_f",
    "labour_domestic_work": "isic_t",
    "labour_hospitality": "isic_i",
    "labour_illicit_activities": None,
    "labour_manufacturing": "isic_c",
    "labour_mining": "isic_b",
    "labour_peddling": "isic_g",
    "labour_transportation": "isic_h",
    "labour_other": None,
}
SECTORS = (*ISIC_SECTIONS, *LABOUR_TO_ISIC, "sex_industry")

EMPLOYED_ANSWERS = ("yes", "no", "doesnt_know", "prefers_not_to_answer")
BASELINE_TYPES = ("full_time", "part_time", "seasonal")
NOT_EMPLOYED_REASONS = ("looking", "unable", "not_looking")
WORK_AUTHORIZATION = ("authorized", "pending", "not_authorized", "not_needed", "unknown")
EMPLOYMENT_TYPES = ("full_time", "part_time", "seasonal", "apprenticeship", "self_employment")
PAY_FREQUENCIES = ("hourly", "daily", "weekly", "biweekly", "monthly", "piece_rate")
PLACEMENT_SOURCES = ("job_developer", "partner", "self_found")
SUPPORTS = ("transport", "childcare", "work_clothes_tools", "documents", "other")
SEPARATION_REASONS = ("quit", "laid_off", "terminated", "unsafe_conditions", "relocated", "other")
RETENTION_STATUSES = ("same_employer", "other_employer", "not_employed", "unknown")
RETENTION_ISSUES = ("safety", "pay", "harassment", "hours", "other")
CONTACT_METHODS = ("phone", "visit", "message", "other")
ENROLLMENT_STATUSES = ("enrolled", "completed", "dropped")


def isic_of(sector: str | None) -> str | None:
    """The ISIC section a sector code belongs to, if any."""
    if sector is None:
        return None
    if sector in ISIC_SECTIONS:
        return sector
    return LABOUR_TO_ISIC.get(sector)


def same_sector(placement_sector: str | None, exploitation_sector: str | None) -> bool:
    """True when a placement is in the sector where the survivor was exploited."""
    if not placement_sector or not exploitation_sector:
        return False
    if placement_sector == exploitation_sector:
        return True
    section = isic_of(placement_sector)
    return section is not None and section == isic_of(exploitation_sector)


@dataclass(frozen=True)
class SameSectorWarning:
    """Returned with a placement (not raised): the job is in the sector of exploitation."""

    placement_sector: str
    exploitation_sector: str


def sector_warning(
    placement_sector: str | None, exploitation_sector: str | None
) -> SameSectorWarning | None:
    if (
        placement_sector
        and exploitation_sector
        and same_sector(placement_sector, exploitation_sector)
    ):
        return SameSectorWarning(placement_sector, exploitation_sector)
    return None


def due_dates(start: dt.date, days: list[int] | tuple[int, ...]) -> list[tuple[int, dt.date]]:
    """(day offset, due date) for each checkpoint after `start`, sorted, duplicates dropped."""
    return [(d, start + dt.timedelta(days=d)) for d in sorted({int(d) for d in days if d > 0})]
