"""Cancel during an export: it stops, writes no file, records no ledger entry, harms nothing."""

from __future__ import annotations

import itertools

import pytest
from sqlalchemy import func, select

from safehaven.models.export_ledger import ExportLedger
from safehaven.services import reports
from safehaven.services.audit import verify_chain
from safehaven.services.disclosure.errors import ExportCancelled
from safehaven.storage.backup import check_database
from tests.services.test_export_safety import add, person


def _looks_then_yes(looks: int):  # type: ignore[no-untyped-def]
    calls = itertools.count()
    asked: list[int] = []

    def is_cancelled() -> bool:
        asked.append(next(calls))
        return asked[-1] >= looks

    return is_cancelled, asked


def test_cancel_at_any_moment_of_an_export_leaves_nothing(vault, staff, session, tmp_path):
    add(session, [person() for _ in range(80)])
    whole = tmp_path / "whole"
    whole.mkdir()
    never, asked = _looks_then_yes(10**9)
    reports.export_period(session, actor=staff.director, period="2026-H1", out_dir=whole,
                          is_cancelled=never)  # fmt: skip
    looks = len(asked)
    assert looks >= 1 and sorted(p.name for p in whole.iterdir()) == [
        "manifest.json", "summary.pdf", "tables.csv"]  # fmt: skip
    ledger_before = session.execute(select(func.count()).select_from(ExportLedger)).scalar_one()
    session.rollback()
    for moment in sorted({0, looks // 2, looks - 1}):
        out = tmp_path / f"at-{moment}"
        out.mkdir()
        is_cancelled, _asked = _looks_then_yes(moment)
        with pytest.raises(ExportCancelled):
            reports.export_period(session, actor=staff.director, period="2026-H2", out_dir=out,
                                  is_cancelled=is_cancelled)  # fmt: skip
        assert list(out.iterdir()) == []
    ledger = session.execute(select(func.count()).select_from(ExportLedger)).scalar_one()
    assert ledger == ledger_before
    session.rollback()
    check = check_database(vault.paths.db, vault.data_key)
    assert check.integrity_ok and check.cipher_ok
    assert verify_chain(session, actor=staff.admin).ok
