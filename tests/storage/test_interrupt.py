"""A running statement stops when its job is cancelled, and the connection stays usable."""

from __future__ import annotations

import itertools
import threading

import pytest

from safehaven.storage.interrupt import (
    Interrupted,
    interruptible,
    run_cancellable,
    session_connection,
)

ENDLESS = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n"


def test_a_cancelled_statement_stops_and_the_session_goes_on(vault):
    asked = itertools.count()
    with vault.session() as session:
        connection = session_connection(session)
        with pytest.raises(Interrupted), interruptible(connection, lambda: next(asked) > 3):
            connection.execute(ENDLESS).fetchone()
        assert connection.execute("SELECT 41 + 1").fetchone() == (42,)  # handler removed


def test_an_already_cancelled_job_runs_nothing(vault):
    with vault.session() as session:
        connection = session_connection(session)
        with pytest.raises(Interrupted), interruptible(connection, lambda: True):
            raise AssertionError("never reached")


def test_other_errors_pass_through(vault):
    with vault.session() as session:
        connection = session_connection(session)
        with (
            pytest.raises(Exception, match="no such table"),
            interruptible(connection, lambda: False),
        ):
            connection.execute("SELECT * FROM no_such_table")


def test_a_step_that_cannot_look_is_left_behind_when_cancelled() -> None:
    """The wait for a step that cannot look at the flag (a key derivation) ends on Cancel,
    while the step itself is still running; its result is never used."""
    release = threading.Event()
    finished: list[str] = []

    def stuck() -> str:
        release.wait(10)
        finished.append("done")
        return "key"

    looks = itertools.count()
    with pytest.raises(Interrupted):
        run_cancellable(stuck, lambda: next(looks) > 0)  # cancelled once the step has started
    assert finished == []  # Cancel did not wait for the step
    release.set()


def test_a_step_that_runs_to_its_end_gives_its_result_or_its_error() -> None:
    assert run_cancellable(lambda: "key", lambda: False) == "key"
    with pytest.raises(ValueError, match="wrong password"):
        run_cancellable(_fails, lambda: False)


def _fails() -> str:
    raise ValueError("wrong password")
