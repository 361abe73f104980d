"""Keep `audit-head.json` beside the vault in step with the audit chain.

After every commit that added audit events through the vault's sessions, the new head is signed
and written (after the commit, so the file is never ahead of the database). Writes only move
forward; a head file that cannot be written is logged and the next commit tries again.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.orm import Session, sessionmaker

from safehaven.storage.audit_head import (
    hold_head_file,
    is_authentic,
    read_head_file,
    sign_head,
    write_head_file,
)

log = logging.getLogger(__name__)
_KEY = "safehaven.audit_head"


class HeadTracker:
    def __init__(self, folder: Path, data_key: Callable[[], bytes]) -> None:
        self.folder = Path(folder)
        self._data_key = data_key
        self._lock = threading.Lock()
        self._written = -1
        self._restored_at: str | None = None

    def check_against(self, engine: Engine) -> None:
        """At unlock: a head file the chain no longer matches is kept aside as evidence
        (`audit-head-held-<seq>.json`, reported by `audit verify` and `check` until an
        administrator removes it), so the next commit cannot paper over a shortened chain."""
        status, head = read_head_file(self.folder)
        key = self._data_key()
        if status == "damaged":
            hold_head_file(self.folder, "damaged")
            return
        if status != "ok" or head is None or not key:
            return
        if not is_authentic(head, key):
            hold_head_file(self.folder, "unauthenticated")
            return
        with engine.connect() as conn:
            row = conn.exec_driver_sql(
                "SELECT hash FROM audit_event WHERE id = ?", (head.seq,)
            ).fetchone()
        holds = head.seq == 0 or (row is not None and str(row[0]) == head.hash)
        self._restored_at = head.restored_at
        if not holds:
            hold_head_file(self.folder, str(head.seq))
            log.warning("audit chain does not reach the recorded head; head file kept aside")
            return
        self._written = head.seq

    def install(self, sessions: sessionmaker[Session]) -> None:
        event.listen(sessions, "after_flush", self._after_flush)
        event.listen(sessions, "after_commit", self._after_commit)
        event.listen(sessions, "after_soft_rollback", self._after_rollback)

    def _after_flush(self, session: Session, _context: Any) -> None:
        best = session.info.get(_KEY)
        for obj in session.new:
            is_event = getattr(obj, "__tablename__", None) == "audit_event"
            if is_event and (best is None or obj.id > best[0]):
                best = (int(obj.id), str(obj.hash))
        if best is not None:
            session.info[_KEY] = best

    def _after_rollback(self, session: Session, _previous: Any) -> None:
        session.info.pop(_KEY, None)

    def _after_commit(self, session: Session) -> None:
        head = session.info.pop(_KEY, None)
        if head is not None:
            self.record(*head)

    def record(self, seq: int, digest: str, *, restored_at: str | None = None) -> None:
        """Write the head when it is newer than the last one written (or marks a restore)."""
        key = self._data_key()
        if not key:
            return
        with self._lock:
            if restored_at is not None:
                self._restored_at, self._written = restored_at, -1
            if seq <= self._written:
                return
            try:
                write_head_file(self.folder, sign_head(key, seq, digest, self._restored_at))
            except OSError as exc:
                log.warning("audit head file not written (%s)", exc.strerror or type(exc).__name__)
                return
            self._written = seq
