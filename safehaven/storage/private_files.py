"""Owner-only files and folders.

POSIX: the vault folder (and its `backups/`) is 0700 and every file SafeHaven writes is 0600 —
the vault's own files, backups, letters, recovery kits and exports alike. One exception, for
files written where the user chose: a folder with the setgid bit set is a team folder by the
usual Unix convention (`chmod g+s`), so files written into it are 0640 (the group may read
them). SafeHaven never changes the mode of a folder the user chose.

Windows: the same places get a protected ACL that grants full control to the current user only
(no inherited entries), set through pywin32's `win32security`.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from pathlib import Path
from typing import BinaryIO

PRIVATE_FOLDER = 0o700
PRIVATE_FILE = 0o600
SHARED_FILE = 0o640


def is_shared_folder(folder: Path) -> bool:
    """A folder set up for a team: setgid on POSIX. Never on Windows (ACLs decide there)."""
    if os.name != "posix":
        return False
    try:
        return bool(Path(folder).stat().st_mode & stat.S_ISGID)
    except OSError:
        return False


def file_mode(folder: Path) -> int:
    return SHARED_FILE if is_shared_folder(folder) else PRIVATE_FILE


def open_private(path: Path) -> BinaryIO:
    """A new file for writing (truncating), created owner-only (group-readable in a team
    folder); an existing file is re-moded first."""
    mode = file_mode(Path(path).parent)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), mode)
    if os.name == "posix":
        os.fchmod(fd, mode)
    else:
        _owner_only(Path(path), folder=False)
    return os.fdopen(fd, "wb")


def restrict_file(path: Path) -> None:
    if os.name == "posix":
        Path(path).chmod(file_mode(Path(path).parent))
    else:
        _owner_only(Path(path), folder=False)


def restrict_folder(path: Path) -> None:
    if os.name == "posix":
        Path(path).chmod(PRIVATE_FOLDER)
    else:
        _owner_only(Path(path), folder=True)


def secure_vault_folder(folder: Path) -> None:
    """Tighten a vault folder and everything in it (and in backups/). Best effort: a read-only
    vault is left as it is (opening it read-only is still allowed)."""
    folder = Path(folder)
    with contextlib.suppress(OSError):
        restrict_folder(folder)
    for sub in (folder, folder / "backups"):
        if not sub.is_dir():
            continue
        if sub != folder:
            with contextlib.suppress(OSError):
                restrict_folder(sub)
        for entry in sub.iterdir():
            if entry.is_file() and not entry.is_symlink():
                with contextlib.suppress(OSError):
                    restrict_file(entry)


def create_private_file(path: Path) -> None:
    """Create an empty owner-only file (SQLite then gives its -wal and -shm the same mode)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    os.close(fd)
    if os.name != "posix":
        _owner_only(Path(path), folder=False)


if sys.platform == "win32":  # pragma: no cover - exercised on Windows builds only
    import ntsecuritycon
    import win32api
    import win32security

    def _owner_only(path: Path, *, folder: bool) -> None:
        token = win32security.OpenProcessToken(
            win32api.GetCurrentProcess(), win32security.TOKEN_QUERY
        )
        user_sid = win32security.GetTokenInformation(token, win32security.TokenUser)[0]
        dacl = win32security.ACL()
        inherit = (
            win32security.OBJECT_INHERIT_ACE | win32security.CONTAINER_INHERIT_ACE if folder else 0
        )
        dacl.AddAccessAllowedAceEx(
            win32security.ACL_REVISION, inherit, ntsecuritycon.FILE_ALL_ACCESS, user_sid
        )
        win32security.SetNamedSecurityInfo(
            str(path),
            win32security.SE_FILE_OBJECT,
            win32security.DACL_SECURITY_INFORMATION
            | win32security.PROTECTED_DACL_SECURITY_INFORMATION,
            None,
            None,
            dacl,
            None,
        )

else:

    def _owner_only(path: Path, *, folder: bool) -> None:
        """POSIX uses modes; nothing to do."""
