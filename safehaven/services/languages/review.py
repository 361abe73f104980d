"""Review status of survivor languages: shipped in each language file, and marked reviewed by an
administrator once a person who reads the language has checked it (audited)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from safehaven.models.base import utcnow
from safehaven.models.language_review import LanguageReview
from safehaven.models.permissions import Permission
from safehaven.services.access import require
from safehaven.services.actor import Actor
from safehaven.services.audit import record_event
from safehaven.services.errors import NotFound, ValidationFailed
from safehaven.services.languages.translations import (
    DRAFT,
    ReviewStatus,
    bank_folders,
    language_files,
)

MAX_REVIEWER = 120


@dataclass(frozen=True)
class LanguageStatusRow:
    bank: str
    language: str
    review: ReviewStatus
    marked_in_app: bool  # True when an administrator recorded the review in this vault

    @property
    def is_draft(self) -> bool:
        return not self.review.reviewed


def language_statuses(session: Session, *, actor: Actor) -> list[LanguageStatusRow]:
    """Every shipped language file of every bank, with its effective review status. Readable by
    anyone signed in (`actor`): the survivor view shows the draft notice from it."""
    with session.begin():
        marks = _latest_marks(session)
    rows = []
    for folder in bank_folders():
        for file in language_files(folder):
            mark = marks.get((folder, file.language))
            rows.append(LanguageStatusRow(folder, file.language, mark or file.review,
                                          mark is not None))  # fmt: skip
    return rows


def review_status(session: Session, *, actor: Actor, bank: str, language: str) -> ReviewStatus:
    """The effective status of one language of one bank (English and Spanish are the source)."""
    for row in language_statuses(session, actor=actor):
        if row.bank == bank and row.language == language:
            return row.review
    return ReviewStatus(True) if language in ("en", "es") else DRAFT


def mark_language_reviewed(
    session: Session,
    *,
    actor: Actor,
    bank: str,
    language: str,
    reviewer: str,
    reviewed_on: dt.date,
) -> LanguageStatusRow:
    """Record that `reviewer` checked `language` of `bank` on `reviewed_on` (administrators)."""
    require(actor, Permission.MANAGE_SETTINGS)
    known = {(f, file.language) for f in bank_folders() for file in language_files(f)}
    if (bank, language) not in known:
        raise NotFound("language", f"{bank}/{language}")
    name = " ".join(reviewer.split())
    errors = {}
    if not name:
        errors["reviewer"] = "required"
    elif len(name) > MAX_REVIEWER:
        errors["reviewer"] = "too_long"
    if reviewed_on > utcnow().date():
        errors["reviewed_on"] = "out_of_range"
    if errors:
        raise ValidationFailed(errors)
    with session.begin():
        review = LanguageReview(bank=bank, language=language, reviewer_name=name,
                                reviewed_on=reviewed_on, recorded_by_id=actor.user_id)  # fmt: skip
        session.add(review)
        session.flush()
        record_event(session, actor_id=actor.user_id, action="language_reviewed",
                     object_type="language_review", object_id=review.id,
                     details={"bank": bank, "language": language})  # fmt: skip
    return LanguageStatusRow(bank, language, ReviewStatus(True, name, reviewed_on), True)


def _latest_marks(session: Session) -> dict[tuple[str, str], ReviewStatus]:
    marks: dict[tuple[str, str], ReviewStatus] = {}
    query = select(LanguageReview).order_by(LanguageReview.id)
    for row in session.execute(query).scalars():
        marks[(row.bank, row.language)] = ReviewStatus(True, row.reviewer_name, row.reviewed_on)
    return marks
