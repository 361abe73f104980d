"""Reading and writing the client's restricted columns through the store's field codec.

The codec (storage/fields.py) encrypts each value under the restricted key, or seals it for a
session that may write but not read; a session without the key reads `RESTRICTED`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from safehaven.models.client import Client, age_on
from safehaven.models.restricted import RESTRICTED_COLUMNS
from safehaven.storage.fields import (
    RESTRICTED,
    SEALED,
    SEALED_FOR_KEY,
    Restricted,
    field_codec,
)

CLIENT_RESTRICTED = RESTRICTED_COLUMNS["client"]


def read_client_field(session: Session, client: Client, column: str) -> Any:
    """The plain value (a date for `date_of_birth`), None, or RESTRICTED."""
    stored = getattr(client, column)
    if column not in CLIENT_RESTRICTED:
        return stored
    value = field_codec(session).decode("client", column, client.id, stored)
    if isinstance(value, Restricted) or value is None:
        return value
    return dt.date.fromisoformat(value) if column == "date_of_birth" else value


def read_client_fields(session: Session, client: Client) -> dict[str, Any]:
    return {c: read_client_field(session, client, c) for c in CLIENT_RESTRICTED}


def write_client_field(session: Session, client: Client, column: str, value: Any) -> bool:
    """Encode and store; returns True when the stored value changed. The row gets its id first
    (the id is part of the associated data)."""
    if column not in CLIENT_RESTRICTED:
        changed = bool(getattr(client, column) != value)
        setattr(client, column, value)
        return changed
    if client.id is None:
        session.flush()
    if read_client_field(session, client, column) == value:
        return False
    text = value.isoformat() if isinstance(value, dt.date) else value
    setattr(client, column, field_codec(session).encode("client", column, client.id, text))
    return True


def seal_restricted_values(session: Session) -> int:
    """Encode every restricted value still written in clear (rows added in bulk)."""
    codec = field_codec(session)
    count = 0
    for client in session.execute(select(Client)).scalars():
        for column in CLIENT_RESTRICTED:
            value = getattr(client, column)
            if value is None or str(value).startswith((SEALED, SEALED_FOR_KEY)):
                continue
            setattr(client, column, codec.encode("client", column, client.id, str(value)))
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


__all__ = [
    "CLIENT_RESTRICTED",
    "RESTRICTED",
    "read_client_field",
    "read_client_fields",
    "refresh_age_at_intake",
    "seal_restricted_values",
    "write_client_field",
]
