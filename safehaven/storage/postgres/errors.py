"""Typed office-mode failures (ui/messages and the CLI turn them into sentences)."""

from __future__ import annotations


class OfficeError(Exception):
    """Base of office-mode failures."""


class OfficeSetupFailed(OfficeError):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class OfficeUnavailable(OfficeError):
    """The server cannot be reached (down, network gone, TLS refused). Unsaved work is kept."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class OfficeLoginRefused(OfficeError):
    """Wrong name or password, or a disabled login (the same message for each)."""
