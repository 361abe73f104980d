"""First run on a laptop joining a real office server: "Test connection" signs in once off the
GUI thread with a moving bar, a refusal is the one sentence the sign-in would show and nothing
is saved, a pass names the person; then the saved profile leads to the office sign-in, which
opens the main window over the server."""

from __future__ import annotations

from PySide6.QtCore import Qt

from safehaven.messages import describe
from safehaven.storage.postgres.errors import OfficeLoginRefused
from safehaven.storage.vault import VaultPaths
from safehaven.ui.shell.first_run import OFFICE_PAGE, FirstRunWizard
from safehaven.ui.shell.office_sign_in import OfficeSignInPanel
from tests.office.conftest import STAFF_PASSWORD, Team
from tests.ui.shell_support import start_app


def _click(qtbot, button) -> None:  # type: ignore[no-untyped-def]
    assert button.isEnabled(), button.toolTip()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _trial(qtbot, app, wizard: FirstRunWizard, username: str, password: str) -> None:  # type: ignore[no-untyped-def]
    page = wizard.office_step
    page.username.setText(username)
    page.password.setText(password)
    _click(qtbot, page.test_button)
    assert app.runner.active_count() == 1  # the click returned: the server answers meanwhile
    assert page.busy_bar.isVisible()
    assert not wizard.next_button.isEnabled()
    assert page.password.text() == ""  # not kept on screen while (or after) it is used
    qtbot.waitUntil(lambda: not page.busy, timeout=20_000)
    assert not page.busy_bar.isVisible()


def test_the_connection_is_tested_then_the_office_sign_in_opens_the_window(
    qtbot, team: Team, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "data"
    app = start_app(qtbot, folder)
    wizard = app.entry
    assert isinstance(wizard, FirstRunWizard)
    wizard.language_step.office_button.setChecked(True)
    _click(qtbot, wizard.next_button)
    assert wizard.stack.currentIndex() == OFFICE_PAGE
    page, profile = wizard.office_step, team.office.profile
    page.host.setText(profile.host)
    page.port.setText(str(profile.port))
    page.dbname.setText(profile.dbname)
    page.choose_ca_path = lambda _parent: profile.ca_path
    _click(qtbot, page.ca_button)
    assert not page.test_button.isEnabled()  # no name and password yet
    login = team.caseworker.username

    _trial(qtbot, app, wizard, login, "not the password at all 1")
    assert page.failure.text() == describe(OfficeLoginRefused())
    assert not page.result.isVisible()
    assert not folder.exists() or not any(folder.iterdir())

    _trial(qtbot, app, wizard, login, STAFF_PASSWORD)
    assert not page.failure.isVisible()
    assert team.caseworker.display_name in page.result.text()
    _click(qtbot, wizard.next_button)
    qtbot.waitUntil(lambda: app.entry is not None and app.entry is not wizard, timeout=10_000)
    assert STAFF_PASSWORD not in (folder / "office.json").read_text("utf-8")
    assert not VaultPaths(folder).exists()

    panel = app.entry.findChild(OfficeSignInPanel)
    assert panel is not None
    panel.form.username.setText(login)
    panel.form.password.edit.setText(STAFF_PASSWORD)
    _click(qtbot, panel.form.sign_in_button)
    qtbot.waitUntil(lambda: app.window is not None, timeout=20_000)
    qtbot.addWidget(app.window)
    assert app.ctx is not None
    assert app.ctx.actor.user_id == team.caseworker.user_id
    assert app.ctx.vault.kind == "office"
    app.shutdown()
