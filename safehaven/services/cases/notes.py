"""Dated case notes, restricted to the caseworker and supervisor roles (MANAGE_NOTES).

Intake staff, directors and administrators never receive note text: every function here checks
MANAGE_NOTES before it reads a note. Audit events name the note id, never its text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from safehaven.models.note import MAX_NOTE_LENGTH, Note
from safehaven.models.permissions import Permission
from safehaven.models.user import User
from safehaven.services.access import load_client, require
from safehaven.services.actor import Actor
from safehaven.services.audit import record_event
from safehaven.services.cases.restricted import read_field, write_field
from safehaven.services.errors import NotFound, ValidationFailed
from safehaven.storage.fields import Restricted


@dataclass(frozen=True)
class NoteRow:
    id: int
    client_id: int
    dated: dt.date
    text: str
    author_id: int
    author: str  # display name
    created_at: dt.datetime
    restricted: bool = False  # True: this session lacks the restricted key; `text` is empty


def validate_note(
    text: str, dated: dt.date | None, *, today: dt.date | None = None
) -> dict[str, str]:
    """Field → error code, for the service and the form as you type."""
    today = today or dt.date.today()
    errors: dict[str, str] = {}
    if not text.strip():
        errors["text"] = "required"
    elif len(text) > MAX_NOTE_LENGTH:
        errors["text"] = "too_long"
    if dated is None:
        errors["dated"] = "required"
    elif not dt.date(1900, 1, 1) <= dated <= today + dt.timedelta(days=1):
        errors["dated"] = "out_of_range"
    return errors


def add_note(
    session: Session, *, actor: Actor, client_id: int, dated: dt.date, text: str
) -> NoteRow:
    errors = validate_note(text, dated)
    if errors:
        raise ValidationFailed(errors)
    with session.begin():
        load_client(session, actor, client_id, Permission.MANAGE_NOTES)
        note = Note(client_id=client_id, dated=dated, text="", author_id=actor.user_id)
        session.add(note)
        session.flush()
        write_field(session, note, "text", text.strip())  # under the restricted key
        session.flush()
        row = _row(session, note)  # read before the audit event: the chain's lock is short
        record_event(
            session,
            actor_id=actor.user_id,
            action="note_added",
            object_type="note",
            object_id=note.id,
            client_id=client_id,
        )
        return row


def list_notes(session: Session, *, actor: Actor, client_id: int) -> list[NoteRow]:
    """The client's notes, newest date first."""
    with session.begin():
        load_client(session, actor, client_id, Permission.MANAGE_NOTES)
        stmt = (
            select(Note)
            .where(Note.client_id == client_id)
            .order_by(Note.dated.desc(), Note.id.desc())
        )
        return [_row(session, n) for n in session.execute(stmt).scalars()]


def get_note(session: Session, *, actor: Actor, note_id: int) -> NoteRow:
    require(actor, Permission.MANAGE_NOTES)  # before the read: an office refuses the table
    with session.begin():
        note = session.get(Note, note_id)
        if note is None:
            raise NotFound("note", note_id)
        load_client(session, actor, note.client_id, Permission.MANAGE_NOTES)
        return _row(session, note)


def _row(session: Session, note: Note) -> NoteRow:
    author = session.get(User, note.author_id)
    text = read_field(session, note, "text")
    return NoteRow(
        id=note.id,
        client_id=note.client_id,
        dated=note.dated,
        text=text if isinstance(text, str) else "",
        author_id=note.author_id,
        author=author.display_name if author is not None else "",
        created_at=note.created_at,
        restricted=isinstance(text, Restricted),
    )
