"""Reading the file the user chose and writing where the user chose: when the disk refuses, the
reason is shown in one line (the operating system's words, never the path) and nothing else
happens."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from safehaven.i18n import _
from safehaven.storage.files import write_atomic
from safehaven.ui.context import present


def read_chosen(path: Path, where: QWidget) -> bytes | None:
    """The bytes of `path`, or None with the reason shown in `where`."""
    try:
        return path.read_bytes()
    except OSError as exc:
        present(where, _("Cannot read the file ({reason}).").format(reason=_reason(exc)))
        return None


def write_chosen(path: Path, data: bytes, where: QWidget) -> bool:
    """Write `data` to `path` atomically; False with the reason shown in `where`."""
    try:
        write_atomic(path, data)
    except OSError as exc:
        present(where, _("Cannot write the file ({reason}).").format(reason=_reason(exc)))
        return False
    return True


def _reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__
