"""The audit chain names the first broken link for an edited, deleted or reordered row.

The tampering tests edit the vault file's rows directly; on an office server staff have no
UPDATE or DELETE on the chain at all (tests/office/test_rls_raw.py)."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from safehaven.services.audit import client_history, verify_chain
from safehaven.services.cases.clients import ClientDraft, get_client, register_client


@pytest.fixture
def history(db, staff):
    with db.session(staff.caseworker) as s:
        row = register_client(s, actor=staff.caseworker, draft=ClientDraft(chosen_name="Ana"))
    for _ in range(3):
        with db.session(staff.caseworker) as s:
            get_client(s, actor=staff.caseworker, client_id=row.id)
    return row


def _tamper(vault, *statements: str) -> None:
    with vault.engine.begin() as conn:
        conn.exec_driver_sql("DROP TRIGGER audit_event_no_update")
        conn.exec_driver_sql("DROP TRIGGER audit_event_no_delete")
        for statement in statements:
            conn.exec_driver_sql(statement)


def _verify(db, staff):
    with db.session(staff.admin) as s:
        return verify_chain(s, actor=staff.admin)


def test_intact_chain_verifies(db, staff, history) -> None:
    report = _verify(db, staff)
    assert report.ok
    with db.session(staff.admin) as s:
        actions = s.execute(text("SELECT action FROM audit_event")).scalars().all()
    assert report.checked == len(actions)  # every row walked
    assert actions.count("client_registered") == 1
    assert report.checked >= 4 + 5  # the case's four events and five staff accounts made


@pytest.mark.vault_only("tampers with the vault file's rows")
def test_rows_are_append_only(db, vault, history) -> None:
    with pytest.raises(DatabaseError), vault.engine.begin() as conn:
        conn.execute(text("UPDATE audit_event SET action = 'x' WHERE id = 2"))
    with pytest.raises(DatabaseError), vault.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_event WHERE id = 2"))


@pytest.mark.vault_only("tampers with the vault file's rows")
def test_edited_row_is_caught(db, vault, staff, history) -> None:
    _tamper(vault, "UPDATE audit_event SET actor_id = 1 WHERE id = 9")
    report = _verify(db, staff)
    assert not report.ok
    assert report.first_broken_id == 9
    assert report.problem == "edited"


@pytest.mark.vault_only("tampers with the vault file's rows")
def test_deleted_row_is_caught(db, vault, staff, history) -> None:
    _tamper(vault, "DELETE FROM audit_event WHERE id = 8")
    report = _verify(db, staff)
    assert not report.ok
    assert report.first_broken_id == 9


@pytest.mark.vault_only("tampers with the vault file's rows")
def test_reordered_rows_are_caught(db, vault, staff, history) -> None:
    _tamper(
        vault,
        "UPDATE audit_event SET id = 1000 WHERE id = 8",
        "UPDATE audit_event SET id = 8 WHERE id = 9",
        "UPDATE audit_event SET id = 9 WHERE id = 1000",
    )
    report = _verify(db, staff)
    assert not report.ok
    assert report.first_broken_id == 8


def test_case_history_has_ids_not_names(db, staff, history) -> None:
    with db.session(staff.caseworker) as s:
        rows = client_history(s, client_id=history.id)
    assert [r.action for r in rows][-1] == "client_registered"
    assert all("Ana" not in str(r.details) for r in rows)


def test_details_refuse_personal_fields(db, staff) -> None:
    from safehaven.services.audit import record_event

    session = db.session(staff.caseworker)
    with pytest.raises(ValueError, match="personal fields"), session as s, s.begin():
        record_event(s, actor_id=None, action="x", details={"chosen_name": "Ana"})


def test_concurrent_writers_keep_one_unbroken_chain(db, staff) -> None:
    import threading

    from safehaven.services.audit import record_event

    failures: list[BaseException] = []

    def write(n: int) -> None:
        for i in range(60):
            try:
                with db.session(writers[n]) as s, s.begin():
                    s.execute(text("SELECT count(*) FROM client")).scalar()
                    record_event(s, actor_id=None, action=f"t{n}", details={"i": i})
            except BaseException as exc:  # collected, asserted below
                failures.append(exc)

    writers = (staff.caseworker, staff.caseworker2, staff.supervisor)
    for actor in writers:  # each person's connection pool is opened here, not in a thread
        db.session(actor).close()
    threads = [threading.Thread(target=write, args=(n,)) for n in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    report = _verify(db, staff)
    assert report.ok
    assert report.checked >= 180
