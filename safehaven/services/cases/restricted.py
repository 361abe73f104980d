"""Reading and writing restricted columns through the store's field codec.

The codec (storage/fields.py) encrypts each value under the restricted key, or seals it for a
session that may write but not read; a session without the key reads `RESTRICTED`. The tables
and columns are listed in models/restricted.py.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from safehaven.models.base import Base
from safehaven.models.client import Client, age_on
from safehaven.models.note import Note
from safehaven.models.permissions import Permission
from safehaven.models.restricted import RESTRICTED_COLUMNS, RESTRICTED_MEMBERS
from safehaven.models.reunification import FamilyContact
from safehaven.services.actor import Actor
from safehaven.storage.fields import (
    RESTRICTED,
    SEALED,
    SEALED_FOR_KEY,
    Restricted,
    field_codec,
)

CLIENT_RESTRICTED = RESTRICTED_COLUMNS["client"]
MODELS: dict[str, type[Base]] = {"client": Client, "family_contact": FamilyContact, "note": Note}
DATE_COLUMNS = {("client", "date_of_birth")}


def read_field(session: Session, row: Base, column: str) -> Any:
    """The plain value (a date for a date column), None, or RESTRICTED."""
    table = row.__tablename__
    stored = getattr(row, column)
    if column not in RESTRICTED_COLUMNS.get(table, ()):
        return stored
    value = field_codec(session).decode(table, column, row.id, stored)  # type: ignore[attr-defined]
    if isinstance(value, Restricted) or value is None:
        return value
    return dt.date.fromisoformat(value) if (table, column) in DATE_COLUMNS else value


def write_field(session: Session, row: Base, column: str, value: Any) -> bool:
    """Encode and store; True when the value changed. The row gets its id first (the id is part
    of the associated data), so it must already be in the session."""
    table = row.__tablename__
    if column not in RESTRICTED_COLUMNS.get(table, ()):
        changed = bool(getattr(row, column) != value)
        setattr(row, column, value)
        return changed
    if row.id is None:  # type: ignore[attr-defined]
        session.flush()
    if read_field(session, row, column) == value:
        return False
    text = value.isoformat() if isinstance(value, dt.date) else value
    codec = field_codec(session)
    setattr(row, column, codec.encode(table, column, row.id, text))  # type: ignore[attr-defined]
    return True


def read_members(session: Session, row: Base, column: str) -> dict[str, Any]:
    """A JSON object column whose restricted members (models/restricted.py) are kept one by one
    under the codec: the plain object, with RESTRICTED for a member this session cannot read."""
    table = row.__tablename__
    data: dict[str, Any] = json.loads(getattr(row, column))
    codec = field_codec(session)
    for member in RESTRICTED_MEMBERS.get((table, column), ()):
        if isinstance(data.get(member), str):
            data[member] = codec.decode(table, f"{column}.{member}", row.id, data[member])  # type: ignore[attr-defined]
    return data


def write_members(session: Session, row: Base, column: str, values: dict[str, Any]) -> None:
    """Store `values` as the JSON object of `column`, its restricted members each encoded (the
    row gets its id first: the id is part of the associated data)."""
    table = row.__tablename__
    if row.id is None:  # type: ignore[attr-defined]
        setattr(row, column, "{}")
        session.flush()
    codec = field_codec(session)
    stored = dict(values)
    for member in RESTRICTED_MEMBERS.get((table, column), ()):
        if stored.get(member) is not None:
            text = str(stored[member])
            stored[member] = codec.encode(table, f"{column}.{member}", row.id, text)  # type: ignore[attr-defined]
    setattr(row, column, json.dumps(stored, ensure_ascii=False, sort_keys=True))


def read_client_field(session: Session, client: Client, column: str) -> Any:
    return read_field(session, client, column)


def read_client_fields(session: Session, client: Client) -> dict[str, Any]:
    return {c: read_field(session, client, c) for c in CLIENT_RESTRICTED}


def write_client_field(session: Session, client: Client, column: str, value: Any) -> bool:
    return write_field(session, client, column, value)


def seal_restricted_values(session: Session) -> int:
    """Encode every restricted value still written in clear (rows added in bulk)."""
    codec = field_codec(session)
    count = 0
    for table, model in MODELS.items():
        for row in session.execute(select(model)).scalars():
            for column in RESTRICTED_COLUMNS[table]:
                value = getattr(row, column)
                if value is None or str(value).startswith((SEALED, SEALED_FOR_KEY)):
                    continue
                text = value.isoformat() if isinstance(value, dt.date) else str(value)
                setattr(row, column, codec.encode(table, column, row.id, text))  # type: ignore[attr-defined]
                count += 1
    session.flush()
    return count


def refresh_age_at_intake(client: Client, date_of_birth: dt.date | Restricted | None) -> None:
    """Keep the derived `age_at_intake` in step; unchanged when the birth date is unreadable."""
    if isinstance(date_of_birth, Restricted):
        if client.date_of_birth is None:
            client.age_at_intake = client.estimated_age
        return
    client.age_at_intake = age_on(date_of_birth, client.estimated_age, client.intake_date)


def reads_restricted(session: Session, actor: Actor) -> bool:
    """Whether `actor` may see restricted fields and this session can read them."""
    return actor.can(Permission.VIEW_LEGAL_NAME) and field_codec(session).can_read


def refresh_age_as(session: Session, client: Client, *, reads_restricted: bool) -> None:
    """`refresh_age_at_intake` as far as this session may: from the birth date where it reads
    it; from the sealed value's presence on a vault; on an office database the column is hidden
    from this role (selecting it is refused), so the age stays as recorded."""
    codec = field_codec(session)
    if reads_restricted:
        refresh_age_at_intake(client, read_field(session, client, "date_of_birth"))
    elif not codec.can_read and getattr(codec, "shows_presence", True):
        refresh_age_at_intake(client, RESTRICTED)


def age_now(session: Session, client: Client, today: dt.date) -> int | None:
    """The person's age today: from the date of birth where this session may read it, else from
    the age recorded at intake plus the whole years since (never more than the real age, so a
    minor is never taken for an adult), else the estimate."""
    readable = field_codec(session).can_read  # else an office refuses even to select it
    born = (
        read_field(session, client, "date_of_birth") if readable and client.date_of_birth else None
    )
    if isinstance(born, dt.date):
        return age_on(born, client.estimated_age, today)
    if client.age_at_intake is not None and client.intake_date is not None:
        return client.age_at_intake + age_on(client.intake_date, None, today)  # type: ignore[operator]
    return client.estimated_age


__all__ = [
    "CLIENT_RESTRICTED",
    "RESTRICTED",
    "age_now",
    "read_client_field",
    "read_client_fields",
    "read_field",
    "read_members",
    "reads_restricted",
    "refresh_age_as",
    "refresh_age_at_intake",
    "seal_restricted_values",
    "write_client_field",
    "write_field",
    "write_members",
]
