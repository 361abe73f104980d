"""What the employment services take and return. Money is a Decimal here, integer cents in the
database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from safehaven.models.employment_rules import SameSectorWarning


@dataclass(frozen=True)
class BaselineDraft:
    employed: str | None = None
    employment_type: str | None = None
    not_employed_reason: str | None = None
    last_grade: str | None = None
    in_school: bool | None = None
    skills: str | None = None
    prior_occupations: str | None = None
    work_authorization: str | None = None
    goals: str | None = None
    exploitation_sector: str | None = None
    recorded_on: dt.date | None = None


@dataclass(frozen=True)
class BaselineRow(BaselineDraft):
    id: int = 0
    client_id: int = 0


@dataclass(frozen=True)
class EmployerDraft:
    name: str = ""
    sector: str | None = None
    contact_name: str | None = None
    phone: str | None = None
    email: str | None = None
    city: str | None = None
    vetted: bool = False
    vetted_on: dt.date | None = None
    notes: str | None = None
    active: bool = True


@dataclass(frozen=True)
class EmployerRow(EmployerDraft):
    id: int = 0
    vetted_by_id: int | None = None


@dataclass(frozen=True)
class TrainingProgramDraft:
    name: str = ""
    provider: str | None = None
    sector: str | None = None
    credential: str | None = None
    duration_weeks: int | None = None
    notes: str | None = None
    active: bool = True


@dataclass(frozen=True)
class TrainingProgramRow(TrainingProgramDraft):
    id: int = 0


@dataclass(frozen=True)
class EnrollmentDraft:
    program_id: int = 0
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    status: str = "enrolled"
    credential_attained: bool = False
    credential_date: dt.date | None = None


@dataclass(frozen=True)
class EnrollmentRow(EnrollmentDraft):
    id: int = 0
    client_id: int = 0
    program_name: str = ""


@dataclass(frozen=True)
class PlacementDraft:
    job_title: str = ""
    start_date: dt.date | None = None
    employer_id: int | None = None
    sector: str | None = None
    employment_type: str | None = None
    placement_source: str | None = None
    worksite_city: str | None = None
    hours_per_week: int | None = None
    wage: Decimal | None = None
    pay_frequency: str | None = None
    contract_understood: bool | None = None
    paid_directly: bool | None = None
    supports: tuple[str, ...] = ()
    separation_date: dt.date | None = None
    separation_reason: str | None = None
    referred_back: bool | None = None


@dataclass(frozen=True)
class RetentionCheckDraft:
    attempted_on: dt.date | None = None
    contact_method: str | None = None
    reached: bool | None = None
    status: str | None = None
    hours_per_week: int | None = None
    wage: Decimal | None = None
    issues: tuple[str, ...] = ()
    support_given: str | None = None


@dataclass(frozen=True)
class RetentionCheckRow(RetentionCheckDraft):
    id: int = 0
    placement_id: int = 0
    client_id: int = 0
    due_day: int = 0
    due_date: dt.date | None = None
    recorded: bool = False


@dataclass(frozen=True)
class PlacementRow(PlacementDraft):
    id: int = 0
    client_id: int = 0
    employer_name: str | None = None
    same_sector_as_exploitation: bool = False
    warnings: tuple[SameSectorWarning, ...] = ()
    retention_checks: tuple[RetentionCheckRow, ...] = ()
