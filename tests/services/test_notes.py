"""Case notes: dated, restricted to caseworkers and supervisors; audit carries no text."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from safehaven.models.audit import AuditEvent
from safehaven.services.cases.notes import add_note, get_note, list_notes
from safehaven.services.errors import PermissionDenied, ValidationFailed
from tests.services.helpers_intake import new_client


def test_notes_are_dated_and_listed_newest_first(db, staff) -> None:
    client_id = new_client(db, staff.intake)
    for day, text in ((1, "first meeting"), (9, "court date set"), (4, "clinic visit")):
        with db.session(staff.caseworker) as s:
            add_note(
                s,
                actor=staff.caseworker,
                client_id=client_id,
                dated=dt.date(2026, 2, day),
                text=text,
            )
    with db.session(staff.supervisor) as s:
        rows = list_notes(s, actor=staff.supervisor, client_id=client_id)
    assert [r.text for r in rows] == ["court date set", "clinic visit", "first meeting"]
    assert rows[0].author == "Caseworker"
    with db.session(staff.supervisor) as s:
        details = [e.details for e in s.execute(select(AuditEvent)).scalars()]
    assert not any("court" in d for d in details)


def test_other_roles_never_receive_note_text(db, staff) -> None:
    client_id = new_client(db, staff.intake)
    with db.session(staff.caseworker) as s:
        note = add_note(
            s,
            actor=staff.caseworker,
            client_id=client_id,
            dated=dt.date(2026, 2, 1),
            text="private",
        )
    for actor in (staff.intake, staff.director, staff.admin):
        with db.session(actor) as s, pytest.raises(PermissionDenied):
            list_notes(s, actor=actor, client_id=client_id)
        with db.session(actor) as s, pytest.raises(PermissionDenied):
            get_note(s, actor=actor, note_id=note.id)
        with db.session(actor) as s, pytest.raises(PermissionDenied):
            add_note(s, actor=actor, client_id=client_id, dated=dt.date(2026, 2, 1), text="x")


def test_empty_or_undated_note_is_refused(db, staff) -> None:
    client_id = new_client(db, staff.intake)
    with db.session(staff.caseworker) as s, pytest.raises(ValidationFailed) as info:
        add_note(s, actor=staff.caseworker, client_id=client_id, dated=None, text="  ")
    assert info.value.errors == {"text": "required", "dated": "required"}
