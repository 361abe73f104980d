"""Employment: baseline at intake, employers, training, placements and retention checks.

Tables and stable codes (code lists in `safehaven.models.employment_rules`):
- ``employment_baseline``: one per client; `employed` in EMPLOYED_ANSWERS, `employment_type` in
  BASELINE_TYPES, `not_employed_reason` in NOT_EMPLOYED_REASONS, `work_authorization` in
  WORK_AUTHORIZATION, `exploitation_sector` in SECTORS — the sector of the survivor's
  exploitation is kept HERE (not on `client`), so the same-sector check needs no change to the
  intake tables.
- ``employer``: `sector` in SECTORS, `vetted` + `vetted_on` + `vetted_by_id`.
- ``training_program`` / ``training_enrollment`` (`status` in ENROLLMENT_STATUSES).
- ``placement``: `sector` in SECTORS, `employment_type` in EMPLOYMENT_TYPES, `pay_frequency` in
  PAY_FREQUENCIES, `wage_cents` (integer cents), `supports` (comma list of SUPPORTS),
  `same_sector_as_exploitation` (stored when saved, for reports), `separation_reason` in
  SEPARATION_REASONS.
- ``retention_check``: one per (placement, `due_day`); `status` in RETENTION_STATUSES, `issues`
  comma list of RETENTION_ISSUES, `definition` = ``point_in_time`` (PerformWell definition used).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from safehaven.models.base import Base, CreatedAt, IntPk, UpdatedAt, UtcDateTime


class EmploymentBaseline(Base):
    __tablename__ = "employment_baseline"

    id: Mapped[IntPk]
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id", ondelete="CASCADE"), unique=True)
    employed: Mapped[str | None] = mapped_column(String(30), nullable=True)
    employment_type: Mapped[str | None] = mapped_column(String(20), nullable=True)
    not_employed_reason: Mapped[str | None] = mapped_column(String(20), nullable=True)
    last_grade: Mapped[str | None] = mapped_column(String(40), nullable=True)
    in_school: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    skills: Mapped[str | None] = mapped_column(Text, nullable=True)
    prior_occupations: Mapped[str | None] = mapped_column(Text, nullable=True)
    work_authorization: Mapped[str | None] = mapped_column(String(20), nullable=True)
    goals: Mapped[str | None] = mapped_column(Text, nullable=True)
    exploitation_sector: Mapped[str | None] = mapped_column(String(40), nullable=True)
    recorded_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    updated_at: Mapped[UpdatedAt]


class Employer(Base):
    __tablename__ = "employer"

    id: Mapped[IntPk]
    name: Mapped[str] = mapped_column(String(200))
    sector: Mapped[str | None] = mapped_column(String(40), nullable=True)
    contact_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    phone: Mapped[str | None] = mapped_column(String(40), nullable=True)
    email: Mapped[str | None] = mapped_column(String(200), nullable=True)
    city: Mapped[str | None] = mapped_column(String(120), nullable=True)
    vetted: Mapped[bool] = mapped_column(Boolean, default=False)
    vetted_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    vetted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), nullable=True)
    notes: Mapped[str | None] = mapped_column(Text, nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[CreatedAt]
    updated_at: Mapped[UpdatedAt]


class TrainingProgram(Base):
    __tablename__ = "training_program"

    id: Mapped[IntPk]
    name: Mapped[str] = mapped_column(String(200))
    provider: Mapped[str | None] = mapped_column(String(200), nullable=True)
    sector: Mapped[str | None] = mapped_column(String(40), nullable=True)
    credential: Mapped[str | None] = mapped_column(String(200), nullable=True)
    duration_weeks: Mapped[int | None] = mapped_column(Integer, nullable=True)
    notes: Mapped[str | None] = mapped_column(Text, nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[CreatedAt]


class TrainingEnrollment(Base):
    __tablename__ = "training_enrollment"

    id: Mapped[IntPk]
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id", ondelete="CASCADE"), index=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("training_program.id"), index=True)
    start_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    end_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="enrolled")
    credential_attained: Mapped[bool] = mapped_column(Boolean, default=False)
    credential_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    created_at: Mapped[CreatedAt]


class Placement(Base):
    __tablename__ = "placement"

    id: Mapped[IntPk]
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id", ondelete="CASCADE"), index=True)
    employer_id: Mapped[int | None] = mapped_column(ForeignKey("employer.id"), nullable=True)
    job_title: Mapped[str] = mapped_column(String(200))
    sector: Mapped[str | None] = mapped_column(String(40), nullable=True)
    employment_type: Mapped[str | None] = mapped_column(String(20), nullable=True)
    placement_source: Mapped[str | None] = mapped_column(String(20), nullable=True)
    worksite_city: Mapped[str | None] = mapped_column(String(120), nullable=True)
    hours_per_week: Mapped[int | None] = mapped_column(Integer, nullable=True)
    wage_cents: Mapped[int | None] = mapped_column(Integer, nullable=True)
    pay_frequency: Mapped[str | None] = mapped_column(String(20), nullable=True)
    start_date: Mapped[dt.date] = mapped_column(Date, index=True)
    contract_understood: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    paid_directly: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    supports: Mapped[str | None] = mapped_column(String(200), nullable=True)
    same_sector_as_exploitation: Mapped[bool] = mapped_column(Boolean, default=False)
    separation_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    separation_reason: Mapped[str | None] = mapped_column(String(30), nullable=True)
    referred_back: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    placed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), nullable=True)
    created_at: Mapped[CreatedAt]
    updated_at: Mapped[UpdatedAt]


class RetentionCheck(Base):
    __tablename__ = "retention_check"
    __table_args__ = (UniqueConstraint("placement_id", "due_day", name="day"),)

    id: Mapped[IntPk]
    placement_id: Mapped[int] = mapped_column(
        ForeignKey("placement.id", ondelete="CASCADE"), index=True
    )
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id", ondelete="CASCADE"), index=True)
    due_day: Mapped[int] = mapped_column(Integer)
    due_date: Mapped[dt.date] = mapped_column(Date, index=True)
    attempted_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    contact_method: Mapped[str | None] = mapped_column(String(20), nullable=True)
    reached: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    status: Mapped[str | None] = mapped_column(String(20), nullable=True)
    hours_per_week: Mapped[int | None] = mapped_column(Integer, nullable=True)
    wage_cents: Mapped[int | None] = mapped_column(Integer, nullable=True)
    issues: Mapped[str | None] = mapped_column(String(200), nullable=True)
    support_given: Mapped[str | None] = mapped_column(Text, nullable=True)
    definition: Mapped[str] = mapped_column(String(30), default="point_in_time")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), nullable=True)
    recorded_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
