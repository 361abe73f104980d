"""Shared steps for the screening tests: a client, a started screening past its setting checks."""

from __future__ import annotations

import datetime as dt

from safehaven.models.screening import SETTING_CHECKS
from safehaven.services.cases.clients import ClientDraft, register_client
from safehaven.services.screening import sessions, training
from safehaven.services.screening.jurisdictions import Jurisdiction, save_jurisdiction
from tests.services.stores import session_as

REPORT_LINE = "County child abuse line 555-0142 (24 h)"
HOTLINE = "Regional trafficking hotline 555-0199"


def new_client(where, actor, name: str = "Noor", **fields) -> int:
    with session_as(where, actor) as s:
        return register_client(s, actor=actor, draft=ClientDraft(chosen_name=name, **fields)).id


def started(where, actor, client_id: int, form: str = "short"):
    with session_as(where, actor) as s:
        row = sessions.start_screening(s, actor=actor, client_id=client_id, form=form)
    with session_as(where, actor) as s:
        return sessions.confirm_setting(
            s, actor=actor, screening_id=row.id, checks=list(SETTING_CHECKS)
        )


def call(where, fn, **kwargs):
    with session_as(where, kwargs["actor"]) as s:
        return fn(s, **kwargs)


def set_contacts(where, admin) -> None:
    with session_as(where, admin) as s:
        save_jurisdiction(
            s,
            actor=admin,
            jurisdiction=Jurisdiction("test-county", "Test County", HOTLINE, REPORT_LINE, "911"),
        )


def train(where, admin, user_id: int, course: str, *, expired: bool = False) -> None:
    today = dt.date.today()
    done = today - dt.timedelta(days=800 if expired else 30)
    expires = done + dt.timedelta(days=365 if expired else 700)
    with session_as(where, admin) as s:
        training.record_training(
            s, actor=admin, user_id=user_id, course=course, completed_on=done, expires_on=expires
        )
