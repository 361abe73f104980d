"""Several people at once: one audit chain, refused stale saves, search under row security."""

from __future__ import annotations

import datetime as dt
import threading
import uuid

import psycopg
import pytest
from sqlalchemy.orm.exc import StaleDataError

from safehaven.services import audit
from safehaven.services.cases import case_list, clients, notes
from safehaven.services.cases.case_list import CaseQuery
from safehaven.services.cases.clients import ClientDraft
from safehaven.services.errors import NotFound
from tests.office.conftest import Team


def test_eight_writers_keep_one_verifying_chain(team: Team) -> None:
    stores = [team.store(team.supervisor) for _ in range(8)]
    errors: list[BaseException] = []

    def write(store_index: int) -> None:
        try:
            for n in range(15):
                with stores[store_index].session() as session, session.begin():
                    audit.record_event(
                        session,
                        actor_id=team.supervisor.user_id,
                        action="load_test",
                        details={"writer": store_index, "n": n},
                    )
        except BaseException as exc:  # collected for the assert below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for store in stores:
        store.close()
    assert errors == []
    admin = team.store(team.admin)
    try:
        with admin.session() as session:
            report = audit.verify_chain(session, actor=team.admin)
            written = (
                session.execute(
                    audit.select(audit.AuditEvent).where(audit.AuditEvent.action == "load_test")
                )
                .scalars()
                .all()
            )
    finally:
        admin.close()
    assert report.ok, report
    assert len(written) == 8 * 15


def test_second_save_of_the_same_case_is_refused(team: Team) -> None:
    one, two = team.store(team.supervisor), team.store(team.supervisor)
    try:
        with one.session() as session:
            row = clients.register_client(
                session, actor=team.supervisor, draft=ClientDraft(chosen_name="Conflict case")
            )
        s1, s2 = one.session(), two.session()
        first = s1.get(clients.Client, row.id)
        second = s2.get(clients.Client, row.id)
        assert first is not None
        assert second is not None
        first.chosen_name = "First save"
        s1.commit()
        second.chosen_name = "Second save"
        with pytest.raises(StaleDataError):
            s2.commit()
        s2.rollback()
        s1.close()
        s2.close()
        with one.session() as session:
            assert clients.get_client(
                session, actor=team.supervisor, client_id=row.id
            ).chosen_name == ("First save")
    finally:
        one.close()
        two.close()


def test_search_folds_accents_and_respects_case_scope(team: Team) -> None:
    sup = team.store(team.supervisor)
    try:
        with sup.session() as session:
            mine = clients.register_client(
                session,
                actor=team.supervisor,
                draft=ClientDraft(
                    chosen_name="José Nguyễn",
                    legal_name="Hidden Legalname",
                    assigned_caseworker_id=team.caseworker.user_id,
                ),
            )
        with sup.session() as session:
            theirs = clients.register_client(
                session,
                actor=team.supervisor,
                draft=ClientDraft(
                    chosen_name="José Other", assigned_caseworker_id=team.caseworker2.user_id
                ),
            )
        with sup.session() as session:
            found = case_list.case_ids(
                session, actor=team.supervisor, query=CaseQuery(text="jose ngu")
            )
            by_number = case_list.case_ids(
                session, actor=team.supervisor, query=CaseQuery(text=mine.case_number)
            )
            legal = case_list.case_ids(
                session, actor=team.supervisor, query=CaseQuery(text="legalname")
            )
    finally:
        sup.close()
    assert found == [mine.id]
    assert by_number == [mine.id]
    assert legal == []
    cw = team.store(team.caseworker)
    try:
        with cw.session() as session:
            seen = case_list.case_ids(session, actor=team.caseworker, query=CaseQuery(text="jose"))
    finally:
        cw.close()
    assert mine.id in seen
    assert theirs.id not in seen


def test_caseworker_services_work_within_their_scope(team: Team) -> None:
    sup = team.store(team.supervisor)
    try:
        with sup.session() as session:
            case = clients.register_client(
                session,
                actor=team.supervisor,
                draft=ClientDraft(
                    chosen_name="Scope case",
                    legal_name="Shown To Caseworker",
                    assigned_caseworker_id=team.caseworker.user_id,
                ),
            )
    finally:
        sup.close()
    cw, other = team.store(team.caseworker), team.store(team.caseworker2)
    try:
        with cw.session() as session:
            notes.add_note(
                session,
                actor=team.caseworker,
                client_id=case.id,
                dated=dt.date.today(),
                text="first visit",
            )
        with cw.session() as session:
            row = clients.get_client(session, actor=team.caseworker, client_id=case.id)
            listed = notes.list_notes(session, actor=team.caseworker, client_id=case.id)
            history = audit.client_history(session, client_id=case.id)
        assert row.legal_name == "Shown To Caseworker"
        assert [n.text for n in listed] == ["first visit"]
        assert {h.action for h in history} >= {"client_registered"} or history
        with (
            other.session() as session,
            pytest.raises(NotFound),
        ):
            clients.get_client(session, actor=team.caseworker2, client_id=case.id)
    finally:
        cw.close()
        other.close()


def test_intake_registers_and_reads_without_legal_names(team: Team) -> None:
    store = team.store(team.intake)
    try:
        with store.session() as session:
            row = clients.register_client(
                session, actor=team.intake, draft=ClientDraft(chosen_name="Intake case")
            )
        with store.session() as session:
            again = clients.get_client(session, actor=team.intake, client_id=row.id)
            clients.update_client(
                session,
                actor=team.intake,
                client_id=row.id,
                draft=ClientDraft(chosen_name="Intake case renamed"),
            )
    finally:
        store.close()
    assert again.legal_name is None
    assert not again.legal_visible


def test_a_list_sees_that_someone_else_changed_a_case(team: Team) -> None:
    from safehaven.services.office.refresh import lists_version

    watcher, editor = team.store(team.caseworker), team.store(team.supervisor)
    try:
        with watcher.session() as session:
            before = lists_version(session, actor=team.caseworker)
        with editor.session() as session:
            clients.register_client(
                session,
                actor=team.supervisor,
                draft=ClientDraft(chosen_name="Unassigned newcomer"),
            )
        with watcher.session() as session:
            after = lists_version(session, actor=team.caseworker)
        with editor.session() as session:
            clients.register_client(
                session,
                actor=team.supervisor,
                draft=ClientDraft(
                    chosen_name="Not theirs", assigned_caseworker_id=team.caseworker2.user_id
                ),
            )
        with watcher.session() as session:
            unchanged = lists_version(session, actor=team.caseworker)
    finally:
        watcher.close()
        editor.close()
    assert after != before
    assert after.cases == before.cases + 1
    assert unchanged == after  # a case they cannot see does not disturb their list


def test_a_list_sees_a_referral_and_its_task_changed_by_someone_else(team: Team, case) -> None:  # type: ignore[no-untyped-def]
    """A referral sent by a colleague (which schedules its follow-up task) moves the version the
    Tasks page follows for the case's caseworker, and not for a caseworker who cannot see it."""
    from safehaven.services.office.refresh import lists_version
    from safehaven.services.referrals.referrals import send_referral

    client_id, _name = case
    referral_id = _draft_referral(team, client_id)
    colleague = team.store(team.supervisor)
    watcher, outsider = team.store(team.caseworker), team.store(team.caseworker2)
    try:
        with watcher.session() as session:
            before = lists_version(session, actor=team.caseworker)
        with outsider.session() as session:
            unseen_before = lists_version(session, actor=team.caseworker2)
        with colleague.session() as session:
            send_referral(session, actor=team.supervisor, referral_id=referral_id)
        with watcher.session() as session:
            after = lists_version(session, actor=team.caseworker)
        with outsider.session() as session:
            unseen_after = lists_version(session, actor=team.caseworker2)
    finally:
        for store in (colleague, watcher, outsider):
            store.close()
    assert (after.cases, after.last_change) == (before.cases, before.last_change)
    assert after.referrals != before.referrals
    assert after.tasks[0] == before.tasks[0] + 1  # the follow-up task is new and visible
    assert unseen_after == unseen_before


def test_two_answers_to_one_referral_at_once_one_wins(team: Team, case) -> None:  # type: ignore[no-untyped-def]
    """A caseworker accepts and a supervisor declines the same referral at the same moment:
    one answer is saved, the other is refused as a stale save, never a silent overwrite."""
    from safehaven.services.referrals import referrals

    client_id, _name = case
    referral_id = _draft_referral(team, client_id)
    supervisor = team.store(team.supervisor)
    try:
        with supervisor.session() as session:
            referrals.send_referral(session, actor=team.supervisor, referral_id=referral_id)
    finally:
        supervisor.close()

    answers = {
        "accepted": (
            team.caseworker,
            lambda s, a: referrals.accept_referral(s, actor=a, referral_id=referral_id),
        ),
        "declined": (
            team.supervisor,
            lambda s, a: referrals.decline_referral(
                s, actor=a, referral_id=referral_id, reason="no_capacity"
            ),
        ),
    }
    outcome: dict[str, BaseException | None] = {}

    def answer(status: str) -> None:
        actor, act = answers[status]
        store = team.store(actor)
        try:
            with store.session() as session:
                act(session, actor)
            outcome[status] = None
        except BaseException as exc:  # handed to the test thread
            outcome[status] = exc
        finally:
            store.close()

    superuser = team.office.server.superuser_dsn(team.office.dbname)
    with psycopg.connect(superuser) as holder, psycopg.connect(superuser, autocommit=True) as spy:
        # hold the row so both answers have read it before either may write it
        holder.execute("SELECT 1 FROM referral WHERE id = %s FOR UPDATE", (referral_id,))
        threads = [threading.Thread(target=answer, args=(s,)) for s in answers]
        for thread in threads:
            thread.start()
        waiting = (
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND wait_event_type = 'Lock'"
        )
        for _ in range(200):
            row = spy.execute(waiting, (team.office.dbname,)).fetchone()
            if row is not None and row[0] >= 2:
                break
            threading.Event().wait(0.05)
        holder.rollback()
        for thread in threads:
            thread.join(timeout=30)

    winners = [s for s, exc in outcome.items() if exc is None]
    losers = [exc for exc in outcome.values() if exc is not None]
    assert len(winners) == 1, outcome
    assert len(losers) == 1, outcome
    assert isinstance(losers[0], StaleDataError), outcome
    store = team.store(team.supervisor)
    try:
        with store.session() as session:
            saved = referrals.get_referral(session, actor=team.supervisor, referral_id=referral_id)
    finally:
        store.close()
    assert saved.status == winners[0]


def _draft_referral(team: Team, client_id: int) -> int:
    """A draft referral of the case to a new organization, with consent, by the supervisor."""
    from tests.services.referral_helpers import grant, make_org, make_referral

    admin, supervisor = team.store(team.admin), team.store(team.supervisor)
    try:
        with admin.session() as session:
            org = make_org(session, team.admin, name=f"Harbor Legal Aid {uuid.uuid4().hex[:8]}")
        with supervisor.session() as session:
            grant(session, team.supervisor, client_id, org)
            return make_referral(session, team.supervisor, client_id, org)
    finally:
        admin.close()
        supervisor.close()
