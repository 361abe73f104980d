"""A profile edit begun before someone else's save is refused, never written over theirs."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from safehaven.services.cases.clients import (
    ClientDraft,
    get_client,
    register_client,
    update_client,
)
from safehaven.services.errors import ChangedElsewhere


def _draft(row: object, **changes: object) -> ClientDraft:
    kept = {f.name: getattr(row, f.name) for f in dataclasses.fields(ClientDraft)}
    return ClientDraft(**{**kept, **changes})  # type: ignore[arg-type]


def test_a_stale_edit_is_refused_and_the_other_save_stands(vault, staff) -> None:  # type: ignore[no-untyped-def]
    with vault.session() as s:
        made = register_client(
            s,
            actor=staff.intake,
            draft=ClientDraft(chosen_name="Amal", intake_date=dt.date(2026, 3, 1)),
        )
    with vault.session() as s:
        mine = get_client(s, actor=staff.supervisor, client_id=made.id)
    with vault.session() as s:
        theirs = get_client(s, actor=staff.caseworker, client_id=made.id)
        update_client(
            s,
            actor=staff.caseworker,
            client_id=made.id,
            draft=_draft(theirs, pronouns="she/her"),
            expected_version=theirs.version,
        )
    with vault.session() as s, pytest.raises(ChangedElsewhere):
        update_client(
            s,
            actor=staff.supervisor,
            client_id=made.id,
            draft=_draft(mine, pronouns="they/them", languages="ar"),
            expected_version=mine.version,
        )
    with vault.session() as s:
        now = get_client(s, actor=staff.supervisor, client_id=made.id)
    assert (now.pronouns, now.languages) == ("she/her", None)


def test_saving_twice_from_the_returned_row_is_not_a_conflict(vault, staff) -> None:  # type: ignore[no-untyped-def]
    with vault.session() as s:
        row = register_client(s, actor=staff.intake, draft=ClientDraft(chosen_name="Oksana"))
    with vault.session() as s:
        row = get_client(s, actor=staff.supervisor, client_id=row.id)
    for pronouns in ("she/her", "she", "they"):
        with vault.session() as s:
            row = update_client(
                s,
                actor=staff.supervisor,
                client_id=row.id,
                draft=_draft(row, pronouns=pronouns),
                expected_version=row.version,
            )
        assert row.pronouns == pronouns
