"""One SafeHaven process per vault: an OS file lock, released by the OS if the process dies.

A crashed process therefore never leaves a lock that blocks: the lock file may remain on disk but
the advisory lock on it is gone, and the next process takes it over.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
from pathlib import Path
from typing import IO

from safehaven.storage.errors import VaultLocked

LOCK_NAME = "safehaven.lock"

if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fh: IO[bytes]) -> bool:
        try:
            msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fh: IO[bytes]) -> None:
        with contextlib.suppress(OSError):
            msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fh: IO[bytes]) -> bool:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True

    def _unlock(fh: IO[bytes]) -> None:
        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


class VaultLock:
    """Hold with `acquire()`; `release()` (or process exit) frees it."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / LOCK_NAME
        self._fh: IO[bytes] | None = None

    @property
    def held(self) -> bool:
        return self._fh is not None

    def acquire(self) -> None:
        if self._fh is not None:
            return
        fh = self.path.open("a+b")  # kept open while the lock is held
        if not _try_lock(fh):
            fh.close()
            raise VaultLocked(str(self.path.parent))
        fh.seek(0)
        fh.truncate()
        stamp = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        fh.write(f"pid={os.getpid()} since={stamp}\n".encode())
        fh.flush()
        self._fh = fh

    def release(self) -> None:
        if self._fh is None:
            return
        _unlock(self._fh)
        self._fh.close()
        self._fh = None
