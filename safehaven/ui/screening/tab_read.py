"""What the Screening tab reads when it is shown, in one read on the read pool (`PageLoad`): the
open screening, the forms and the suggested question language when none is open, the earlier
screenings, the draft status of the survivor's language and the case's protocols."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from safehaven.models.permissions import Permission
from safehaven.services.actor import Actor
from safehaven.services.languages.person import suggest_survivor_language
from safehaven.services.languages.review import review_status
from safehaven.services.screening import protocols as protocol_service
from safehaven.services.screening import sessions as screening_service
from safehaven.services.screening.bank import load_screening_bank
from safehaven.services.screening.protocols import ProtocolRunRow
from safehaven.services.screening.rows import ScreeningRow, ScreeningSummary
from safehaven.ui.screening.survivor_side import staff_language


@dataclass(frozen=True)
class ScreeningView:
    row: ScreeningRow | None
    runs: list[ProtocolRunRow]
    history: list[ScreeningSummary] = field(default_factory=list)
    forms: tuple[str, ...] | None = None  # None: not read (already offered)
    suggested: str | None = None  # the question language for the first form
    drafts: dict[str, bool] = field(default_factory=dict)  # survivor language -> draft


def read_screening(
    session: Any, *, actor: Actor, client_id: int, need_forms: bool
) -> ScreeningView:
    row = screening_service.find_screening(session, actor=actor, client_id=client_id)
    runs = protocol_service.list_protocol_runs(session, actor=actor, client_id=client_id)
    if row is not None:
        return ScreeningView(row, runs, drafts=_drafts(session, actor, row))
    history = screening_service.list_screenings(session, actor=actor, client_id=client_id)
    if not need_forms:
        return ScreeningView(None, runs, history)
    forms = screening_service.forms_for(session, actor=actor, client_id=client_id)
    suggested = None
    if forms:
        bank = load_screening_bank(forms[0])
        suggested = suggest_survivor_language(
            session,
            actor=actor,
            client_id=client_id,
            available=bank.languages,
            staff_language=staff_language(bank),
            permission=Permission.RUN_SCREENING,
        )
    return ScreeningView(None, runs, history, forms, suggested)


def _drafts(session: Any, actor: Actor, row: ScreeningRow) -> dict[str, bool]:
    survivor = row.question_language
    if survivor == staff_language(load_screening_bank(row.form, row.bank_version)):
        return {}
    status = review_status(session, actor=actor, bank="screening", language=survivor)
    return {survivor: not status.reviewed}
