"""Cancel during an export: it stops, writes no file, records no ledger entry, harms nothing."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from sqlalchemy import func, insert, select

from safehaven.models.client import Client
from safehaven.models.export_ledger import ExportLedger
from safehaven.models.period import parse_period
from safehaven.services.audit import verify_chain
from safehaven.services.disclosure.errors import ExportCancelled
from safehaven.services.reports import reports
from safehaven.storage.backup import check_database


def _people(count: int) -> list[dict[str, object]]:
    """Clients with the fields the export reads (numbered here, not from a shared counter)."""
    return [
        {
            "case_number": f"SH-2026-{n:04d}",
            "chosen_name": f"Person {n}",
            "date_of_birth": dt.date(1990, 1, 1) + dt.timedelta(days=37 * n),
            "gender": "female" if n % 3 else "male",
            "citizenship_category": "foreign_national" if n % 4 else "citizen_or_lpr",
            "trafficking_type": ("sex", "labor")[n % 2],
            "intake_date": dt.date(2026, 1, 5) + dt.timedelta(days=(n * 5) % 150),
            "status": "active",
        }
        for n in range(1, count + 1)
    ]


def _looks_then_yes(looks: int):  # type: ignore[no-untyped-def]
    calls = itertools.count()
    asked: list[int] = []

    def is_cancelled() -> bool:
        asked.append(next(calls))
        return asked[-1] >= looks

    return is_cancelled, asked


def test_cancel_at_any_moment_of_an_export_leaves_nothing(vault, staff, session, tmp_path):
    with session.begin():
        session.execute(insert(Client), _people(80))
    whole = tmp_path / "whole"
    whole.mkdir()
    never, asked = _looks_then_yes(10**9)
    reports.export_period(
        session,
        actor=staff.director,
        period=parse_period("2026-H1"),
        out_dir=whole,
        is_cancelled=never,
    )
    looks = len(asked)
    assert looks >= 1
    assert sorted(p.name for p in whole.iterdir()) == ["manifest.json", "summary.pdf", "tables.csv"]
    ledger_before = session.execute(select(func.count()).select_from(ExportLedger)).scalar_one()
    session.rollback()
    for moment in sorted({0, looks // 2, looks - 1}):
        out = tmp_path / f"at-{moment}"
        out.mkdir()
        is_cancelled, _asked = _looks_then_yes(moment)
        with pytest.raises(ExportCancelled):
            reports.export_period(
                session,
                actor=staff.director,
                period=parse_period("2026-H2"),
                out_dir=out,
                is_cancelled=is_cancelled,
            )
        assert list(out.iterdir()) == []
    ledger = session.execute(select(func.count()).select_from(ExportLedger)).scalar_one()
    assert ledger == ledger_before
    session.rollback()
    check = check_database(vault.paths.db, vault.data_key)
    assert check.integrity_ok
    assert check.cipher_ok
    assert verify_chain(session, actor=staff.admin).ok
