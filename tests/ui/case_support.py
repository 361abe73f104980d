"""Shared set-up for the case list and case page tests: a UI context over the test vault."""

from __future__ import annotations

import datetime as dt

import pytest

from safehaven.services.cases.clients import ClientDraft, register_client, update_client
from safehaven.ui.context import UiContext
from safehaven.ui.tasks import TaskRunner

NAMES = ("José Ñúñez", "María", "Zoë", "Anastasia", "Kwame")


def make_ctx(qtbot, vault, actor) -> UiContext:  # type: ignore[no-untyped-def]
    return UiContext(vault=vault, actor=actor, runner=TaskRunner())


@pytest.fixture
def clients(vault, staff) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Five clients registered by intake staff; María assigned to the caseworker."""
    made: dict[str, int] = {}
    with vault.session() as session:
        for number, name in enumerate(NAMES):
            draft = ClientDraft(chosen_name=name, intake_date=dt.date(2026, 1, 1 + number))
            made[name] = register_client(session, actor=staff.intake, draft=draft).id
        assigned = ClientDraft(
            chosen_name="María",
            intake_date=dt.date(2026, 1, 2),
            assigned_caseworker_id=staff.caseworker.user_id,
        )
        update_client(session, actor=staff.supervisor, client_id=made["María"], draft=assigned)
    return made
