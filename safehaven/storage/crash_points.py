"""Named points where the crash tests stop the process (SIGKILL), instead of relying on timing.

Only the test suite sets `SAFEHAVEN_CRASH_AT`; when it is unset a crash point does nothing.
"""

from __future__ import annotations

import os
import signal

CRASH_ENV = "SAFEHAVEN_CRASH_AT"


def crash_point(name: str) -> None:
    """Kill this process at once (no clean-up, like a power cut) when the tests ask for `name`."""
    if os.environ.get(CRASH_ENV) == name and hasattr(signal, "SIGKILL"):
        os.kill(os.getpid(), signal.SIGKILL)
