"""Qt's own texts (standard buttons of message boxes and dialogs) follow the staff language,
also in a box that is already open when the language changes."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from safehaven import i18n
from tests.ui.shell_support import start_app

YES_NO = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No


def _yes_text(box: QMessageBox) -> str:
    button = box.button(QMessageBox.StandardButton.Yes)
    assert button is not None
    return button.text()


def test_yes_reads_si_in_spanish_and_yes_again_in_english(qtbot, tmp_path) -> None:
    app = start_app(qtbot, tmp_path / "new")
    open_box = QMessageBox(QMessageBox.Icon.Question, "SafeHaven", "?", YES_NO)
    qtbot.addWidget(open_box)
    assert _yes_text(open_box) == "&Yes"

    i18n.set_language("es")
    new_box = QMessageBox(QMessageBox.Icon.Question, "SafeHaven", "?", YES_NO)
    qtbot.addWidget(new_box)
    assert _yes_text(new_box) == "&Sí"
    qtbot.waitUntil(lambda: _yes_text(open_box) == "&Sí")  # retranslated where it stands
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(buttons)
    assert buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "Cancelar"

    i18n.set_language("en")
    english = QMessageBox(QMessageBox.Icon.Question, "SafeHaven", "?", YES_NO)
    qtbot.addWidget(english)
    assert _yes_text(english) == "&Yes"
    app.shutdown()
