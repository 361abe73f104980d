"""Erasure: no trace of the client's names in any table, index, free page, WAL or new backup;
period totals unchanged; audit records the erasure without details; retention list."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from safehaven.models.audit import AuditEvent
from safehaven.models.consent import Consent
from safehaven.models.note import Note
from safehaven.models.statistical_fact import StatisticalFact
from safehaven.services.audit import verify_chain
from safehaven.services.cases.clients import ClientDraft, register_client, update_client
from safehaven.services.errors import ConfirmationRequired, NotFound, PermissionDenied
from safehaven.services.vault_ops import backups, erasure
from safehaven.storage.backup import extracted, open_readonly
from tests.backups.pages import decrypted_pages, decrypted_wal

CHOSEN, OTHER, LEGAL = "Xochiquetzal", "Wenceslaa Brightwater", "Quirinalia Vondermarck"
NEEDLES = [
    w.encode() for w in ("Xochiquetzal", "Wenceslaa", "Brightwater", "Quirinalia", "Vondermarck")
]
NEEDLES += [n.lower() for n in NEEDLES] + [n.decode().encode("utf-16-le") for n in NEEDLES]
NOW = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)


def _found(blob: bytes) -> list[bytes]:
    return [n for n in NEEDLES if n in blob]


def _make_client(vault, staff, name: str, legal: str, other: str, **kw) -> int:
    with vault.session() as s:
        row = register_client(
            s,
            actor=staff.caseworker,
            draft=ClientDraft(chosen_name=name, legal_name=legal, other_names=other, **kw),
        )
    with vault.session() as s, s.begin():
        s.add(
            Note(
                client_id=row.id,
                dated=dt.date(2026, 2, 1),
                text=f"met {name} {legal}",
                author_id=staff.caseworker.user_id,
            )
        )
        s.add(
            Consent(
                client_id=row.id,
                purpose="data_keeping",
                granted=True,
                method="verbal",
                recorded_by_id=staff.caseworker.user_id,
                note=f"{name} agreed",
            )
        )
    return row.id


def _table_dump(db: Path, key: bytes) -> bytes:
    con = open_readonly(db, key)
    try:
        names = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        parts = []
        for n in names:  # every table, including the FTS5 shadow tables
            for row in con.execute(f'SELECT * FROM "{n}"'):
                parts.append(repr(row).encode())
                parts += [v for v in row if isinstance(v, bytes)]
        return b"\n".join(parts)
    finally:
        con.close()


def test_erased_client_leaves_no_trace(vault, staff, tmp_path: Path) -> None:
    keep = _make_client(
        vault,
        staff,
        "Keeper Person",
        "Keeper Legal",
        "Kp",
        intake_date=dt.date(2026, 1, 10),
        gender="female",
    )
    gone = _make_client(
        vault,
        staff,
        CHOSEN,
        LEGAL,
        OTHER,
        intake_date=dt.date(2026, 2, 3),
        estimated_age=17,
        gender="female",
        trafficking_type="labor",
    )
    with vault.session() as s:  # an old name stays in index history unless truly removed
        update_client(
            s,
            actor=staff.caseworker,
            client_id=gone,
            draft=ClientDraft(
                chosen_name=CHOSEN,
                legal_name=LEGAL,
                other_names=OTHER,
                intake_date=dt.date(2026, 2, 3),
                estimated_age=17,
                gender="female",
                trafficking_type="labor",
                pronouns="she",
            ),
        )
    with vault.session() as s:
        totals_before = erasure.intake_totals_by_quarter(s)
    key = bytes(vault.data_key)
    assert _found(_table_dump(vault.paths.db, key))  # the check can see names at all
    assert _found(decrypted_wal(Path(f"{vault.paths.db}-wal"), key))  # … and in the WAL

    with pytest.raises(ConfirmationRequired):
        erasure.erase_client(vault, actor=staff.admin, client_id=gone, confirmed=False)
    with pytest.raises(PermissionDenied):
        erasure.erase_client(vault, actor=staff.caseworker, client_id=gone, confirmed=True)
    result = erasure.erase_client(vault, actor=staff.admin, client_id=gone, confirmed=True)
    assert result.rows_deleted >= 3

    db, wal = vault.paths.db, Path(f"{vault.paths.db}-wal")
    assert not _found(_table_dump(db, key))  # every table incl. FTS shadow tables, decrypted
    assert not _found(decrypted_pages(db, key))  # every page incl. free pages, decrypted
    assert not _found(decrypted_wal(wal, key))  # old page images in the WAL, decrypted
    assert not wal.exists() or not _found(wal.read_bytes())
    assert not _found(db.read_bytes())
    info = backups.create_backup(vault, actor=staff.admin, now=NOW, folder=tmp_path)
    assert not _found(info.path.read_bytes())
    with extracted(info.path) as (_m, _s, copy):
        assert not _found(decrypted_pages(copy, key))
        assert not _found(_table_dump(copy, key))

    with vault.session() as s:
        assert erasure.intake_totals_by_quarter(s) == totals_before
        fact = s.execute(select(StatisticalFact)).scalar_one()
        assert (fact.intake_quarter, fact.age_group, fact.gender, fact.trafficking_type) == (
            "2026-Q1",
            "under_18",
            "female",
            "labor",
        )
        assert not s.get(Note, 1) or s.get(Note, 1).client_id == keep
        event = s.execute(
            select(AuditEvent).where(AuditEvent.action == "client_erased")
        ).scalar_one()
        assert event.client_id == gone
        assert "reason" in event.details
        assert verify_chain(s, actor=staff.admin).ok
    with pytest.raises(NotFound):
        erasure.erase_client(vault, actor=staff.admin, client_id=gone, confirmed=True)


def test_page_scan_sees_a_live_name(vault, staff) -> None:
    _make_client(vault, staff, CHOSEN, LEGAL, OTHER)
    vault.checkpoint()
    assert _found(decrypted_pages(vault.paths.db, bytes(vault.data_key)))


def test_due_for_deletion_follows_the_retention_setting(vault, staff) -> None:
    old = _make_client(
        vault,
        staff,
        "Old Case",
        "L",
        "O",
        intake_date=dt.date(2015, 1, 5),
        status="closed",
        closure_date=dt.date(2016, 2, 29),
    )
    _make_client(
        vault,
        staff,
        "Recent Case",
        "L",
        "O",
        intake_date=dt.date(2024, 1, 5),
        status="closed",
        closure_date=dt.date(2024, 6, 1),
    )
    _make_client(vault, staff, "Open Case", "L", "O", intake_date=dt.date(2010, 1, 5))
    today = dt.date(2026, 6, 1)
    with vault.session() as s:
        due = erasure.due_for_deletion(s, actor=staff.admin, today=today)
        assert [d.client_id for d in due] == [old]
        assert due[0].due_since == dt.date(2023, 2, 28)
    with vault.session() as s:
        erasure.set_retention_years(s, actor=staff.admin, years=1)
    with vault.session() as s:
        assert len(erasure.due_for_deletion(s, actor=staff.admin, today=today)) == 2
        with pytest.raises(PermissionDenied):
            erasure.due_for_deletion(s, actor=staff.caseworker, today=today)
