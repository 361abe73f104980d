"""The screening tables in the Reports page and the de-identified export: same suppression, and
they pass the reconstruction audit (the export's own MILP audit and the independent attacker)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import json

from sqlalchemy import insert, select

from safehaven.models.client import Client
from safehaven.models.period import parse_period
from safehaven.models.protocol import ProtocolRun
from safehaven.models.screening import DOMAINS, OUTCOMES, ScreeningSession
from safehaven.models.staff_training import StaffTraining
from safehaven.services.reports import reports
from tests.services.test_export_safety import add, assert_safe, export

NEW_TABLES = {"T13", "T14", "T15", "T16", "T17"}
_serial = itertools.count(1)  # our own: the export-safety tests' counter is left untouched


def person() -> dict[str, object]:
    n = next(_serial)
    return {
        "case_number": f"SH-2026-{n:04d}",
        "chosen_name": f"Wenceslava{n:03d}",
        "date_of_birth": dt.date(1980, 1, 1) + dt.timedelta(days=41 * (n % 150)),
        "gender": "female" if n % 3 else "male",
        "citizenship_category": "foreign_national" if n % 4 else "citizen_or_lpr",
        "trafficking_type": ("sex", "labor")[n % 2],
        "intake_date": dt.date(2026, 1, 5) + dt.timedelta(days=(n * 5) % 150),
        "status": "active",
    }


def _at(day: int) -> dt.datetime:
    return dt.datetime(2026, 1, 10, 12, tzinfo=dt.UTC) + dt.timedelta(days=day)


def _screenings(client_ids: list[int], user_id: int) -> list[dict[str, object]]:
    rows = []
    for n, client_id in enumerate(client_ids):
        outcome = OUTCOMES[n % len(OUTCOMES)] if n % 7 else "offer_assessment"
        noted = [DOMAINS[n % 5], DOMAINS[(n * 3) % 5]] if outcome in OUTCOMES[:2] else []
        rows.append(
            {
                "client_id": client_id,
                "form": ("short", "full")[n % 2],
                "bank_version": 1,
                "status": "complete",
                "resume_status": "draft",
                "current_domain": "recruitment",
                "question_language": "en",
                "setting_checks": "",
                "skipped_domains": "",
                "outcome": outcome,
                "domains_noted": ",".join(dict.fromkeys(noted)),
                "labour_noted": bool(noted) and n % 2 == 0,
                "sexual_noted": bool(noted) and n % 3 == 0,
                "started_by_id": user_id,
                "updated_by_id": user_id,
                "started_at": _at(n % 150),
                "updated_at": _at(n % 150),
                "completed_at": _at(n % 150),
            }
        )
    return rows


def test_the_new_tables_are_protected_and_pass_the_reconstruction_audit(
    session, staff, tmp_path
) -> None:
    people = [person() for _ in range(70)]
    add(session, people)
    with session.begin():
        ids = list(session.execute(select(Client.id).order_by(Client.id)).scalars())
        uid = staff.caseworker.user_id
        session.execute(insert(ScreeningSession), _screenings(ids[:64], uid))
        runs = [
            {
                "client_id": c,
                "protocol_key": (
                    "adult_indicators",
                    "labour_indicators",
                    "immediate_danger",
                    "minor_disclosure",
                )[n % 4],
                "protocol_version": 1,
                "trigger": "outcome",
                "jurisdiction": "",
                "status": ("in_progress", "completed")[n % 3 == 0],
                "started_by_id": uid,
                "started_at": _at(n % 140),
            }
            for n, c in enumerate(ids[:40])
        ]
        session.execute(insert(ProtocolRun), runs)
        training = [
            {
                "user_id": uid,
                "course": "screening_basics",
                "completed_on": dt.date(2026, 2, d),
                "expires_on": dt.date(2026, 3, 1) if d % 2 else None,
                "recorded_by_id": staff.admin.user_id,
            }
            for d in range(1, 14)
        ]
        session.execute(insert(StaffTraining), training)
    _result, out = export(session, staff.director, tmp_path)
    text = (out / "tables.csv").read_text("utf-8")
    tables = {r[0] for r in list(csv.reader(io.StringIO(text)))[1:]}
    assert tables >= NEW_TABLES
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert manifest["audit"]["result"] == "pass"
    assert_safe(session, staff.director, out, people)  # threshold, schema, attacker bounds
    h1 = parse_period("2026-H1")
    exact = reports.build_period_report(session, actor=staff.director, period=h1)
    t13 = next(t for t in exact.tables if t.id == "T13")
    assert sum(c.value or 0 for c in t13.cells if c.column == "count" and c.row != "Total") == 64
    assert set(t13.rows) >= set(OUTCOMES)


def test_the_protected_report_shows_the_new_tables_to_an_administrator(session, staff) -> None:
    add(session, [person() for _ in range(40)])
    report = reports.build_period_report(session, actor=staff.admin, period=parse_period("2026-H1"))
    assert not report.exact
    assert {t.id for t in report.tables} | set(report.withheld) >= NEW_TABLES
