"""Keyboard and screen-reader basics: every focusable control has an accessible name, and Tab
follows the reading order."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QTabBar, QWidget

from tests.conftest import ADMIN_PASSWORD
from tests.ui.shell_support import install_fake_pages, sign_in, start_app, wait_unlocked


def _unnamed_controls(root: QWidget) -> list[str]:
    missing = []
    for widget in root.findChildren(QWidget):
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus or not widget.isVisibleTo(root):
            continue
        parent = widget.parentWidget()
        if isinstance(parent, QAbstractSpinBox | QComboBox) or isinstance(widget, QTabBar):
            continue  # parts of a named compound control
        if not widget.accessibleName():
            missing.append(f"{type(widget).__name__} {widget.objectName()!r}")
    return missing


def test_sign_in_wizard_and_main_window_controls_are_named(qtbot, vault, tmp_path, monkeypatch):
    install_fake_pages(monkeypatch)
    vault.close()
    wizard_app = start_app(qtbot, tmp_path / "fresh")
    assert _unnamed_controls(wizard_app.entry) == []
    wizard_app.shutdown()
    app = start_app(qtbot, vault.folder)
    try:
        assert _unnamed_controls(app.entry) == []
        sign_in(qtbot, app, "admin", ADMIN_PASSWORD)
        wait_unlocked(qtbot, app)
        app.window.show_page("admin")
        assert _unnamed_controls(app.window) == []
        app.lock()
        assert _unnamed_controls(app.window) == []
    finally:
        app.shutdown()


def test_tab_follows_the_reading_order_on_sign_in(qtbot, vault) -> None:
    vault.close()
    app = start_app(qtbot, vault.folder)
    try:
        form = app.panel.form
        expected = [
            form.username,
            form.password.edit,
            form.password.show_button,
            form.language,
            form.sign_in_button,
            form.recovery_button,
        ]
        chain, widget = [], form.username
        for _ in expected:
            chain.append(widget)
            widget = widget.nextInFocusChain()
            while widget.focusPolicy() & Qt.FocusPolicy.TabFocus == 0 or not widget.isVisible():
                widget = widget.nextInFocusChain()
        assert chain == expected
    finally:
        app.shutdown()
