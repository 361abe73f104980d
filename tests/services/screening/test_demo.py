"""The demo step for screening: screenings in every outcome and status, protocols in progress and
finished, training records with some expired, fictional jurisdiction contacts."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from safehaven.demo import vault as demo
from safehaven.models.protocol import ProtocolRun, ProtocolStepRun
from safehaven.models.screening import OUTCOMES, ScreeningSession
from safehaven.models.staff_training import StaffTraining
from safehaven.services.accounts import accounts
from safehaven.services.screening.jurisdictions import current_jurisdiction
from safehaven.services.screening.protocols import list_protocol_runs
from safehaven.storage.keyslots import FAST_TEST_KDF


@pytest.fixture(scope="module")
def demo_vault(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo-screening") / "vault"
    demo.create_demo_vault(folder, clients=120, seed=5, kdf=FAST_TEST_KDF)
    signed = accounts.sign_in(folder, "supervisor", demo.DEMO_PASSWORD)
    yield signed
    signed.vault.close()


def test_screenings_in_every_outcome_and_protocols_in_progress(demo_vault) -> None:
    with demo_vault.vault.session() as s, s.begin():
        screenings = s.execute(select(ScreeningSession)).scalars().all()
        runs = s.execute(select(ProtocolRun)).scalars().all()
        steps = s.execute(select(ProtocolStepRun.state)).scalars().all()
        assert "(fictional)" in current_jurisdiction(s).report_contact
    assert set(OUTCOMES) <= {x.outcome for x in screenings}
    assert {x.status for x in runs} == {"in_progress", "completed"}
    assert {"open", "done"} <= set(steps)
    client_id = next(r.client_id for r in runs if r.status == "in_progress")
    with demo_vault.vault.session() as s:
        shown = list_protocol_runs(s, actor=demo_vault.actor, client_id=client_id)
    assert any(step.state == "open" for run in shown for step in run.steps)
    assert all("{" not in step.detail["en"] for run in shown for step in run.steps)


def test_training_records_some_expired(demo_vault) -> None:
    today = dt.date.today()
    with demo_vault.vault.session() as s, s.begin():
        expiries = s.execute(select(StaffTraining.expires_on)).scalars().all()
    assert any(e < today for e in expiries)
    assert any(e >= today for e in expiries)
