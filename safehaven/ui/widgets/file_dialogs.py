"""Every file dialog in SafeHaven: it opens in the folder used last, else the user's documents
folder, never in the process's working directory.

Only that one folder path is remembered, outside the vault in `paths.state_dir()/folders.json`
(beside the window sizes): never a file name, never anything about a client.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from safehaven.i18n import _
from safehaven.paths import state_dir
from safehaven.storage.files import write_atomic

log = logging.getLogger(__name__)
FILE_NAME = "folders.json"


def documents_folder() -> Path:
    """The user's documents folder (their home folder when the platform has none)."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if found and Path(found).is_dir():
        return Path(found)
    return Path.home()


def last_folder() -> Path | None:
    try:
        data = json.loads((state_dir() / FILE_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    value = data.get("last") if isinstance(data, dict) else None
    if isinstance(value, str) and value and Path(value).is_dir():
        return Path(value)
    return None


def start_folder() -> Path:
    """Where the next file dialog opens."""
    return last_folder() or documents_folder()


def remember_folder(chosen: str | Path) -> None:
    """Remember the folder of a chosen file (or the chosen folder itself)."""
    path = Path(chosen)
    folder = path if path.is_dir() else path.parent
    try:
        state_dir().mkdir(parents=True, exist_ok=True)
        data = json.dumps({"last": str(folder.resolve())}).encode("utf-8")
        write_atomic(state_dir() / FILE_NAME, data)
    except OSError as exc:  # a folder not remembered is no reason to stop
        log.warning("last folder not remembered (%s)", type(exc).__name__)


def _ask(dialog: QFileDialog) -> str:
    """Run `dialog`; the chosen path ("" when cancelled), its folder remembered.

    Two labels are ours: Qt's Spanish catalogue lacks the texts Qt 6 now uses for them."""
    dialog.setLabelText(QFileDialog.DialogLabel.LookIn, _("&Look in:"))
    dialog.setLabelText(QFileDialog.DialogLabel.FileType, _("Files of type:"))
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    chosen = dialog.selectedFiles() if accepted else []
    dialog.deleteLater()
    if not chosen:
        return ""
    remember_folder(chosen[0])
    return chosen[0]


def open_file(parent: QWidget | None, title: str, filters: str = "") -> str:
    """An existing file to read; "" when cancelled."""
    dialog = QFileDialog(parent, title, str(start_folder()), filters)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    return _ask(dialog)


def save_file(parent: QWidget | None, title: str, suggested: str, filters: str = "") -> str:
    """Where to write a new file, offering `suggested` (a plain name) in the start folder."""
    target = start_folder() / suggested if suggested else start_folder()
    dialog = QFileDialog(parent, title, str(target), filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    return _ask(dialog)


def existing_folder(parent: QWidget | None, title: str) -> str:
    """An existing folder; "" when cancelled."""
    dialog = QFileDialog(parent, title, str(start_folder()))
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    return _ask(dialog)
