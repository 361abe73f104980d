"""Retention and erasure on an office server: administrators see no case rows, yet the retention
list, the erasure at a client's request and the erasure past retention work as in the vault,
through owner-rights functions that reveal nothing but case numbers and closure dates."""

from __future__ import annotations

import datetime as dt
import uuid

import psycopg
import pytest
from sqlalchemy import select

from safehaven.models.audit import AuditEvent
from safehaven.models.statistical_fact import StatisticalFact
from safehaven.services.audit import verify_chain
from safehaven.services.cases import clients, notes
from safehaven.services.cases.clients import ClientDraft
from safehaven.services.errors import NotFound, PermissionDenied
from safehaven.services.vault_ops import erasure
from safehaven.storage.client_rows import client_tables
from tests.office.conftest import STAFF_PASSWORD, Team


def _closed_case(team: Team, closed: dt.date) -> tuple[int, str]:
    """A closed case with a note, registered and written by the supervisor."""
    store = team.store(team.supervisor)
    try:
        with store.session() as session:
            row = clients.register_client(
                session,
                actor=team.supervisor,
                draft=ClientDraft(
                    chosen_name=f"Erasable {uuid.uuid4().hex[:6]}",
                    legal_name="Legal Name Kept Nowhere",
                    intake_date=closed - dt.timedelta(days=400),
                    status="closed",
                    closure_date=closed,
                    gender="female",
                ),
            )
        with store.session() as session:
            notes.add_note(
                session, actor=team.supervisor, client_id=row.id, text="a note", dated=closed
            )
    finally:
        store.close()
    return row.id, row.case_number


def _rows_left(team: Team, client_id: int) -> int:
    """Rows of the client in any table, counted by the server's superuser."""
    with psycopg.connect(team.office.admin_dsn) as conn:
        total = conn.execute("SELECT count(*) FROM client WHERE id = %s", (client_id,)).fetchone()
        left = int(total[0]) if total else 0
        for table, condition in client_tables():
            where = str(condition(client_id).compile(compile_kwargs={"literal_binds": True}))
            found = conn.execute(f'SELECT count(*) FROM "{table.name}" WHERE {where}').fetchone()
            left += int(found[0]) if found else 0
    return left


def test_admin_lists_finds_and_erases_a_case_they_cannot_read(team: Team) -> None:
    today = dt.date.today()
    old_id, old_number = _closed_case(team, today.replace(year=today.year - 12))
    recent_id, _recent = _closed_case(team, today - dt.timedelta(days=30))
    assert _rows_left(team, old_id) >= 2  # the client and its note

    admin = team.store(team.admin)
    try:
        with admin.session() as session:
            due = erasure.due_for_deletion(session, actor=team.admin, today=today)
            assert old_id in {row.client_id for row in due}
            assert recent_id not in {row.client_id for row in due}
            assert (
                erasure.find_client_id(session, actor=team.admin, case_number=old_number.lower())
                == old_id
            )
            with pytest.raises(NotFound):
                erasure.find_client_id(session, actor=team.admin, case_number="SH-1900-9999")
            facts_before = session.execute(select(StatisticalFact.id)).all()
        result = erasure.erase_client(
            admin, actor=team.admin, client_id=old_id, confirmed=True, reason="retention_expired"
        )
        assert result.rows_deleted >= 2
        with pytest.raises(NotFound):
            erasure.erase_client(admin, actor=team.admin, client_id=old_id, confirmed=True)
        with admin.session() as session:
            facts_after = session.execute(select(StatisticalFact)).scalars().all()
            assert len(facts_after) == len(facts_before) + 1
            assert facts_after[-1].gender == "female"
            assert verify_chain(session, actor=team.admin).ok
            event = (
                session.execute(select(AuditEvent).where(AuditEvent.action == "client_erased"))
                .scalars()
                .all()[-1]
            )
            assert (event.actor_id, event.object_id) == (team.admin.user_id, old_id)
    finally:
        admin.close()
    assert _rows_left(team, old_id) == 0
    assert _rows_left(team, recent_id) >= 2  # the other case is untouched


def test_only_administrators_may_erase(team: Team) -> None:
    client_id, _number = _closed_case(team, dt.date(2001, 1, 1))
    supervisor = team.store(team.supervisor)
    try:
        with pytest.raises(PermissionDenied):
            erasure.erase_client(
                supervisor, actor=team.supervisor, client_id=client_id, confirmed=True
            )
    finally:
        supervisor.close()
    for person in (team.supervisor, team.caseworker, team.director, team.intake):
        with team.office.raw(person.username, STAFF_PASSWORD) as conn:
            for call, args in (
                ("SELECT * FROM sh_erase_client(%s)", (client_id,)),
                ("SELECT * FROM sh_closed_cases()", ()),
                ("SELECT sh_case_id(%s)", ("SH-2001-0001",)),
            ):
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    conn.execute(call, args)
    assert _rows_left(team, client_id) >= 2


def test_retention_panel_erases_on_the_office(qtbot, team: Team) -> None:  # type: ignore[no-untyped-def]
    from safehaven.ui.admin.retention_panel import RetentionPanel
    from safehaven.ui.context import UiContext
    from safehaven.ui.tasks import TaskRunner

    client_id, number = _closed_case(team, dt.date(2003, 3, 3))
    store = team.store(team.admin)
    runner = TaskRunner()
    try:
        panel = RetentionPanel(UiContext(store, team.admin, runner))  # type: ignore[arg-type]
        qtbot.addWidget(panel)
        with qtbot.waitSignal(panel.loaded, timeout=20_000):
            panel.refresh()
        numbers = [r.case_number for r in panel.model.rows()]
        assert number in numbers
        panel.table.selectRow(numbers.index(number))
        panel.confirm = lambda _w, question: number in question
        panel.erase_button.click()
        qtbot.waitUntil(lambda: not panel.status.isHidden(), timeout=20_000)
        assert panel.error.isHidden()
        qtbot.waitUntil(
            lambda: number not in [r.case_number for r in panel.model.rows()], timeout=20_000
        )
    finally:
        runner.wait_all()
        store.close()
    assert _rows_left(team, client_id) == 0
