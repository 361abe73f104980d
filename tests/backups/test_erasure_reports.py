"""Erasing a client leaves the client tables of past periods exactly as they were."""

from __future__ import annotations

import datetime as dt

from safehaven.models.period import parse_period
from safehaven.services.cases.clients import ClientDraft, register_client
from safehaven.services.reports.reports import build_period_report
from safehaven.services.vault_ops import erasure

CLIENT_TABLES = ("T01", "T02", "T03", "T04", "T05", "T06", "T07", "T08")


def _client_tables(vault, actor, period: str) -> dict[str, dict[tuple[str, str], int | None]]:
    with vault.session() as s:
        report = build_period_report(s, actor=actor, period=parse_period(period))
    assert report.exact
    return {
        t.id: {(c.row, c.column): c.value for c in t.cells}
        for t in report.tables
        if t.id in CLIENT_TABLES
    }


def test_period_totals_survive_erasure(vault, staff) -> None:
    ids = []
    genders = ("female", "male", "transgender", None)
    for n in range(30):
        with vault.session() as s:
            row = register_client(
                s,
                actor=staff.caseworker,
                draft=ClientDraft(
                    chosen_name=f"Client {n}",
                    gender=genders[n % 4],
                    estimated_age=15 + n,
                    trafficking_type=("sex", "labor", "both")[n % 3],
                    citizenship_category=("foreign_national", "citizen_or_lpr")[n % 2],
                    intake_date=dt.date(2025, 1 + n % 12, 5),
                    closure_date=dt.date(2025, 12, 20) if n % 5 == 0 else None,
                    status="closed" if n % 5 == 0 else "active",
                ),
            )
        ids.append(row.id)
    director = staff.director
    before = {p: _client_tables(vault, director, p) for p in ("2025", "2025-H2", "2026-Q1")}
    for client_id in ids[:7]:  # a transgender client, a minor, a closed case among them
        erasure.erase_client(vault, actor=staff.admin, client_id=client_id, confirmed=True)
    after = {p: _client_tables(vault, director, p) for p in before}
    assert after == before
    total = next(v for (row, col), v in before["2025"]["T01"].items() if row == "Total")
    assert total == 30
