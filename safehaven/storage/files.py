"""Writing files so that a crash leaves either the old file or the new one, never half of one.

`write_atomic` writes to a temporary name beside the target, fsyncs it, renames it over the
target and fsyncs the folder; with `keep_previous` the old content is kept as `<name>.bak`.
Used for the key-slot file, letters, recovery kits, exports and CSV files alike.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from safehaven.storage.private_files import open_private


def previous_path(path: Path) -> Path:
    """Where `write_atomic(..., keep_previous=True)` keeps the previous content."""
    return path.with_name(path.name + ".bak")


def write_atomic(path: Path, data: bytes, *, keep_previous: bool = False) -> None:
    write_atomic_with(path, lambda fh: fh.write(data), keep_previous=keep_previous)


def write_atomic_with(
    path: Path, fill: Callable[[BinaryIO], object], *, keep_previous: bool = False
) -> None:
    """As `write_atomic`, with the bytes written by `fill` (streamed, never all in memory); if
    `fill` raises, nothing appears at `path` and the partial file is removed."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        with open_private(tmp) as fh:  # owner-only (private_files.py)
            fill(fh)
            fh.flush()
            os.fsync(fh.fileno())
        if keep_previous and path.exists():
            prev = previous_path(path)
            prev_tmp = prev.with_name(prev.name + ".tmp")
            with open_private(prev_tmp) as fh:
                fh.write(path.read_bytes())
            fsync_file(prev_tmp)
            prev_tmp.replace(prev)
        tmp.replace(path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    fsync_dir(path.parent)


def fsync_file(path: Path) -> None:
    """Flush a file already written (e.g. by SQLite or zipfile) to the disk."""
    with path.open("rb+") as fh:
        os.fsync(fh.fileno())


def fsync_dir(folder: Path) -> None:
    """Make a rename in `folder` durable (POSIX; elsewhere the rename is enough)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
