"""Small helpers shared by the intake, consent and notes tests."""

from __future__ import annotations

from safehaven.services.cases.clients import ClientDraft, register_client
from tests.services.stores import session_as


def new_client(where, actor, name: str = "Rosa", **fields) -> int:
    """A client registered by `actor`, on the store under test (`db`) or a vault."""
    with session_as(where, actor) as session:
        return register_client(
            session, actor=actor, draft=ClientDraft(chosen_name=name, **fields)
        ).id
