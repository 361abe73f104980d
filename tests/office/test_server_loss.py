"""The server dies mid-work: every acknowledged write survives, the app gets a clear error, and
the same store works again once the server is back."""

from __future__ import annotations

import threading

import pytest

from safehaven.services.cases import clients
from safehaven.services.cases.clients import ClientDraft
from safehaven.storage.postgres.errors import OfficeUnavailable
from safehaven.storage.stores import office_store
from tests.office.conftest import Team


def test_killing_the_server_loses_no_acknowledged_write(team: Team) -> None:
    server = team.office.server
    store = team.store(team.supervisor)
    acknowledged: list[int] = []
    failures: list[BaseException] = []
    stop = threading.Event()

    def writer() -> None:
        n = 0
        while not stop.is_set():
            n += 1
            try:
                with store.session() as session:
                    row = clients.register_client(
                        session, actor=team.supervisor, draft=ClientDraft(chosen_name=f"Kill {n}")
                    )
                acknowledged.append(row.id)
            except BaseException as exc:  # the failure the app would show
                failures.append(exc)
                return

    thread = threading.Thread(target=writer)
    thread.start()
    while len(acknowledged) < 5:
        thread.join(0.05)
    server.kill()
    thread.join(30)
    stop.set()
    try:
        assert failures
        assert isinstance(failures[0], OfficeUnavailable)
        with pytest.raises(OfficeUnavailable), store.session() as session:
            clients.get_client(session, actor=team.supervisor, client_id=acknowledged[0])
    finally:
        server.start()
    with store.session() as session:
        for client_id in acknowledged:
            clients.get_client(session, actor=team.supervisor, client_id=client_id)
    store.close()


def test_a_restart_while_the_person_was_away_goes_unnoticed(
    team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Connections that sat unused are tested before use: after the server restarted in the
    meantime, the next action simply works (here every connection counts as having sat)."""
    monkeypatch.setattr(office_store, "IDLE_CHECK_AFTER", 0.0)
    server = team.office.server
    store = team.store(team.supervisor)
    try:
        with store.session() as session:
            row = clients.register_client(
                session, actor=team.supervisor, draft=ClientDraft(chosen_name="Away")
            )
        server.stop()
        server.start()
        with store.session() as session:
            assert clients.get_client(session, actor=team.supervisor, client_id=row.id).id == row.id
    finally:
        store.close()
