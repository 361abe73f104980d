"""A rotating log for support staff: versions, timings, error types — never personal data.

Only ids and codes are logged. Exception messages from lower layers may quote data, so the
handler keeps the exception type and the traceback's code locations but drops the messages.
"""

from __future__ import annotations

import logging
import logging.handlers
import platform
import sys
import traceback
from typing import Any

from safehaven import __version__
from safehaven.paths import log_dir

LOG_NAME = "safehaven.log"
_configured: dict[str, bool] = {}


class _ScrubbingFormatter(logging.Formatter):
    """Formats tracebacks as file/line/function and exception type only."""

    def formatException(self, ei: Any) -> str:
        exc_type, tb = ei[0], ei[2]
        frames = traceback.extract_tb(tb)
        lines = [f"  {f.filename}:{f.lineno} in {f.name}" for f in frames]
        name = exc_type.__name__ if exc_type else "Exception"
        return "Traceback (messages withheld):\n" + "\n".join(lines) + f"\n{name}"


def setup_logging(level: int = logging.INFO) -> None:
    if _configured.get("done"):
        return
    _configured["done"] = True
    root = logging.getLogger("safehaven")
    root.setLevel(level)
    root.propagate = False
    try:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            folder / LOG_NAME, maxBytes=1_000_000, backupCount=5, encoding="utf-8"
        )
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(_ScrubbingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.info(
        "SafeHaven %s, Python %s, %s",
        __version__,
        sys.version.split()[0],
        platform.platform(terse=True),
    )
