"""Failed-unlock counter beside the vault, so repeated failures slow down across restarts.

Holds a count and a time only; no username (an unknown user and a wrong password look the same).
Failures are also written to the audit log at the next successful unlock.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from pathlib import Path

ATTEMPTS_NAME = "attempts.json"
FREE_ATTEMPTS = 3
MAX_DELAY_S = 30.0


def _path(folder: Path) -> Path:
    return folder / ATTEMPTS_NAME


def failures(folder: Path) -> list[str]:
    """ISO timestamps of failed unlocks since the last success."""
    try:
        data = json.loads(_path(folder).read_text("utf-8"))
        return [str(x) for x in data.get("failures", [])][-1000:]
    except (OSError, ValueError, AttributeError):
        return []


def record_failure(folder: Path) -> int:
    stamps = [*failures(folder), dt.datetime.now(dt.UTC).isoformat(timespec="seconds")]
    with contextlib.suppress(OSError):
        _path(folder).write_text(json.dumps({"failures": stamps[-1000:]}), "utf-8")
    return len(stamps)


def clear(folder: Path) -> list[str]:
    """Forget the failures (after a success) and return them for the audit log."""
    stamps = failures(folder)
    with contextlib.suppress(OSError):
        _path(folder).unlink(missing_ok=True)
    return stamps


def delay_for(count: int) -> float:
    """Seconds to wait before the next attempt: free at first, then doubling up to 30 s."""
    if count < FREE_ATTEMPTS:
        return 0.0
    return min(MAX_DELAY_S, float(2 ** (count - FREE_ATTEMPTS)))
