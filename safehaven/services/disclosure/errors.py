"""Typed failures of reports and exports (worded by safehaven.messages)."""

from __future__ import annotations

from collections.abc import Callable

from safehaven.services.errors import DomainError


class PolicyInvalid(DomainError):
    """The export policy `policy` cannot be used; `problem` is a code."""

    def __init__(self, policy: str, problem: str) -> None:
        super().__init__(policy, problem)
        self.policy = policy
        self.problem = problem


class InvalidPeriod(DomainError):
    """`text` is not a fixed period; `accepted` lists the forms that are."""

    def __init__(self, text: str, accepted: tuple[str, ...]) -> None:
        super().__init__(text, accepted)
        self.text = text
        self.accepted = accepted


class TooFewClients(DomainError):
    """Fewer than `minimum` clients were served in `period`: nothing safe can be published."""

    def __init__(self, period: str, minimum: int) -> None:
        super().__init__(period, minimum)
        self.period = period
        self.minimum = minimum


class AuditFailed(DomainError):
    """The reconstruction audit could not be passed; nothing was written.

    `reasons` are codes (`unprotected:T07`, `solver_time_limit`, `inconsistent`...)."""

    def __init__(self, period: str, reasons: tuple[str, ...]) -> None:
        super().__init__(period, reasons)
        self.period = period
        self.reasons = reasons


class EarlierExportConflict(DomainError):
    """Data of an already exported, overlapping period changed since that export; comparing the
    two exports could reveal the changed clients, so nothing is written."""

    def __init__(self, period: str, earlier_period: str, earlier_export: str) -> None:
        super().__init__(period, earlier_period, earlier_export)
        self.period = period
        self.earlier_period = earlier_period
        self.earlier_export = earlier_export


class ExportCancelled(DomainError):
    """The user cancelled; nothing was written."""


def stop_if_cancelled(is_cancelled: Callable[[], bool]) -> None:
    """Raise ExportCancelled when Cancel was pressed (looked at between the export's steps)."""
    if is_cancelled():
        raise ExportCancelled()


class OutputProblem(DomainError):
    """The chosen folder cannot take the export (`reason`: not_a_folder | not_empty | os_error)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
