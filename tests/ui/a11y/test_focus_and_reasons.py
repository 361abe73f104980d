"""Where the keyboard lands and what a screen reader hears: a refused dialog takes the focus to
its first field in error and marks it; disabled buttons say why; the case heading is the chosen
name; the lock screen waits in the password box."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QWidget

from safehaven.services.cases.clients import ClientDraft, register_client
from safehaven.ui.cases.case_page import CasePage
from safehaven.ui.cases.notes_tab import NotesTab
from safehaven.ui.context import UiContext
from safehaven.ui.directory.organization_dialog import OrganizationDialog
from safehaven.ui.employment.dialogs import PlacementDialog
from safehaven.ui.reports.reports_page import ReportsPage
from safehaven.ui.tasks import TaskRunner
from tests.conftest import STAFF_PASSWORD
from tests.ui.accessibility_rules import interface_text
from tests.ui.shell_support import sign_in, start_app, wait_unlocked


def _show(qtbot, widget: QWidget) -> QWidget:
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    return widget


def _focus_is(qtbot, widget: QWidget) -> None:
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget, timeout=3000)


def test_a_refused_placement_marks_its_fields_and_focuses_the_first(qtbot) -> None:
    dialog = _show(qtbot, PlacementDialog(None, employers=[], exploitation_sector=None))
    assert isinstance(dialog, PlacementDialog)
    dialog.hours.setText("500")
    dialog.wage.setFocus()
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()  # refused: the dialog stays open
    _focus_is(qtbot, dialog.job_title)
    for field in (dialog.job_title, dialog.start, dialog.hours):
        assert field.property("invalid") is True, field.accessibleName()
    assert not dialog.wage.property("invalid")
    assert "required" in interface_text(dialog.job_title, QAccessible.Text.Description).lower()
    for label in ("Job title", "Start date", "Hours per week"):
        assert label in dialog.error.text()

    dialog.job_title.setText("Line cook")
    dialog.start.setText("2026-02-30")  # not a date
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    _focus_is(qtbot, dialog.start)
    assert dialog.start.property("invalid") is True
    assert dialog.job_title.property("invalid") is False
    assert "YYYY-MM-DD" in interface_text(dialog.start, QAccessible.Text.Description)

    dialog.start.setText("2026-02-02")
    dialog.hours.setText("38")
    with qtbot.waitSignal(dialog.accepted, timeout=3000):
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert not any(f.property("invalid") for f in dialog.fields.values())


def test_enter_in_a_directory_entry_in_error_goes_to_the_field_to_correct(qtbot) -> None:
    dialog = _show(qtbot, OrganizationDialog())
    assert isinstance(dialog, OrganizationDialog)
    name, email = dialog.inputs["name"], dialog.inputs["contact_email"]
    assert not name.property("invalid")  # nothing is red before the user has edited a field
    email.setText("jordan at harbor")
    assert name.property("invalid") is True  # a new entry has no name yet
    assert email.property("invalid") is True
    name.setText("Harbor Legal Aid")
    assert name.property("invalid") is False
    assert email.property("invalid") is True
    assert not dialog.save_button.isEnabled()
    reason = dialog.save_button.accessibleDescription()
    assert "Contact email" in reason
    assert reason == dialog.save_button.toolTip()
    name.setFocus()
    _focus_is(qtbot, name)
    qtbot.keyClick(name, Qt.Key.Key_Return)
    _focus_is(qtbot, email)
    assert dialog.isVisible()


def _client(vault, actor) -> int:  # type: ignore[no-untyped-def]
    with vault.session() as s:
        return register_client(s, actor=actor, draft=ClientDraft(chosen_name="Ximena Ortúzar")).id


def test_add_note_says_why_it_is_disabled(qtbot, vault, staff) -> None:
    ctx = UiContext(vault, staff.caseworker, TaskRunner())
    tab = _show(qtbot, NotesTab(ctx, _client(vault, staff.caseworker)))
    assert isinstance(tab, NotesTab)
    qtbot.waitUntil(lambda: not tab.load.loading)  # the notes are read on the read pool
    button = tab.add_button
    assert not button.isEnabled()
    assert button.accessibleDescription() == button.toolTip() != ""
    tab.editor.setPlainText("Met at the clinic.")
    assert button.isEnabled()
    assert button.accessibleDescription() == button.toolTip() == ""


def test_export_says_why_it_is_disabled(qtbot, vault, staff) -> None:
    page = _show(qtbot, ReportsPage(UiContext(vault, staff.director, TaskRunner())))
    assert isinstance(page, ReportsPage)
    button = page.export_button
    assert not button.isEnabled()
    assert button.accessibleDescription() == button.toolTip()
    assert "report" in button.accessibleDescription().lower()


def test_the_case_heading_is_read_as_the_chosen_name(qtbot, vault, staff) -> None:
    ctx = UiContext(vault, staff.supervisor, TaskRunner())
    page = _show(qtbot, CasePage(ctx, _client(vault, staff.supervisor)))
    assert isinstance(page, CasePage)
    heading = page.name_label
    assert interface_text(heading, QAccessible.Text.Name) == "Ximena Ortúzar"
    assert interface_text(heading, QAccessible.Text.Description) == "Chosen name"


def test_the_lock_screen_waits_in_the_password_box(qtbot, vault, staff) -> None:
    vault.close()
    app = start_app(qtbot, vault.folder)
    try:
        sign_in(qtbot, app, "supervisor", STAFF_PASSWORD)
        wait_unlocked(qtbot, app)
        app.window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is app.window)
        app.lock()
        form = app.panel.form
        assert form.username.text() == "supervisor"
        _focus_is(qtbot, form.password.edit)
    finally:
        app.shutdown()
