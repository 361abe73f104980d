"""Administrators mark a survivor language reviewed: recorded, audited, and it wins over the
draft status of the shipped file."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from safehaven.models.audit import AuditEvent
from safehaven.services.audit import verify_chain
from safehaven.services.errors import NotFound, PermissionDenied, ValidationFailed
from safehaven.services.languages.review import (
    language_statuses,
    mark_language_reviewed,
    review_status,
)

TODAY = dt.date(2026, 12, 1)


def test_every_shipped_language_starts_as_draft(vault, staff) -> None:
    with vault.session() as session:
        rows = language_statuses(session, actor=staff.caseworker)
    assert {(r.bank, r.language) for r in rows} >= {("intake", "ar"), ("consent", "tl")}
    assert all(r.is_draft and not r.marked_in_app for r in rows)


def test_an_administrator_marks_a_language_reviewed_and_it_is_audited(vault, staff) -> None:
    with vault.session() as session:
        row = mark_language_reviewed(session, actor=staff.admin, bank="intake", language="ar",
                                     reviewer="  Amina   Haddad ", reviewed_on=TODAY)  # fmt: skip
    assert str(row.review) == "reviewed by Amina Haddad on 2026-12-01"
    with vault.session() as session:
        status = review_status(session, actor=staff.intake, bank="intake", language="ar")
        other = review_status(session, actor=staff.intake, bank="consent", language="ar")
        events = session.execute(
            select(AuditEvent).where(AuditEvent.action == "language_reviewed")
        ).scalars().all()  # fmt: skip
        assert verify_chain(session, actor=staff.admin).ok
    assert status.reviewed
    assert status.reviewer == "Amina Haddad"
    assert not other.reviewed  # the consent explanations in Arabic are still a draft
    assert len(events) == 1
    assert "Amina" not in events[0].details
    assert '"language":"ar"' in events[0].details


@pytest.mark.parametrize("who", ["caseworker", "supervisor", "intake", "director"])
def test_only_administrators_mark_languages_reviewed(vault, staff, who) -> None:
    with vault.session() as session, pytest.raises(PermissionDenied):
        mark_language_reviewed(session, actor=getattr(staff, who), bank="intake", language="fr",
                               reviewer="Someone", reviewed_on=TODAY)  # fmt: skip


def test_bad_review_input_is_refused_and_nothing_is_saved(vault, staff) -> None:
    with vault.session() as session:
        with pytest.raises(ValidationFailed) as blank:
            mark_language_reviewed(session, actor=staff.admin, bank="intake", language="fr",
                                   reviewer="   ", reviewed_on=TODAY)  # fmt: skip
        with pytest.raises(ValidationFailed) as future:
            mark_language_reviewed(session, actor=staff.admin, bank="intake", language="fr",
                                   reviewer="A B", reviewed_on=dt.date(2999, 1, 1))  # fmt: skip
        with pytest.raises(NotFound):
            mark_language_reviewed(session, actor=staff.admin, bank="intake", language="de",
                                   reviewer="A B", reviewed_on=TODAY)  # fmt: skip
    assert blank.value.errors == {"reviewer": "required"}
    assert future.value.errors == {"reviewed_on": "out_of_range"}
    with vault.session() as session:
        assert all(r.is_draft for r in language_statuses(session, actor=staff.admin))
