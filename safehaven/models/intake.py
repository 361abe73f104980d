"""Intake sessions and answers against a versioned question bank, and their pure rules.

A session moves draft ⇄ paused → complete (a complete intake may be reopened to revisit a
section). Each question has at most one answer row per session (a unique constraint), whose state
is answered, doesnt_know, prefers_not or not_asked (a skipped question: "data not collected").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from safehaven.models.base import Base, IntPk, UtcDateTime, utcnow

DRAFT, PAUSED, COMPLETE = "draft", "paused", "complete"
SESSION_STATUSES = (DRAFT, PAUSED, COMPLETE)
TRANSITIONS: dict[str, frozenset[str]] = {
    DRAFT: frozenset({PAUSED, COMPLETE}),
    PAUSED: frozenset({DRAFT, COMPLETE}),
    COMPLETE: frozenset({DRAFT}),  # reopened to revisit a section
}
ANSWERED, DOESNT_KNOW_STATE, PREFERS_NOT_STATE, NOT_ASKED = (
    "answered",
    "doesnt_know",
    "prefers_not",
    "not_asked",
)
ANSWER_STATES = (ANSWERED, DOESNT_KNOW_STATE, PREFERS_NOT_STATE, NOT_ASKED)
SECTION_STATES = ("not_started", "in_progress", "done", "skipped", "to_revisit")


class IntakeSession(Base):
    __tablename__ = "intake_session"

    id: Mapped[IntPk]
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id", ondelete="CASCADE"), index=True)
    bank_version: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), default=DRAFT)
    current_section: Mapped[str] = mapped_column(String(20))
    current_question: Mapped[str] = mapped_column(String(60))
    question_language: Mapped[str] = mapped_column(String(10), default="en")
    skipped_sections: Mapped[str] = mapped_column(String(200), default="")  # comma list
    revisit_sections: Mapped[str] = mapped_column(String(200), default="")  # comma list
    started_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    updated_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    completed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), nullable=True)
    started_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    paused_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    completed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)

    @property
    def skipped(self) -> tuple[str, ...]:
        return split_list(self.skipped_sections)

    @property
    def to_revisit(self) -> tuple[str, ...]:
        return split_list(self.revisit_sections)

    def move_to(self, status: str, at: dt.datetime, by: int) -> None:
        """Change status if the rule allows it; else ValueError(from, to)."""
        if not can_move(self.status, status):
            raise ValueError(self.status, status)
        self.status = status
        self.paused_at = at if status == PAUSED else None
        self.completed_at = at if status == COMPLETE else None
        self.completed_by_id = by if status == COMPLETE else None
        self.updated_at, self.updated_by_id = at, by


class IntakeAnswer(Base):
    __tablename__ = "intake_answer"
    __table_args__ = (UniqueConstraint("session_id", "question_key"),)

    id: Mapped[IntPk]
    session_id: Mapped[int] = mapped_column(
        ForeignKey("intake_session.id", ondelete="CASCADE"), index=True
    )
    question_key: Mapped[str] = mapped_column(String(60))
    value_json: Mapped[str | None] = mapped_column(Text, nullable=True)
    state: Mapped[str] = mapped_column(String(20))
    answered_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    answered_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))


def can_move(from_status: str, to_status: str) -> bool:
    return to_status in TRANSITIONS.get(from_status, frozenset())


def split_list(text: str | None) -> tuple[str, ...]:
    return tuple(p for p in (text or "").split(",") if p)


def join_list(items: Collection[str]) -> str:
    return ",".join(dict.fromkeys(items))


def section_state(
    question_keys: Sequence[str],
    states: Mapping[str, str],
    *,
    skipped: bool,
    revisit: bool,
) -> str:
    """What the section list shows: to revisit and skipped first, then done or in progress.

    `states` maps question key → answer state for the questions that have a row."""
    if revisit:
        return "to_revisit"
    if skipped:
        return "skipped"
    have = [k for k in question_keys if k in states]
    if have and len(have) == len(question_keys):
        return "done"
    return "in_progress" if have else "not_started"


def next_position(
    sections: Sequence[tuple[str, Sequence[str]]], question_key: str
) -> tuple[str, str]:
    """The question after `question_key` within its section (the last one stays put)."""
    for section, keys in sections:
        if question_key in keys:
            index = list(keys).index(question_key)
            return section, keys[min(index + 1, len(keys) - 1)]
    raise KeyError(question_key)


def first_open_question(keys: Sequence[str], states: Mapping[str, str]) -> str:
    """Where to land in a section: the first question not yet answered, else the first one."""
    for key in keys:
        if states.get(key, NOT_ASKED) == NOT_ASKED:
            return key
    return keys[0]


def consistency_problems(
    *,
    status: str,
    completed: bool,
    position: tuple[str, str],
    sections: Sequence[tuple[str, Sequence[str]]],
    answer_keys: Sequence[str],
    answer_states: Sequence[str],
    skipped: Sequence[str],
) -> list[str]:
    """Codes of what is wrong with a session (empty list: consistent)."""
    problems: list[str] = []
    members = dict(sections)
    all_keys = {k for keys in members.values() for k in keys}
    if status not in SESSION_STATUSES:
        problems.append("unknown_status")
    if completed != (status == COMPLETE):
        problems.append("completed_at_mismatch")
    section, question = position
    if section not in members or question not in members[section]:
        problems.append("bad_position")
    if len(answer_keys) != len(set(answer_keys)):
        problems.append("duplicate_answer")
    if not set(answer_keys) <= all_keys:
        problems.append("unknown_question")
    if any(s not in ANSWER_STATES for s in answer_states):
        problems.append("unknown_answer_state")
    if any(s not in members for s in skipped):
        problems.append("unknown_skipped_section")
    for s in skipped:
        if s in members and not set(members[s]) <= set(answer_keys):
            problems.append("skipped_section_not_recorded")
    if status == COMPLETE and set(answer_keys) != all_keys:
        problems.append("complete_with_unrecorded_questions")
    return problems
