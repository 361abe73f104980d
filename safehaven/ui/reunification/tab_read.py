"""What the Reunification tab reads when it is shown, in one read on the read pool (`PageLoad`):
the family contacts, the safety assessments and, when one has led to a reunification, the
reunification records its follow-ups hang on."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from safehaven.services.actor import Actor
from safehaven.services.reunification import family_contacts as contact_service
from safehaven.services.reunification import followup as followup_service
from safehaven.services.reunification import reunification as assessment_service
from safehaven.services.reunification.records import (
    AssessmentRow,
    FamilyContactRow,
    ReunificationRow,
)


@dataclass(frozen=True)
class ReunificationView:
    contacts: list[FamilyContactRow]
    assessments: list[AssessmentRow]
    records: list[ReunificationRow] | None  # None: no assessment has led to a reunification


def read_reunification(session: Any, *, actor: Actor, client_id: int) -> ReunificationView:
    contacts = contact_service.list_family_contacts(session, actor=actor, client_id=client_id)
    rows = assessment_service.list_assessments(session, actor=actor, client_id=client_id)
    records = None
    if any(r.has_record for r in rows):
        records = followup_service.list_reunifications(session, actor=actor, client_id=client_id)
    return ReunificationView(contacts, rows, records)
