"""Shared steps for the screening tests: a client, a started screening past its setting checks."""

from __future__ import annotations

import datetime as dt

from safehaven.models.screening import SETTING_CHECKS
from safehaven.services.cases.clients import ClientDraft, register_client
from safehaven.services.screening import sessions, training
from safehaven.services.screening.jurisdictions import Jurisdiction, save_jurisdiction

REPORT_LINE = "County child abuse line 555-0142 (24 h)"
HOTLINE = "Regional trafficking hotline 555-0199"


def new_client(vault, actor, name: str = "Noor", **fields) -> int:
    with vault.session() as s:
        return register_client(s, actor=actor, draft=ClientDraft(chosen_name=name, **fields)).id


def started(vault, actor, client_id: int, form: str = "short"):
    with vault.session() as s:
        row = sessions.start_screening(s, actor=actor, client_id=client_id, form=form)
    with vault.session() as s:
        return sessions.confirm_setting(
            s, actor=actor, screening_id=row.id, checks=list(SETTING_CHECKS)
        )


def call(vault, fn, **kwargs):
    with vault.session() as s:
        return fn(s, **kwargs)


def set_contacts(vault, admin) -> None:
    with vault.session() as s:
        save_jurisdiction(
            s,
            actor=admin,
            jurisdiction=Jurisdiction("test-county", "Test County", HOTLINE, REPORT_LINE, "911"),
        )


def train(vault, admin, user_id: int, course: str, *, expired: bool = False) -> None:
    today = dt.date.today()
    done = today - dt.timedelta(days=800 if expired else 30)
    expires = done + dt.timedelta(days=365 if expired else 700)
    with vault.session() as s:
        training.record_training(
            s, actor=admin, user_id=user_id, course=course, completed_on=done, expires_on=expires
        )
