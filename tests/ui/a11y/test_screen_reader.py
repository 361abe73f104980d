"""What a screen reader user meets: named questions and fields, Tab out of tables, spoken errors,
and nothing personal left in the accessibility tree after locking."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from safehaven.models.permissions import Role
from safehaven.services.accounts import accounts
from safehaven.services.cases.clients import ClientDraft, register_client
from safehaven.ui.cases.case_list_page import CaseListPage
from safehaven.ui.cases.profile_tab import ProfileTab
from safehaven.ui.context import UiContext
from safehaven.ui.intake.intake_tab import IntakeTab
from safehaven.ui.tasks import TaskRunner
from tests.conftest import STAFF_PASSWORD
from tests.ui.a11y.accessible_tree import AccessibleEvents, address, spoken_texts
from tests.ui.accessibility_rules import interface_text, visible_label
from tests.ui.shell_support import sign_in, start_app, wait_unlocked

CLIENTS = ("Zenaida Quiroga", "Amaranta Ybarra")
STAFF_NAME = "Marisol Etxeberria"


def _show(qtbot, widget: QWidget) -> QWidget:
    qtbot.addWidget(widget)
    widget.resize(1180, 760)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def client_id(vault, staff) -> int:
    with vault.session() as s:
        return register_client(s, actor=staff.intake, draft=ClientDraft(chosen_name=CLIENTS[0])).id


def test_intake_questions_are_named_groups_and_their_buttons_carry_the_question(
    qtbot, vault, staff, client_id
) -> None:
    tab = _show(qtbot, IntakeTab(UiContext(vault, staff.caseworker, TaskRunner()), client_id))
    qtbot.waitUntil(lambda: not tab.load.loading)  # read on the read pool
    qtbot.mouseClick(tab.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not tab.build.building)  # the section's questions, built in slices
    radios = 0
    for widget in tab.question_widgets.values():
        question = widget.text_label.text()
        for button in widget.choice_buttons.values():
            group = QAccessible.queryAccessibleInterface(button).parent()
            assert group.role() == QAccessible.Role.Grouping, question
            assert group.text(QAccessible.Text.Name) == question
            assert interface_text(button, QAccessible.Text.Description) == question
            radios += 1
        for button in (widget.why_button, widget.skip_button, *widget.non_answer_buttons.values()):
            assert question in interface_text(button, QAccessible.Text.Description)
        if widget.editor is not None:
            assert visible_label(widget.editor) is widget.text_label
            assert interface_text(widget.editor, QAccessible.Text.Name) == question
    assert radios > 20  # the bank's closed questions were all checked


def test_profile_inputs_are_labelled_and_an_error_names_and_marks_its_field(
    qtbot, vault, staff, client_id
) -> None:
    tab = _show(qtbot, ProfileTab(UiContext(vault, staff.supervisor, TaskRunner()), client_id))
    for name, editor in tab.editors.items():
        label = visible_label(editor.input)
        assert label is not None, name
        assert label.isVisibleTo(tab) == editor.input.isVisibleTo(tab), name
        assert interface_text(editor.input, QAccessible.Text.Name) != ""
    chosen = tab.editors["chosen_name"].input
    assert isinstance(chosen, QLineEdit)
    assert tab.labels["chosen_name"].text().endswith("*")
    assert "required" in interface_text(chosen, QAccessible.Text.Description).lower()
    assert interface_text(chosen, QAccessible.Text.Name) == "Chosen name"
    chosen.clear()
    error = tab.editors["chosen_name"].error
    assert error.isVisibleTo(tab)
    assert error.text().startswith("Chosen name: ")
    assert chosen.property("invalid") is True
    assert error.text().removeprefix("Chosen name: ") in interface_text(
        chosen, QAccessible.Text.Description
    )
    assert "Chosen name" in tab.save_reason.text()
    chosen.setText("Ximena")
    assert chosen.property("invalid") is False


def test_tab_leaves_the_case_list_in_one_press(qtbot, vault, staff, client_id) -> None:
    page = _show(qtbot, CaseListPage(UiContext(vault, staff.supervisor, TaskRunner())))
    with qtbot.waitSignal(page.ids_loaded, timeout=5000):
        page.refresh()
    page.activateWindow()
    page.view.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.view)
    qtbot.keyClick(page.view, Qt.Key.Key_Tab)
    after = QApplication.focusWidget()
    assert after is not None
    assert after is not page.view
    assert not page.view.isAncestorOf(after)
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is page.new_button
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_Down)  # arrows still move inside the table
    assert QApplication.focusWidget() is page.view


def test_a_sign_in_error_is_sent_as_an_alert(qtbot, vault) -> None:
    vault.close()
    app = start_app(qtbot, vault.folder)
    try:
        form = app.panel.form
        with AccessibleEvents() as events:
            qtbot.mouseClick(form.sign_in_button, Qt.MouseButton.LeftButton)  # nothing typed
            assert address(form.error) in events.of_kind(QAccessible.Event.Alert)
            assert QApplication.focusWidget() in (form.username, None)
            events.seen.clear()
            sign_in(qtbot, app, "admin", "not the password")
            qtbot.waitUntil(lambda: address(form.error) in events.of_kind(QAccessible.Event.Alert))
        assert "not correct" in form.error.text()
        assert form.error.accessibleDescription() != "alert"
    finally:
        app.shutdown()


def _deleted_later() -> None:
    for _round in range(3):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QApplication.processEvents()


def test_after_lock_no_accessible_node_holds_a_client_or_staff_name(qtbot, vault, staff) -> None:
    accounts.create_user(
        vault,
        actor=staff.admin,
        username="marisol",
        display_name=STAFF_NAME,
        roles=(Role.SUPERVISOR,),
        password=STAFF_PASSWORD,
        must_change_password=False,
    )
    ids = []
    for name in CLIENTS:
        with vault.session() as s:
            draft = ClientDraft(chosen_name=name, legal_name=name + " Legal")
            ids.append(register_client(s, actor=staff.supervisor, draft=draft).id)
    vault.close()
    app = start_app(qtbot, vault.folder)
    try:
        sign_in(qtbot, app, "marisol", STAFF_PASSWORD)
        wait_unlocked(qtbot, app)
        app.window.show_page("cases")
        app.window.open_case(ids[0])
        qtbot.waitUntil(lambda: app.runner.active_count() == 0, timeout=10_000)
        names = (*CLIENTS, STAFF_NAME)
        before = " | ".join(spoken_texts())
        assert CLIENTS[0] in before
        assert STAFF_NAME in before
        app.lock()
        _deleted_later()
        after = spoken_texts()
        leaks = [text for text in after if any(name in text for name in names)]
        assert leaks == []
    finally:
        app.shutdown()
