"""What the Employment tab reads when it is shown, in one read on the read pool (`PageLoad`):
the baseline, the placements with their retention checks, and the training enrollments."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from safehaven.services.actor import Actor
from safehaven.services.employment import employment as employment_service
from safehaven.services.employment import training as training_service
from safehaven.services.employment.records import BaselineRow, EnrollmentRow, PlacementRow


@dataclass(frozen=True)
class EmploymentView:
    baseline: BaselineRow | None
    placements: list[PlacementRow]
    enrollments: list[EnrollmentRow]


def read_employment(session: Any, *, actor: Actor, client_id: int) -> EmploymentView:
    return EmploymentView(
        employment_service.get_baseline(session, actor=actor, client_id=client_id),
        employment_service.list_placements(session, actor=actor, client_id=client_id),
        training_service.list_enrollments(session, actor=actor, client_id=client_id),
    )
