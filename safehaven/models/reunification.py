"""Family contacts, reunification assessments (check items A–H), reunification records and
post-reunification follow-up visits.

Tables and stable codes (reports read these; the rules and the remaining code lists are in
`safehaven.models.reunification_rules`):
- ``family_contact``: `relationship` in `RELATIONSHIPS`; name, location, address, phone and
  contact notes are RESTRICTED like the legal name (only VIEW_LEGAL_NAME roles receive them).
- ``reunification_assessment``: one per (family contact, attempt); `status` in STATUSES,
  `recommendation` in RECOMMENDATIONS, `risk_rating` in RISK_RATINGS, yes/no answers in TRI.
- ``reunification_red_flag``: one row per (assessment, flag code in RED_FLAGS).
- ``reunification_record``: `reunification_type` in `REUNIFICATION_TYPES`,
  `not_verified_reason` in `NOT_VERIFIED_REASONS`.
- ``reunification_follow_up``: `due_day` (days after the reunification; None = unscheduled
  visit), `wellbeing` in `WELLBEING`, `retrafficking_concern` (bool).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from safehaven.models.base import Base, CreatedAt, IntPk, UpdatedAt, UtcDateTime
from safehaven.models.reunification_rules import AssessmentState, RedFlag

RELATIONSHIPS = (
    "mother",
    "father",
    "parent",
    "sibling",
    "spouse_partner",
    "child",
    "grandparent",
    "aunt_uncle",
    "cousin",
    "other_relative",
    "guardian",
    "other",
)
PREFERRED_ALTERNATIVES = ("independent_living", "other_relative", "stay_in_programme", "other")
REUNIFICATION_TYPES = ("case_by_case", "informal", "mediation", "mass_tracing", "other")
NOT_VERIFIED_REASONS = ("change_of_mind", "adult_died", "failed_verification", "other")
WELLBEING = ("good", "fair", "poor", "unknown")
FAMILY_RESTRICTED = ("name", "location", "address", "phone", "contact_notes")


class FamilyContact(Base):
    __tablename__ = "family_contact"

    id: Mapped[IntPk]
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id", ondelete="CASCADE"), index=True)
    relationship: Mapped[str] = mapped_column(String(40))
    survivor_choice_rank: Mapped[int | None] = mapped_column(Integer, nullable=True)  # 1st/2nd/3rd
    name: Mapped[str | None] = mapped_column(String(200), nullable=True)  # restricted
    location: Mapped[str | None] = mapped_column(String(200), nullable=True)  # restricted
    address: Mapped[str | None] = mapped_column(Text, nullable=True)  # restricted
    phone: Mapped[str | None] = mapped_column(String(40), nullable=True)  # restricted
    contact_notes: Mapped[str | None] = mapped_column(Text, nullable=True)  # restricted
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), nullable=True)
    created_at: Mapped[CreatedAt]
    updated_at: Mapped[UpdatedAt]


class ReunificationAssessment(Base):
    __tablename__ = "reunification_assessment"

    id: Mapped[IntPk]
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id", ondelete="CASCADE"), index=True)
    family_contact_id: Mapped[int] = mapped_column(
        ForeignKey("family_contact.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    assessor_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    # A. survivor's wishes (asked privately, first)
    wants_contact: Mapped[str | None] = mapped_column(String(10), nullable=True)
    wishes_reunify: Mapped[str | None] = mapped_column(String(10), nullable=True)
    wishes_asked_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    survivor_concerns: Mapped[str | None] = mapped_column(Text, nullable=True)
    preferred_alternative: Mapped[str | None] = mapped_column(String(40), nullable=True)
    best_interests_done: Mapped[bool] = mapped_column(Boolean, default=False)
    best_interests_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    best_interests_outcome: Mapped[str | None] = mapped_column(String(40), nullable=True)
    # B. identity verification
    survivor_knows_adult: Mapped[str | None] = mapped_column(String(10), nullable=True)
    accounts_match: Mapped[str | None] = mapped_column(String(10), nullable=True)
    identity_verified: Mapped[str | None] = mapped_column(String(10), nullable=True)
    documents_checked: Mapped[str | None] = mapped_column(Text, nullable=True)
    corroborated_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    corroborated_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    # D. household willingness and capacity
    household_willing: Mapped[str | None] = mapped_column(String(10), nullable=True)
    household_able: Mapped[str | None] = mapped_column(String(10), nullable=True)
    acceptance_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    household_size: Mapped[int | None] = mapped_column(Integer, nullable=True)
    household_notes: Mapped[str | None] = mapped_column(Text, nullable=True)
    # E. home visit and overall risk
    home_visit_done: Mapped[str | None] = mapped_column(String(10), nullable=True)
    home_visit_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    home_visit_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    home_visit_observations: Mapped[str | None] = mapped_column(Text, nullable=True)
    risk_rating: Mapped[str | None] = mapped_column(String(10), nullable=True)
    risk_rationale: Mapped[str | None] = mapped_column(Text, nullable=True)
    # F. decision and approval
    recommendation: Mapped[str | None] = mapped_column(String(40), nullable=True)
    conditions_support: Mapped[str | None] = mapped_column(Text, nullable=True)
    survivor_agrees: Mapped[str | None] = mapped_column(String(10), nullable=True)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), nullable=True)
    submitted_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), nullable=True)
    approved_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    approval_comments: Mapped[str | None] = mapped_column(Text, nullable=True)
    closed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    created_at: Mapped[CreatedAt]
    updated_at: Mapped[UpdatedAt]

    def to_state(self, flags: list[ReunificationRedFlag], is_minor: bool | None) -> AssessmentState:
        return AssessmentState(
            wants_contact=self.wants_contact,
            wishes_reunify=self.wishes_reunify,
            survivor_knows_adult=self.survivor_knows_adult,
            accounts_match=self.accounts_match,
            identity_verified=self.identity_verified,
            red_flags={f.code: RedFlag(f.raised, f.mitigation) for f in flags},
            household_willing=self.household_willing,
            household_able=self.household_able,
            home_visit_done=self.home_visit_done,
            home_visit_date_set=self.home_visit_date is not None,
            risk_rating=self.risk_rating,
            risk_rationale=self.risk_rationale,
            is_minor=is_minor,
            best_interests_done=self.best_interests_done,
            best_interests_outcome=self.best_interests_outcome,
        )


class ReunificationRedFlag(Base):
    __tablename__ = "reunification_red_flag"
    __table_args__ = (UniqueConstraint("assessment_id", "code", name="flag"),)

    id: Mapped[IntPk]
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("reunification_assessment.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(String(40))
    raised: Mapped[str | None] = mapped_column(String(10), nullable=True)
    mitigation: Mapped[str | None] = mapped_column(Text, nullable=True)


class ReunificationRecord(Base):
    __tablename__ = "reunification_record"

    id: Mapped[IntPk]
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id", ondelete="CASCADE"), index=True)
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("reunification_assessment.id", ondelete="CASCADE"), unique=True
    )
    reunified_on: Mapped[dt.date] = mapped_column(Date, index=True)
    reunification_type: Mapped[str] = mapped_column(String(40))
    with_verified_adult: Mapped[bool] = mapped_column(Boolean, default=True)
    not_verified_reason: Mapped[str | None] = mapped_column(String(40), nullable=True)
    follow_up_needed: Mapped[bool] = mapped_column(Boolean, default=True)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[CreatedAt]
    updated_at: Mapped[UpdatedAt]


class ReunificationFollowUp(Base):
    __tablename__ = "reunification_follow_up"

    id: Mapped[IntPk]
    record_id: Mapped[int] = mapped_column(
        ForeignKey("reunification_record.id", ondelete="CASCADE"), index=True
    )
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id", ondelete="CASCADE"), index=True)
    due_day: Mapped[int | None] = mapped_column(Integer, nullable=True)
    due_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    visited_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    wellbeing: Mapped[str | None] = mapped_column(String(20), nullable=True)
    safety_concerns: Mapped[str | None] = mapped_column(Text, nullable=True)
    school_work_status: Mapped[str | None] = mapped_column(Text, nullable=True)
    retrafficking_concern: Mapped[bool] = mapped_column(Boolean, default=False)
    action_taken: Mapped[str | None] = mapped_column(Text, nullable=True)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), nullable=True)
    created_at: Mapped[CreatedAt]
