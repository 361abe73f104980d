"""Sentences for the screening area's expected failures (merged into `safehaven.messages`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from safehaven.i18n import _
from safehaven.services.screening.bank import ScreeningBankError
from safehaven.services.screening.protocol_files import ProtocolError

SCREENING_MESSAGES: dict[type[BaseException], Callable[[Any], str]] = {
    ScreeningBankError: lambda exc: _(
        "The screening question bank is damaged at {entry} ({problem}{detail})."
    ).format(
        entry=exc.question_key or "-",
        problem=exc.problem,
        detail=f": {exc.detail}" if exc.detail else "",
    ),
    ProtocolError: lambda exc: _(
        "The response protocol file is not valid at {entry} ({problem}{detail})."
    ).format(
        entry=exc.entry or "-", problem=exc.problem, detail=f": {exc.detail}" if exc.detail else ""
    ),
}
