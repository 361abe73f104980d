"""Cancel during a directory import: at any moment, nothing is imported and nothing is logged."""

from __future__ import annotations

import itertools

from sqlalchemy import func, select

from safehaven.models.audit import AuditEvent
from safehaven.models.directory import Organization
from safehaven.services.directory.csv_io import import_directory


def _csv(count: int) -> bytes:
    rows = [f"Clinic {n},local,health,en,Austin,555-{n:04d}" for n in range(count)]
    return ("\n".join(("name,scope,services,languages,city,phone", *rows)) + "\n").encode()


def _counts(session) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    orgs = session.execute(select(func.count()).select_from(Organization)).scalar_one()
    events = session.execute(select(func.count()).select_from(AuditEvent)).scalar_one()
    session.rollback()
    return orgs, events


def test_cancel_at_any_moment_of_an_import_leaves_the_directory_as_it_was(session, staff):
    data = _csv(30)
    before = _counts(session)
    for moment in (0, 1, 15, 29):
        calls = itertools.count()
        result = import_directory(
            session,
            actor=staff.admin,
            data=data,
            is_cancelled=lambda c=calls, m=moment: next(c) >= m,
        )
        assert result.cancelled
        assert result.imported == 0
        assert _counts(session) == before
    assert import_directory(session, actor=staff.admin, data=data).imported == 30  # not cancelled
    assert _counts(session)[0] == before[0] + 30
