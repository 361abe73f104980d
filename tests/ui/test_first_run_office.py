"""First run on the office path: the wizard asks where the records are kept; for the office
server it takes the connection details, refuses a certificate file that is not the office CA
with the reason beside the field, saves the profile without any password and hands over to the
office sign-in. No vault is made. Choosing this computer again leads to the vault's pages."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt

from safehaven.storage.postgres.tls import make_office_tls
from safehaven.storage.vault import VaultPaths
from safehaven.ui.shell.first_run import OFFICE_PAGE, FirstRunWizard
from safehaven.ui.shell.office_sign_in import EntryWindow, OfficeSignInPanel
from safehaven.ui.shell.sign_in import SignInPanel
from tests.ui.shell_support import start_app


def _click(qtbot, button) -> None:  # type: ignore[no-untyped-def]
    assert button.isEnabled(), button.toolTip()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _office_page(qtbot, folder: Path):  # type: ignore[no-untyped-def]
    app = start_app(qtbot, folder)
    wizard = app.entry
    assert isinstance(wizard, FirstRunWizard)
    step = wizard.language_step
    assert step.vault_button.isChecked()  # this computer stays the default
    step.office_button.setChecked(True)
    assert wizard.step.text() == "Step 1 of 2"
    _click(qtbot, wizard.next_button)
    assert wizard.stack.currentIndex() == OFFICE_PAGE
    assert wizard.step.text() == "Step 2 of 2"
    assert wizard.office_step.port.text() == "5432"
    return app, wizard


def _fill(qtbot, wizard: FirstRunWizard, ca_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = wizard.office_step
    qtbot.keyClicks(page.host, "localhost")
    page.port.setText("6543")
    qtbot.keyClicks(page.dbname, "shelter_office")
    page.choose_ca_path = lambda _parent: str(ca_path)
    _click(qtbot, page.ca_button)


def test_a_file_that_is_not_the_office_ca_is_refused_with_the_reason(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "data"
    app, wizard = _office_page(qtbot, folder)
    page = wizard.office_step
    not_pem = tmp_path / "office-ca.crt"
    not_pem.write_text("this is a shopping list, not a certificate\n")
    _fill(qtbot, wizard, not_pem)
    assert "not a PEM certificate" in page.problems["ca_path"].text()
    assert page.problems["ca_path"].isVisible()
    assert "not a PEM certificate" in page.ca_path.accessibleDescription()
    assert not wizard.next_button.isEnabled()
    assert "not a PEM certificate" in wizard.why_disabled.text()
    qtbot.keyClick(page.dbname, Qt.Key.Key_Return)  # Enter does not skip the check
    assert wizard.stack.currentIndex() == OFFICE_PAGE

    server_own = make_office_tls(tmp_path / "tls", ["localhost"]).server_cert
    page.ca_path.setText(str(server_own))
    assert "not the office certificate authority" in page.problems["ca_path"].text()
    assert not wizard.next_button.isEnabled()
    page.ca_path.setText(str(tmp_path / "missing.crt"))
    assert "no file" in page.problems["ca_path"].text()
    page.port.setText("70000")
    assert "65535" in page.problems["port"].text()
    assert not wizard.next_button.isEnabled()
    assert not page.test_button.isEnabled()
    assert not folder.exists() or not any(folder.iterdir())  # no profile, no vault
    app.shutdown()


def test_a_good_profile_is_saved_and_the_office_sign_in_follows(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "data"
    app, wizard = _office_page(qtbot, folder)
    ca = make_office_tls(tmp_path / "tls", ["localhost"]).ca_cert
    _fill(qtbot, wizard, ca)
    page = wizard.office_step
    assert not any(banner.text() for banner in page.problems.values())
    assert not wizard.why_disabled.isVisible()
    assert wizard.next_button.text() == "&Save and continue"
    _click(qtbot, wizard.next_button)
    qtbot.waitUntil(lambda: isinstance(app.entry, EntryWindow), timeout=10_000)

    saved = (folder / "office.json").read_text("utf-8")
    assert json.loads(saved) == {
        "host": "localhost",
        "port": 6543,
        "dbname": "shelter_office",
        "ca_path": str(ca.resolve()),
    }
    assert "password" not in saved.lower()
    panel = app.entry.findChild(OfficeSignInPanel)
    assert panel is not None
    assert panel.server.text() == "Office server: localhost:6543/shelter_office"
    assert app.entry.findChild(SignInPanel) is None  # not the vault's sign-in
    assert app.panel is None
    assert not VaultPaths(folder).exists()
    assert sorted(p.name for p in folder.iterdir()) == ["office.json"]
    app.shutdown()

    again = start_app(qtbot, folder)  # the next start knows the office server
    assert not isinstance(again.entry, FirstRunWizard)
    again.shutdown()


def test_back_and_this_computer_leads_to_the_vault_pages(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    app, wizard = _office_page(qtbot, tmp_path / "data")
    _click(qtbot, wizard.back_button)
    assert wizard.stack.currentIndex() == 0
    wizard.language_step.vault_button.setChecked(True)
    assert wizard.step.text() == "Step 1 of 4"
    _click(qtbot, wizard.next_button)
    assert wizard.stack.currentIndex() == 1
    assert wizard.step.text() == "Step 2 of 4"
    assert "organization" in wizard.why_disabled.text()
    app.shutdown()
