"""Small helpers shared by the intake, consent and notes tests."""

from __future__ import annotations

from safehaven.services.cases.clients import ClientDraft, register_client


def new_client(vault, actor, name: str = "Rosa", **fields) -> int:
    with vault.session() as session:
        return register_client(
            session, actor=actor, draft=ClientDraft(chosen_name=name, **fields)
        ).id
