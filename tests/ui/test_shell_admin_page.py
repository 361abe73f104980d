"""Administration page: accounts (add, roles, reset, deactivate) and settings (real services)."""

from __future__ import annotations

import base64

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QEvent, QIODevice, Qt
from PySide6.QtGui import QColor, QImage

from safehaven import i18n
from safehaven.models.permissions import Role
from safehaven.services import settings as settings_service
from safehaven.services.accounts import accounts
from safehaven.ui.admin.admin_page import AdminPage
from safehaven.ui.admin.users import UserDialog
from safehaven.ui.context import UiContext
from safehaven.ui.tasks import TaskRunner
from tests.conftest import ADMIN_PASSWORD


@pytest.fixture
def page(qtbot, vault, staff):
    runner = TaskRunner()
    widget = AdminPage(UiContext(vault, staff.admin, runner))
    qtbot.addWidget(widget)
    widget.refresh()
    yield widget
    runner.wait_all()


def _row_for(page: AdminPage, username: str):
    return next(r for r in page.model.rows if r.username == username)


def test_users_model_passes_the_model_tester(qtmodeltester, page) -> None:
    assert page.model.rowCount() == 6
    qtmodeltester.check(page.model)


def test_add_user_shows_the_temporary_password_once(qtbot, page, vault) -> None:
    page.add_user("newstaff", "New Staff", (Role.CASEWORKER, Role.INTAKE))
    qtbot.waitUntil(lambda: page.last_dialog is not None and page.last_dialog.isVisible())
    temporary = page.last_dialog.password.text()
    assert len(temporary) >= 16
    row = _row_for(page, "newstaff")
    assert row.must_change_password
    assert set(row.roles) == {Role.CASEWORKER, Role.INTAKE}
    page.last_dialog.accept()
    assert page.last_dialog.password.text() == ""
    vault.close()  # prove the temporary password opens the vault
    signed = accounts.sign_in(vault.folder, "newstaff", temporary)
    assert signed.must_change_password
    signed.vault.close()


def test_reset_password_and_deactivate(qtbot, page, vault) -> None:
    intake = _row_for(page, "intake")
    page.reset_password(intake)
    qtbot.waitUntil(lambda: page.last_dialog is not None and page.last_dialog.isVisible())
    assert "Must change password" in [
        page.model.data(page.model.index(i, 3)) for i in range(page.model.rowCount())
    ]
    page.deactivate(_row_for(page, "director"))
    qtbot.waitUntil(lambda: not _row_for(page, "director").active)
    assert page.isEnabled()


def test_last_administrator_cannot_lose_the_role(page) -> None:
    page.set_roles(_row_for(page, "admin").id, (Role.CASEWORKER,))
    assert "last active administrator" in page.error.text()
    page.set_roles(_row_for(page, "caseworker").id, (Role.CASEWORKER, Role.SUPERVISOR))
    assert Role.SUPERVISOR in _row_for(page, "caseworker").roles


def test_user_dialog_says_why_it_cannot_be_saved(qtbot) -> None:
    dialog = UserDialog()
    qtbot.addWidget(dialog)
    assert "username" in dialog.problem.text()
    dialog.username.setText("has space")
    assert "spaces" in dialog.problem.text()
    dialog.username.setText("maria")
    assert "role" in dialog.problem.text()
    dialog.role_checks.boxes[Role.INTAKE].setChecked(True)
    assert dialog.problem.text() == ""


def _png(tmp_path):
    image = QImage(40, 20, QImage.Format.Format_ARGB32)
    image.fill(QColor("#2f5d8a"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    path = tmp_path / "logo.png"
    path.write_bytes(bytes(data))
    return path


def test_settings_are_saved_and_language_switches(qtbot, page, vault, tmp_path) -> None:
    form = page.settings
    assert form.organization.text() == "Test Shelter"
    form.organization.setText("Casa Nueva")
    form.auto_lock.setValue(12)
    not_png = tmp_path / "logo.txt"
    not_png.write_text("hello")
    assert not form.load_logo(not_png)
    assert "PNG" in form.error.text()
    assert form.load_logo(_png(tmp_path))
    form.language.setCurrentIndex(form.language.findData("es"))
    with qtbot.waitSignal(page.settings_saved) as saved:
        form.save()
    assert saved.args[0]["auto_lock_minutes"] == 12
    assert i18n.current_language() == "es"
    QCoreApplication.sendEvent(page, QEvent(QEvent.Type.LanguageChange))  # as SafeHavenApp does
    assert page.tabs.tabText(0) == "Usuarios"
    assert page.model.headerData(0, Qt.Orientation.Horizontal) == "Usuario"
    with vault.session() as session:
        stored = settings_service.all_settings(session)
    assert stored["organization_name"] == "Casa Nueva"
    assert base64.b64decode(stored["letterhead_logo_png_b64"]).startswith(b"\x89PNG")
    assert stored["language"] == "es"


def test_the_language_field_shows_the_language_in_use(qtbot, page, vault) -> None:
    """Chosen on the sign-in screen, Spanish is the language in use though the vault's setting
    says English: the field says Spanish, and saving another setting keeps the screens so."""
    form = page.settings
    try:
        i18n.set_language("es")
        QCoreApplication.sendEvent(page, QEvent(QEvent.Type.LanguageChange))
        assert form.language.currentData() == "es"
        form.refresh()  # the page shown again reads the settings again
        assert form.language.currentData() == "es"
        assert form.language.currentText() == "Español"
        form.auto_lock.setValue(9)
        with qtbot.waitSignal(page.settings_saved):
            form.save()
        assert i18n.current_language() == "es"
        with vault.session() as session:
            assert settings_service.all_settings(session)["language"] == "es"
    finally:
        i18n.set_language("en")


def test_deactivate_dialog_defaults_to_rotation_for_bad_terms(qtbot) -> None:
    from PySide6.QtWidgets import QDialogButtonBox

    from safehaven.ui.keys.deactivate_dialog import DeactivateDialog

    dialog = DeactivateDialog("intake")
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not dialog.rotate.isChecked()
    assert ok.isEnabled()
    assert "still opens" in dialog.explain.text()
    dialog.bad_terms.setChecked(True)
    assert dialog.rotate.isChecked()
    assert not ok.isEnabled()
    assert "re-encrypted" in dialog.explain.text()
    qtbot.keyClicks(dialog.password, "correct horse battery staple")
    assert ok.isEnabled()
    assert dialog.choice() == (True, "correct horse battery staple")


def test_deactivate_with_rotation_shows_the_new_recovery_key(qtbot, page, vault) -> None:
    old_key = page.ctx.vault.data_key
    page.deactivate(_row_for(page, "director"), rotate=True, password=ADMIN_PASSWORD)
    qtbot.waitUntil(lambda: page.last_dialog is not None and page.last_dialog.isVisible())
    assert not _row_for(page, "director").active
    assert page.ctx.vault.data_key != old_key
    assert "recovery key" in page.last_dialog.text.toPlainText().lower()
