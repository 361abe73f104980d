"""A running statement stops when its job is cancelled, and the connection stays usable."""

from __future__ import annotations

import itertools

import pytest

from safehaven.storage.interrupt import Interrupted, interruptible, session_connection

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
