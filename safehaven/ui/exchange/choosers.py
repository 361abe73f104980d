"""File and folder choices and confirmations, replaceable in tests."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from safehaven.i18n import _
from safehaven.ui.widgets import file_dialogs


def open_file(parent: QWidget, title: str, pattern: str) -> str:
    return file_dialogs.open_file(parent, title, pattern)


def save_file(parent: QWidget, title: str, suggested: str) -> str:
    return file_dialogs.save_file(parent, title, suggested)


def folder(parent: QWidget) -> str:
    return file_dialogs.existing_folder(parent, _("Save the status file in this folder"))


def confirm(parent: QWidget, text: str) -> bool:
    answer = QMessageBox.question(parent, _("Please confirm"), text)
    return answer == QMessageBox.StandardButton.Yes
