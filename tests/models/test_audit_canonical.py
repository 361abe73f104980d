"""The canonical text split around the id (for the office's one-call appender) joins back into
exactly the text that is hashed, whatever the event holds."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from safehaven.models.audit import AuditEvent, canonical_event, canonical_parts

_ids = st.one_of(st.none(), st.integers(min_value=-(2**31), max_value=2**31 - 1))
_text = st.text(max_size=40)


@given(
    event_id=st.integers(min_value=1, max_value=2**31 - 1),
    at=st.datetimes(timezones=st.just(dt.UTC)),
    actor_id=_ids,
    action=_text,
    object_type=st.one_of(st.none(), _text),
    object_id=_ids,
    client_id=_ids,
    details=_text,
)
def test_the_parts_around_the_id_make_the_canonical_text(
    event_id: int,
    at: dt.datetime,
    actor_id: int | None,
    action: str,
    object_type: str | None,
    object_id: int | None,
    client_id: int | None,
    details: str,
) -> None:
    event = AuditEvent(
        at=at,
        actor_id=actor_id,
        action=action,
        object_type=object_type,
        object_id=object_id,
        client_id=client_id,
        details=details,
    )
    before, after = canonical_parts(event)
    assert event.id is None  # the event is left as it was
    event.id = event_id
    assert before + str(event_id) + after == canonical_event(event)
