"""File and folder choices and confirmations, replaceable in tests."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from safehaven.i18n import _


def open_file(parent: QWidget, title: str, pattern: str) -> str:
    return QFileDialog.getOpenFileName(parent, title, "", pattern)[0]


def save_file(parent: QWidget, title: str, suggested: str) -> str:
    return QFileDialog.getSaveFileName(parent, title, suggested)[0]


def folder(parent: QWidget) -> str:
    return QFileDialog.getExistingDirectory(parent, _("Save the status file in this folder"))


def confirm(parent: QWidget, text: str) -> bool:
    answer = QMessageBox.question(parent, _("Please confirm"), text)
    return answer == QMessageBox.StandardButton.Yes
