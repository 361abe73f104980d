"""Indicator screening sessions and their answers, and the pure rules behind them.

A screening never produces a score or a verdict. What it records: the answer code given to each
question (or that it was skipped or withheld), the indicator domains the staff member noted, whether
labour or sexual exploitation indicators were noted, and one outcome the staff member chose.

Status: setting (the setting checks come first) → draft ⇄ paused → complete. A screening may be
stopped at any moment (status complete, outcome "stopped").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping

from sqlalchemy import Boolean, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from safehaven.models.base import Base, IntPk, UtcDateTime, utcnow

FORMS = ("short", "full", "minor")
DOMAINS = ("recruitment", "movement", "violence", "work", "commercial_sex")
EXPLOITATION = ("labour", "sexual")
OUTCOMES = ("offer_assessment", "immediate_safety", "no_indicators", "declined", "stopped")
SETTING_CHECKS = ("private_room", "interpreter", "agreed_to_talk", "basic_needs")
SETTING, DRAFT, PAUSED, COMPLETE = "setting", "draft", "paused", "complete"
STATUSES = (SETTING, DRAFT, PAUSED, COMPLETE)
TRANSITIONS: dict[str, frozenset[str]] = {
    SETTING: frozenset({DRAFT, PAUSED, COMPLETE}),
    DRAFT: frozenset({PAUSED, COMPLETE}),
    PAUSED: frozenset({DRAFT, SETTING, COMPLETE}),
    COMPLETE: frozenset(),
}
ANSWERED, DOESNT_KNOW, PREFERS_NOT, NOT_ASKED = (
    "answered",
    "doesnt_know",
    "prefers_not",
    "not_asked",
)
ANSWER_STATES = (ANSWERED, DOESNT_KNOW, PREFERS_NOT, NOT_ASKED)
INDICATOR_CODE = "yes"  # the answer code that points to a question's domains


class ScreeningSession(Base):
    __tablename__ = "screening_session"

    id: Mapped[IntPk]
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id", ondelete="CASCADE"), index=True)
    form: Mapped[str] = mapped_column(String(20))
    bank_version: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), default=SETTING)
    resume_status: Mapped[str] = mapped_column(String(20), default=DRAFT)  # where Resume returns
    current_domain: Mapped[str] = mapped_column(String(40))
    question_language: Mapped[str] = mapped_column(String(10), default="en")
    setting_checks: Mapped[str] = mapped_column(String(200), default="")  # comma list
    skipped_domains: Mapped[str] = mapped_column(String(200), default="")  # comma list
    outcome: Mapped[str | None] = mapped_column(String(30), nullable=True)
    domains_noted: Mapped[str] = mapped_column(String(200), default="")  # comma list
    labour_noted: Mapped[bool] = mapped_column(Boolean, default=False)
    sexual_noted: Mapped[bool] = mapped_column(Boolean, default=False)
    training_notice: Mapped[str | None] = mapped_column(String(20), nullable=True)
    started_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    updated_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    completed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), nullable=True)
    started_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    paused_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    completed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)

    def move_to(self, status: str, at: dt.datetime, by: int) -> None:
        """Change status if the rule allows it; else ValueError(from, to)."""
        if status not in TRANSITIONS.get(self.status, frozenset()):
            raise ValueError(self.status, status)
        if status == PAUSED:
            self.resume_status = self.status
        self.status = status
        self.paused_at = at if status == PAUSED else None
        self.completed_at = at if status == COMPLETE else None
        self.completed_by_id = by if status == COMPLETE else None
        self.updated_at, self.updated_by_id = at, by


class ScreeningAnswer(Base):
    __tablename__ = "screening_answer"
    __table_args__ = (UniqueConstraint("session_id", "question_key"),)

    id: Mapped[IntPk]
    session_id: Mapped[int] = mapped_column(
        ForeignKey("screening_session.id", ondelete="CASCADE"), index=True
    )
    question_key: Mapped[str] = mapped_column(String(60))
    code: Mapped[str | None] = mapped_column(String(40), nullable=True)
    state: Mapped[str] = mapped_column(String(20))
    answered_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    answered_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))


def split_list(text: str | None) -> tuple[str, ...]:
    return tuple(p for p in (text or "").split(",") if p)


def join_list(items: Collection[str]) -> str:
    return ",".join(dict.fromkeys(items))


def suggested_domains(
    answers: Mapping[str, str | None], question_domains: Mapping[str, tuple[str, ...]]
) -> tuple[str, ...]:
    """Domains the staff member may wish to note: those of questions answered with the indicator
    code, in the standard domain order. A suggestion to review, not a result; nothing is counted."""
    marked = {
        domain
        for key, code in answers.items()
        if code == INDICATOR_CODE
        for domain in question_domains.get(key, ())
    }
    return tuple(d for d in DOMAINS if d in marked)


def suggested_exploitation(
    answers: Mapping[str, str | None], question_kinds: Mapping[str, str]
) -> tuple[str, ...]:
    """ "labour" and/or "sexual" when a question of that kind was answered with the indicator code
    ("both" counts for each)."""
    kinds: set[str] = set()
    for key, code in answers.items():
        if code != INDICATOR_CODE:
            continue
        kind = question_kinds.get(key, "")
        kinds |= set(EXPLOITATION) if kind == "both" else {kind} & set(EXPLOITATION)
    return tuple(k for k in EXPLOITATION if k in kinds)


def setting_ready(checks: Collection[str]) -> bool:
    """Questions start only once every setting check is confirmed."""
    return set(SETTING_CHECKS) <= set(checks)
