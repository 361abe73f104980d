"""The demo vault has reunification and employment data in every state."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from safehaven.demo.vault import create_demo_vault
from safehaven.models.employment import Employer, Placement, RetentionCheck
from safehaven.models.reunification import ReunificationAssessment, ReunificationFollowUp
from safehaven.models.reunification_rules import STATUSES
from safehaven.models.task import Task
from safehaven.storage.keyslots import FAST_TEST_KDF
from safehaven.storage.vault import open_with_password


def test_demo_has_every_assessment_state_and_checks(tmp_path):
    folder = tmp_path / "demo"
    summary = create_demo_vault(
        folder, clients=400, seed=3, kdf=FAST_TEST_KDF, today=dt.date(2026, 11, 1)
    )
    vault, _ = open_with_password(folder, "caseworker", summary.password)
    try:
        with vault.session() as s:
            states = set(s.scalars(select(ReunificationAssessment.status)))
            assert states == set(STATUSES)
            flags = s.execute(select(func.count()).select_from(ReunificationFollowUp)).scalar()
            assert flags
            assert flags > 0
            assert s.execute(select(func.count()).select_from(Employer)).scalar() >= 10
            assert s.execute(select(func.count()).select_from(Placement)).scalar() > 0
            assert s.execute(select(func.count()).select_from(RetentionCheck)).scalar() > 0
            kinds = set(s.scalars(select(Task.kind)))
            assert {"retention_check", "reunification_follow_up"} <= kinds
    finally:
        vault.close()
