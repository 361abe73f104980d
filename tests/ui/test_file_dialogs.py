"""File dialogs open in the documents folder, then in the folder used last (remembered outside
the vault, the folder only), never in the process's working directory."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel

from safehaven import i18n
from safehaven.paths import state_dir
from safehaven.ui.widgets import file_dialogs
from tests.ui.shell_support import start_app

UI = Path(file_dialogs.__file__).resolve().parent.parent


@pytest.fixture
def documents(tmp_path, monkeypatch) -> Path:
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    elsewhere = tmp_path / "started-here"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # the working directory must never be offered
    return home / "Documents"


def _answer(act: Callable[[QFileDialog], None]) -> list[Path]:
    """When the modal file dialog shows, note the folder it opened in and let `act` close it."""
    opened_in: list[Path] = []

    def poll() -> None:
        shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, QFileDialog)]
        dialog = next((w for w in shown if w.isVisible()), None)
        if dialog is None:
            QTimer.singleShot(20, poll)
            return
        opened_in.append(Path(dialog.directory().absolutePath()))
        act(dialog)

    QTimer.singleShot(0, poll)
    return opened_in


def _save_as(target: Path) -> Callable[[QFileDialog], None]:
    def act(dialog: QFileDialog) -> None:
        dialog.selectFile(str(target))
        dialog.accept()

    return act


def test_documents_first_then_the_last_folder_used(qtbot, tmp_path, documents) -> None:
    assert file_dialogs.start_folder() == documents
    other = tmp_path / "usb-stick" / "letters"
    other.mkdir(parents=True)
    opened = _answer(_save_as(other / "SH-2026-0001.pdf"))
    chosen = file_dialogs.save_file(None, "Save", "letter.pdf", "PDF files (*.pdf)")
    assert opened == [documents]
    assert Path(chosen) == other / "SH-2026-0001.pdf"
    assert file_dialogs.start_folder() == other

    opened = _answer(lambda dialog: dialog.reject())
    assert file_dialogs.existing_folder(None, "Folder") == ""
    assert opened == [other]
    assert file_dialogs.start_folder() == other  # a cancelled dialog changes nothing

    kept = json.loads((state_dir() / file_dialogs.FILE_NAME).read_text("utf-8"))
    assert kept == {"last": str(other)}  # the folder only: no file name, nothing about a case


def test_a_file_dialog_speaks_spanish_with_the_staff(qtbot, tmp_path, documents) -> None:
    app = start_app(qtbot, tmp_path / "new")  # the application installs Qt's own catalogue
    i18n.set_language("es")
    labels: dict[str, str] = {}

    def read_and_cancel(dialog: QFileDialog) -> None:
        for label in dialog.findChildren(QLabel):
            labels[label.objectName()] = label.text()
        dialog.reject()

    _answer(read_and_cancel)
    assert file_dialogs.open_file(None, "Abrir", "PDF (*.pdf)") == ""
    assert labels["lookInLabel"] == "&Buscar en:"
    assert labels["fileNameLabel"] == "&Nombre de fichero:"  # from Qt's own catalogue
    assert labels["fileTypeLabel"] == "Archivos de tipo:"
    app.shutdown()


def test_a_removed_last_folder_falls_back_to_documents(tmp_path, documents) -> None:
    gone = tmp_path / "gone"
    gone.mkdir()
    file_dialogs.remember_folder(gone)
    assert file_dialogs.start_folder() == gone
    gone.rmdir()
    assert file_dialogs.start_folder() == documents


def test_every_file_dialog_in_the_ui_goes_through_the_helper() -> None:
    helper = Path(file_dialogs.__file__).resolve()
    direct = [
        str(path.relative_to(UI))
        for path in UI.rglob("*.py")
        if path.resolve() != helper and "QFileDialog" in path.read_text("utf-8")
    ]
    assert direct == []
