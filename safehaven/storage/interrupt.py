"""Stopping a running SQLite statement when the user cancels (or types the next key).

SQLite calls a progress handler every few thousand virtual-machine steps; returning non-zero
aborts the statement with "interrupted", which `interruptible` turns into `Interrupted`. The
handler belongs to one connection and is removed afterwards, so a pooled connection never keeps
a stale one (unlike `sqlite3_interrupt`, which could hit the connection's next user).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

import sqlcipher3
from sqlalchemy.exc import OperationalError

from safehaven.storage.errors import VaultError

STEPS = 2000  # about 0.1 ms of work between two looks at the cancel flag


class Interrupted(VaultError):
    """A statement or a long job stopped because it was cancelled (nothing was written)."""

    def __init__(self) -> None:
        super().__init__("interrupted")


def check(is_cancelled: Callable[[], bool]) -> None:
    """Between two steps of a long job: stop here if it was cancelled."""
    if is_cancelled():
        raise Interrupted()


def never() -> bool:
    return False


@contextlib.contextmanager
def interruptible(dbapi_connection: Any, is_cancelled: Callable[[], bool]) -> Iterator[None]:
    """Statements run inside stop soon after `is_cancelled()` turns true (raises Interrupted)."""
    if is_cancelled():
        raise Interrupted()
    if not hasattr(dbapi_connection, "set_progress_handler"):
        # the office server (psycopg): no progress handler; the statement runs to its end on
        # the server and the answer of a cancelled one is dropped
        yield
        check(is_cancelled)
        return
    stopped: list[bool] = []

    def handler() -> int:
        if is_cancelled():
            stopped.append(True)
            return 1
        return 0

    dbapi_connection.set_progress_handler(handler, STEPS)
    try:
        yield
    except (OperationalError, sqlcipher3.OperationalError) as exc:
        if stopped and "interrupt" in str(exc).lower():
            raise Interrupted() from None
        raise
    finally:
        dbapi_connection.set_progress_handler(None, 0)


def session_connection(session: Any) -> Any:
    """The DB-API connection under an SQLAlchemy session (opened now if need be)."""
    return session.connection().connection.dbapi_connection
