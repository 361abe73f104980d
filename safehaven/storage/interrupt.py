"""Stopping a running SQLite statement when the user cancels (or types the next key).

SQLite calls a progress handler every few thousand virtual-machine steps; returning non-zero
aborts the statement with "interrupted", which `interruptible` turns into `Interrupted`. The
handler belongs to one connection and is removed afterwards, so a pooled connection never keeps
a stale one (unlike `sqlite3_interrupt`, which could hit the connection's next user).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

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


T = TypeVar("T")
POLL_SECONDS = 0.05


def run_cancellable(work: Callable[[], T], is_cancelled: Callable[[], bool]) -> T:
    """Run `work`, a step that cannot look at the flag itself (a key derivation: half a second
    of Argon2id), on a thread of its own, and stop waiting for it within POLL_SECONDS of a
    cancel. The step then finishes unseen and its result is dropped, so it must write nothing."""
    check(is_cancelled)
    if is_cancelled is never:
        return work()
    box: dict[str, Any] = {}
    done = threading.Event()

    def run() -> None:
        try:
            box["value"] = work()
        except BaseException as exc:  # handed to the waiting thread
            box["error"] = exc
        finally:
            done.set()

    threading.Thread(target=run, name="cancellable-step", daemon=True).start()
    while not done.wait(POLL_SECONDS):
        check(is_cancelled)
    if "error" in box:
        raise box["error"]
    return box["value"]  # type: ignore[no-any-return]


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
