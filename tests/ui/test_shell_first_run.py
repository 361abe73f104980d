"""First run: the wizard refuses weak passwords with a reason, shows the recovery key once, saves
the recovery kit, and creates a vault the command line can open."""

from __future__ import annotations

from pypdf import PdfReader
from PySide6.QtCore import Qt

from safehaven import cli
from safehaven.ui.shell.first_run import FirstRunWizard
from tests.ui.shell_support import install_fake_pages, start_app, wait_unlocked

PASSWORD = "juniper lighthouse marmalade 7"


def _click(qtbot, button) -> None:
    assert button.isEnabled(), button.toolTip()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_wizard_creates_a_vault_the_cli_opens(qtbot, tmp_path, monkeypatch, capsys) -> None:
    install_fake_pages(monkeypatch)
    folder = tmp_path / "new-vault"
    app = start_app(qtbot, folder)
    wizard = app.entry
    assert isinstance(wizard, FirstRunWizard)
    _click(qtbot, wizard.next_button)  # the language step: English stays chosen
    assert not wizard.next_button.isEnabled()
    assert "organization" in wizard.why_disabled.text()
    wizard.organization.setText("Casa Refugio")
    wizard.letterhead["organization_address"].setText("PO Box 9, Riverton")
    wizard.letterhead["organization_phone"].setText("555-0199")
    _click(qtbot, wizard.next_button)
    wizard.username.setText("director-admin")
    wizard.display_name.setText("Admin")
    wizard.password.edit.setText("password1")
    assert not wizard.next_button.isEnabled()
    assert "at least 10 characters" in wizard.password.reason.text()
    wizard.password.edit.setText("password123")
    assert "too easy to guess" in wizard.password.reason.text()
    assert wizard.password.meter.value() < 3
    wizard.password.edit.setText(PASSWORD)
    assert wizard.password.meter.value() >= 3
    assert "not the same" in wizard.why_disabled.text()
    wizard.confirm.setText(PASSWORD)
    _click(qtbot, wizard.next_button)
    qtbot.waitUntil(lambda: wizard.stack.currentIndex() == 3, timeout=10_000)
    key = wizard.recovery_key.text()
    assert len(key.replace("-", "")) >= 20
    assert not wizard.next_button.isEnabled()
    kit = tmp_path / "kit.pdf"
    wizard.choose_kit_path = lambda _parent: str(kit)
    _click(qtbot, wizard.save_kit_button)
    text = "".join(page.extract_text() for page in PdfReader(kit).pages)
    assert key in text.replace(" ", "") or key in text
    wizard.stored.setChecked(True)
    _click(qtbot, wizard.next_button)
    wait_unlocked(qtbot, app)
    assert "admin" in app.window.page_keys()
    assert app.window.isVisible()
    app.shutdown()

    monkeypatch.setenv("SAFEHAVEN_PASSWORD", PASSWORD)
    code = cli.main(["users", "list", "--data-dir", str(folder), "--user", "director-admin"])
    assert code == 0
    assert "director-admin" in capsys.readouterr().out
    code = cli.main(["settings", "show", "--data-dir", str(folder), "--user", "director-admin"])
    shown = capsys.readouterr().out
    assert "PO Box 9, Riverton" in shown
    assert "555-0199" in shown
    assert "cannot be printed" not in shown


def test_the_wizard_cannot_be_closed_before_the_key_is_confirmed(qtbot, tmp_path) -> None:
    app = start_app(qtbot, tmp_path / "v")
    wizard = app.entry
    _click(qtbot, wizard.next_button)
    wizard.organization.setText("Org")
    _click(qtbot, wizard.next_button)
    wizard.username.setText("admin")
    wizard.password.edit.setText(PASSWORD)
    wizard.confirm.setText(PASSWORD)
    _click(qtbot, wizard.next_button)
    qtbot.waitUntil(lambda: wizard.stack.currentIndex() == 3, timeout=10_000)
    assert not wizard.close()
    assert wizard.isVisible()
    assert "stored the recovery key" in wizard.error.text()
    wizard.stored.setChecked(True)
    _click(qtbot, wizard.next_button)
    wait_unlocked(qtbot, app)
    app.shutdown()
