"""The first-run wizard asks for the language first and then speaks it; Enter goes forward;
while the vault is created the wizard says so with a moving bar, and the vault keeps the
language chosen."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QRadioButton

from safehaven import i18n
from safehaven.services import settings as settings_service
from safehaven.services.accounts import accounts
from safehaven.ui.shell.first_run import FirstRunWizard
from tests.ui.shell_support import start_app

PASSWORD = "juniper lighthouse marmalade 7"


def _wizard(qtbot, tmp_path):  # type: ignore[no-untyped-def]
    app = start_app(qtbot, tmp_path / "new-vault")
    wizard = app.entry
    assert isinstance(wizard, FirstRunWizard)
    qtbot.waitExposed(wizard)
    return app, wizard


def test_the_first_page_is_the_language_and_espanol_turns_the_wizard_spanish(
    qtbot, tmp_path
) -> None:
    app, wizard = _wizard(qtbot, tmp_path)
    assert wizard.stack.currentWidget() is wizard.language_step
    offered = {b.text(): b for b in wizard.language_step.findChildren(QRadioButton)}
    assert {"English", "Español"} <= set(offered)
    assert offered["English"].isChecked()
    assert wizard.step.text() == "Step 1 of 4"

    espanol = offered["Español"]
    on_label = QPoint(8, espanol.height() // 2)  # the circle, where a person clicks
    qtbot.mouseClick(espanol, Qt.MouseButton.LeftButton, pos=on_label)
    assert i18n.current_language() == "es"
    assert wizard.heading.text() == "Bienvenido a SafeHaven"
    assert wizard.next_button.text() == "&Siguiente"
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    assert wizard.stack.currentIndex() == 1
    assert wizard.step.text() == "Paso 2 de 4"
    assert wizard.organization_label.text() == "Nombre de la &organización"
    assert wizard.why_disabled.text() == i18n.gettext_for("es", "Enter the organization's name.")
    assert wizard.why_disabled.text() != "Enter the organization's name."
    app.shutdown()


def test_enter_goes_forward_and_the_vault_is_created_without_freezing(qtbot, tmp_path) -> None:
    app, wizard = _wizard(qtbot, tmp_path)
    wizard.language_step.buttons["es"].setChecked(True)
    qtbot.keyClick(wizard.language_step.first_focus(), Qt.Key.Key_Return)
    assert wizard.stack.currentIndex() == 1  # forward, not nothing and not closed
    assert wizard.isVisible()
    qtbot.keyClick(wizard.organization, Qt.Key.Key_Return)
    assert wizard.stack.currentIndex() == 1  # no name yet: Enter does not skip the check
    wizard.organization.setText("Casa Refugio")
    qtbot.keyClick(wizard.organization, Qt.Key.Key_Enter)
    assert wizard.stack.currentIndex() == 2
    wizard.username.setText("director-admin")
    wizard.password.edit.setText(PASSWORD)
    wizard.confirm.setText(PASSWORD)
    assert not wizard.busy_bar.isVisible()

    qtbot.keyClick(wizard.confirm, Qt.Key.Key_Return)
    # the click returned at once: the vault is being made on the runner's thread meanwhile
    assert app.runner.active_count() == 1
    assert wizard.busy_bar.isVisible()
    assert wizard.busy_text.text() == "Creando la bóveda…"
    assert not wizard.stack.isEnabled()
    assert not wizard.next_button.isEnabled()
    assert wizard.cursor().shape() == Qt.CursorShape.BusyCursor
    assert not wizard.close()  # no half-made vault
    qtbot.waitUntil(lambda: wizard.stack.currentIndex() == 3, timeout=10_000)
    assert not wizard.busy_bar.isVisible()
    assert wizard.stack.isEnabled()
    assert wizard.cursor().shape() != Qt.CursorShape.BusyCursor

    saved_to = tmp_path / "kit.pdf"
    wizard.choose_kit_path = lambda _parent: str(saved_to)
    wizard.stored.setChecked(True)
    wizard.save_kit_button.setFocus()
    qtbot.keyClick(wizard.save_kit_button, Qt.Key.Key_Return)  # presses that button, not Finish
    assert saved_to.read_bytes().startswith(b"%PDF")
    assert wizard.stack.currentIndex() == 3
    wizard.stored.setFocus()
    qtbot.keyClick(wizard.stored, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: app.window is not None, timeout=10_000)
    app.shutdown()
    signed = accounts.sign_in(tmp_path / "new-vault", "director-admin", PASSWORD)
    with signed.vault.session() as session:
        assert settings_service.all_settings(session)["language"] == "es"
    signed.vault.close()
