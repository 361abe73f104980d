"""Unsaved work: a half-typed note survives a lock for the same person only, and leaving a
changed profile asks Save / Discard / Stay first."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from safehaven.services.cases import clients
from safehaven.ui.cases.case_page import CasePage
from tests.conftest import STAFF_PASSWORD
from tests.ui.helpers import assert_text_absent
from tests.ui.shell_support import sign_in, start_app, wait_unlocked

HALF_NOTE = "Called the shelter in Oaxaca about her sis"


def _assigned_client(vault, staff) -> int:  # type: ignore[no-untyped-def]
    with vault.session() as session:
        row = clients.register_client(
            session, actor=staff.intake, draft=clients.ClientDraft(chosen_name="Rosalind")
        )
        draft = clients.ClientDraft(
            chosen_name="Rosalind", assigned_caseworker_id=staff.caseworker.user_id
        )
        clients.update_client(session, actor=staff.supervisor, client_id=row.id, draft=draft)
    return row.id


def _app(qtbot, vault, user: str):  # type: ignore[no-untyped-def]
    vault.close()
    app = start_app(qtbot, vault.folder)
    sign_in(qtbot, app, user, STAFF_PASSWORD)
    wait_unlocked(qtbot, app)
    return app


def _relock(qtbot, app, user: str) -> None:  # type: ignore[no-untyped-def]
    app.lock()
    assert app.is_locked
    sign_in(qtbot, app, user, STAFF_PASSWORD)
    wait_unlocked(qtbot, app)


def _answer_prompt(qtbot, label: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Press `label` on the unsaved-changes question as soon as it opens."""
    seen: list[str] = []

    def press() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, press)
            return
        seen.append(box.text())
        button = next(b for b in box.buttons() if b.text().replace("&", "") == label)
        button.click()

    QTimer.singleShot(0, press)
    return seen


def test_half_typed_note_survives_lock_for_the_same_person_only(qtbot, vault, staff) -> None:
    client_id = _assigned_client(vault, staff)
    app = _app(qtbot, vault, "caseworker")
    try:
        page = app.window.open_case(client_id)
        assert isinstance(page, CasePage)
        page.show_tab("notes")
        page.tab("notes").editor.setPlainText(HALF_NOTE)
        _relock(qtbot, app, "caseworker")
        page = app.window.case_page
        assert isinstance(page, CasePage)
        assert app.window.stack.currentWidget() is page
        assert page.current_tab_key() == "notes"
        assert page.tab("notes").editor.toPlainText() == HALF_NOTE
        _relock(qtbot, app, "caseworker2")
        assert app.window.case_page is None
        assert_text_absent([app.window], [HALF_NOTE, "Rosalind"])
        _relock(qtbot, app, "caseworker")
        assert app.window.case_page is None  # the draft went with the other person's unlock
        assert app.window.held is None
        assert_text_absent([app.window], [HALF_NOTE])
    finally:
        app.shutdown()


def test_leaving_a_changed_profile_asks_first(qtbot, vault, staff) -> None:
    client_id = _assigned_client(vault, staff)
    app = _app(qtbot, vault, "caseworker")
    try:
        page = app.window.open_case(client_id)
        assert isinstance(page, CasePage)
        pronouns = page.tab("profile").editors["pronouns"].input
        pronouns.setText("she/her")
        seen = _answer_prompt(qtbot, "Stay")
        assert app.window.show_page("tasks") is None
        assert seen == ["This page has changes that are not saved."]
        assert app.window.stack.currentWidget() is page
        assert pronouns.text() == "she/her"
        _answer_prompt(qtbot, "Save")
        assert app.window.show_page("tasks") is not None
        with app.ctx.vault.session() as session:
            row = clients.get_client(session, actor=staff.caseworker, client_id=client_id)
        assert row.pronouns == "she/her"
        page = app.window.open_case(client_id)
        page.tab("profile").editors["pronouns"].input.setText("they/them")
        seen = _answer_prompt(qtbot, "Discard")
        assert app.window.show_page("cases") is not None
        assert seen
        with app.ctx.vault.session() as session:
            row = clients.get_client(session, actor=staff.caseworker, client_id=client_id)
        assert row.pronouns == "she/her"
    finally:
        app.shutdown()
