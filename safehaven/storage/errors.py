"""Typed storage errors. `safehaven.ui.messages` and the CLI turn them into sentences."""

from __future__ import annotations

import errno
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


class VaultError(Exception):
    """Base class for every expected vault failure (never shown as a traceback)."""


class VaultNotFound(VaultError):
    def __init__(self, folder: str) -> None:
        super().__init__(folder)
        self.folder = folder


class VaultExists(VaultError):
    def __init__(self, folder: str) -> None:
        super().__init__(folder)
        self.folder = folder


class WrongCredentials(VaultError):
    """Unknown user, wrong password or deactivated account: deliberately indistinguishable."""


class VaultLocked(VaultError):
    """Another SafeHaven process has this vault open."""

    def __init__(self, folder: str) -> None:
        super().__init__(folder)
        self.folder = folder


class KeySlotsDamaged(VaultError):
    """`keyslots.json` is missing, unreadable or fails validation."""

    def __init__(self, path: str, reason: str, *, backup_available: bool = False) -> None:
        super().__init__(path, reason)
        self.path = path
        self.reason = reason
        self.backup_available = backup_available


class DatabaseDamaged(VaultError):
    """The database cannot be opened with a correct key, or fails its integrity check."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(path, reason)
        self.path = path
        self.reason = reason


class VaultReadOnly(VaultError):
    def __init__(self, path: str) -> None:
        super().__init__(path)
        self.path = path


class DiskFull(VaultError):
    def __init__(self, path: str) -> None:
        super().__init__(path)
        self.path = path


class BackupInvalid(VaultError):
    """A backup file that cannot be used. `reason` is a code: missing, not_a_backup,
    members_missing, manifest_damaged, unknown_version, keyslots_checksum, keyslots_damaged,
    database_checksum, not_encrypted, integrity, wrong_key."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(path, reason)
        self.path = path
        self.reason = reason


def guard_write(path: Path, action: Callable[[], T]) -> T:
    """Run a write; a full disk or a read-only folder becomes a typed error."""
    try:
        return action()
    except PermissionError:
        raise VaultReadOnly(str(path)) from None
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            raise DiskFull(str(path)) from None
        if exc.errno in (errno.EROFS, errno.EACCES):
            raise VaultReadOnly(str(path)) from None
        raise
