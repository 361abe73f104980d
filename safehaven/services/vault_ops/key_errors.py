"""Typed failures of the key-slot operations (worded in safehaven/messages.py)."""

from __future__ import annotations

from safehaven.services.errors import DomainError


class KeySlotsHealthy(DomainError):
    """`repair-keyslots` was asked for, but keyslots.json is readable and valid."""

    def __init__(self, path: str) -> None:
        super().__init__(path)
        self.path = path


class TemporaryPasswordMustChange(DomainError):
    """The account signed in with a temporary password and tried to do anything but change it."""

    def __init__(self, username: str) -> None:
        super().__init__(username)
        self.username = username
