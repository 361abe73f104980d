"""The demo step for intake, consent and notes: every state present and every session
consistent."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import select

from safehaven.demo import vault as demo
from safehaven.models.base import utcnow
from safehaven.models.consent import Consent
from safehaven.models.consent_rules import status_at
from safehaven.models.intake import IntakeAnswer, IntakeSession, consistency_problems
from safehaven.models.note import Note
from safehaven.services.accounts import accounts
from safehaven.services.intake.question_bank import load_bank
from safehaven.storage.keyslots import FAST_TEST_KDF


@pytest.fixture(scope="module")
def demo_session(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo-intake") / "vault"
    demo.create_demo_vault(folder, clients=120, seed=3, kdf=FAST_TEST_KDF)
    signed = accounts.sign_in(folder, "admin", demo.DEMO_PASSWORD)
    with signed.vault.session() as session:
        yield session
    signed.vault.close()


def test_demo_has_consents_in_every_state(demo_session) -> None:
    now = utcnow()
    mine = select(Consent).where(
        Consent.purpose.in_(("statistics", "family_contact", "data_keeping", "legal_name"))
    )
    states = Counter(status_at(c, now) for c in demo_session.execute(mine).scalars())
    assert {"granted", "refused", "expired", "withdrawn"} <= set(states), states


def test_demo_intakes_in_every_state_and_consistent(demo_session) -> None:
    bank = load_bank()
    sections = [(s.key, s.question_keys) for s in bank.sections]
    intakes = list(demo_session.execute(select(IntakeSession)).scalars())
    assert {i.status for i in intakes} == {"draft", "paused", "complete"}
    for intake in intakes:
        answers = demo_session.execute(
            select(IntakeAnswer.question_key, IntakeAnswer.state).where(
                IntakeAnswer.session_id == intake.id
            )
        ).all()
        problems = consistency_problems(
            status=intake.status,
            completed=intake.completed_at is not None,
            position=(intake.current_section, intake.current_question),
            sections=sections,
            answer_keys=[k for k, _ in answers],
            answer_states=[s for _, s in answers],
            skipped=intake.skipped,
        )
        assert problems == [], (intake.id, problems)
    assert demo_session.execute(select(Note.id)).first() is not None
