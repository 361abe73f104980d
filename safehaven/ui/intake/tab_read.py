"""What the Intake tab reads when it is shown, in one read on the read pool (`PageLoad`): the
intake as stored, the suggested survivor language before one starts, and whether the survivor's
language is still a draft translation."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from safehaven.services.actor import Actor
from safehaven.services.intake import intake as intake_service
from safehaven.services.intake.question_bank import load_bank
from safehaven.services.intake.rows import IntakeRow
from safehaven.services.languages.person import suggest_survivor_language
from safehaven.services.languages.review import review_status


@dataclass(frozen=True)
class IntakeView:
    row: IntakeRow | None
    suggested: str | None = None  # the survivor language to offer before an intake starts
    drafts: dict[str, bool] = field(default_factory=dict)  # survivor language -> draft


def read_intake(
    session: Any, *, actor: Actor, client_id: int, staff: str, suggest: bool
) -> IntakeView:
    row = intake_service.find_intake(session, actor=actor, client_id=client_id)
    if row is None:
        if not suggest:
            return IntakeView(None)
        languages = load_bank().languages
        suggested = suggest_survivor_language(
            session, actor=actor, client_id=client_id, available=languages, staff_language=staff
        )
        return IntakeView(None, suggested)
    survivor = row.question_language
    if not survivor or survivor == staff:
        return IntakeView(row)
    status = review_status(session, actor=actor, bank="intake", language=survivor)
    return IntakeView(row, drafts={survivor: not status.reviewed})
