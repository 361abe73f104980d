"""The desktop window on a real office server: sign-in with a saved profile, a caseworker opens
a case, lists follow others' changes, lock closes the connections and clears the screen, and
each failure (wrong password, a server without TLS, a server that is down or goes away) is one
sentence with the typed text kept."""

from __future__ import annotations

import os
import re
import socket
import tempfile
import threading
import time
import uuid
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPlainTextEdit

from safehaven.app import SafeHavenApp
from safehaven.services.cases import clients
from safehaven.services.cases.clients import ClientDraft
from safehaven.services.office.sign_in import choice_for
from safehaven.storage.postgres.profile import ConnectionProfile, save_profile
from safehaven.ui.cases.case_list_page import CaseListPage
from safehaven.ui.cases.notes_tab import NotesTab
from safehaven.ui.shell.office_sign_in import OfficeSignInPanel, StoreChoice
from tests.office.conftest import STAFF_PASSWORD, Team

ONE_SENTENCE = re.compile(r"[^.]+[.]")  # one sentence: a single full stop, at the end


def _texts() -> list[str]:
    """Every piece of text on screen in any window."""
    found: list[str] = []
    for top in QApplication.topLevelWidgets():
        for widget in [top, *top.findChildren(QLabel)]:
            if isinstance(widget, QLabel):
                found.append(widget.text())
        found += [w.text() for w in top.findChildren(QLineEdit)]
        found += [w.toPlainText() for w in top.findChildren(QPlainTextEdit)]
    return found


def _files(folder: Path) -> set[Path]:
    return set(folder.rglob("*"))


def _start(
    qtbot, folder: Path, profile: ConnectionProfile
) -> tuple[SafeHavenApp, OfficeSignInPanel]:  # type: ignore[no-untyped-def]
    app = SafeHavenApp(folder, profile=choice_for(save_profile(folder, profile)))
    entry = app.start()
    qtbot.addWidget(entry)
    panel = entry.findChild(OfficeSignInPanel)
    assert panel is not None
    return app, panel


def _sign_in(qtbot, panel: OfficeSignInPanel, username: str, password: str) -> None:  # type: ignore[no-untyped-def]
    panel.form.username.setText(username)
    panel.form.password.edit.setText(password)
    qtbot.mouseClick(panel.form.sign_in_button, Qt.MouseButton.LeftButton)


def _failure(qtbot, panel: OfficeSignInPanel) -> str:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: bool(panel.form.error.text()), timeout=20_000)
    return panel.form.error.text()


def test_caseworker_signs_in_opens_a_case_and_locks(qtbot, team: Team, case, tmp_path) -> None:  # type: ignore[no-untyped-def]
    client_id, name = case
    folder = tmp_path / "data"
    app, panel = _start(qtbot, folder, team.office.profile)
    before = _files(folder)
    _sign_in(qtbot, panel, team.caseworker.username, STAFF_PASSWORD)
    qtbot.waitUntil(lambda: app.window is not None, timeout=20_000)
    window = app.window
    assert window is not None
    qtbot.addWidget(window)
    assert app.ctx is not None
    assert app.ctx.actor.user_id == team.caseworker.user_id
    assert not window.pin_action.isVisible()
    page = window.open_case(client_id)
    assert page is not None
    assert name in _texts()
    assert name not in window.windowTitle()
    store = app.ctx.vault
    app.lock()
    assert app.is_locked
    assert store.engine.pool.checkedout() == 0
    assert not any(name in text for text in _texts())
    assert _files(folder) == before  # nothing of the cases on this laptop's disk
    app.shutdown()


def test_list_follows_others_changes_and_survives_server_loss(
    qtbot, team: Team, case, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    client_id, _name = case
    app, panel = _start(qtbot, tmp_path / "data", team.office.profile)
    _sign_in(qtbot, panel, team.caseworker.username, STAFF_PASSWORD)
    qtbot.waitUntil(lambda: app.window is not None, timeout=20_000)
    window, watch = app.window, app.office_watch
    assert window is not None
    assert watch is not None
    qtbot.addWidget(window)
    watch.timer.stop()  # polled by hand below
    listed = window.show_page("cases")
    assert isinstance(listed, CaseListPage)
    qtbot.waitUntil(lambda: listed.model.rowCount() > 0, timeout=20_000)
    shown = listed.model.rowCount()
    watch.poll()
    qtbot.waitUntil(lambda: watch.seen is not None, timeout=20_000)
    other = team.store(team.supervisor)
    try:
        with other.session() as session:
            clients.register_client(
                session, actor=team.supervisor, draft=ClientDraft(chosen_name="Walk-in Nine")
            )
    finally:
        other.close()
    watch.poll()
    qtbot.waitUntil(lambda: listed.model.rowCount() == shown + 1, timeout=20_000)

    page = window.open_case(client_id)
    assert page is not None
    page.show_tab("notes")
    notes = page.tab("notes")
    assert isinstance(notes, NotesTab)
    qtbot.waitUntil(lambda: not notes.load.loading)  # the notes are read on the read pool
    notes.editor.setPlainText("Typed while the server went away")
    server = team.office.server
    server.stop("immediate")
    try:
        qtbot.mouseClick(notes.add_button, Qt.MouseButton.LeftButton)
        assert ONE_SENTENCE.fullmatch(notes.message.text())
        assert "office server cannot be reached" in notes.message.text()
        assert notes.editor.toPlainText() == "Typed while the server went away"
        watch.poll()
        qtbot.waitUntil(lambda: "cannot be reached" in watch.line.text(), timeout=30_000)
    finally:
        server.start()
    watch.poll()
    qtbot.waitUntil(lambda: watch.line.text() == "", timeout=30_000)
    qtbot.mouseClick(notes.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: notes.editor.toPlainText() == "", timeout=20_000)
    app.shutdown()


def test_wrong_password_is_one_sentence(qtbot, team: Team, tmp_path) -> None:  # type: ignore[no-untyped-def]
    app, panel = _start(qtbot, tmp_path, team.office.profile)
    _sign_in(qtbot, panel, team.caseworker.username, "not the password at all")
    text = _failure(qtbot, panel)
    assert ONE_SENTENCE.fullmatch(text)
    assert "refused this name and password" in text
    assert app.window is None
    assert panel.form.password.text() == ""
    app.shutdown()


def test_server_down_is_one_sentence(qtbot, team: Team, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # nothing listens here once closed
    profile = ConnectionProfile("localhost", port, "office", team.office.profile.ca_path)
    app, panel = _start(qtbot, tmp_path, profile)
    _sign_in(qtbot, panel, team.caseworker.username, STAFF_PASSWORD)
    text = _failure(qtbot, panel)
    assert ONE_SENTENCE.fullmatch(text)
    assert "cannot be reached" in text
    app.shutdown()


def _plain_server() -> tuple[socket.socket, int]:
    """A PostgreSQL-speaking listener that declines TLS (answers 'N' to the SSL request)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()

    def serve() -> None:
        while True:
            try:
                conn, _addr = listener.accept()
            except OSError:
                return
            with conn:
                if conn.recv(8):
                    conn.sendall(b"N")
                conn.recv(1024)

    threading.Thread(target=serve, daemon=True).start()
    return listener, listener.getsockname()[1]


def test_server_without_tls_is_one_sentence(qtbot, team: Team, tmp_path) -> None:  # type: ignore[no-untyped-def]
    listener, port = _plain_server()
    try:
        profile = ConnectionProfile("localhost", port, "office", team.office.profile.ca_path)
        app, panel = _start(qtbot, tmp_path, profile)
        _sign_in(qtbot, panel, team.caseworker.username, STAFF_PASSWORD)
        text = _failure(qtbot, panel)
    finally:
        listener.close()
    assert ONE_SENTENCE.fullmatch(text)
    assert "office certificate" in text
    app.shutdown()


def test_saved_profile_offers_vault_or_office(qtbot, team: Team, tmp_path) -> None:  # type: ignore[no-untyped-def]
    save_profile(tmp_path, team.office.profile)
    app = SafeHavenApp(tmp_path)
    entry = app.start()
    qtbot.addWidget(entry)
    choice = entry.findChild(StoreChoice)
    assert choice is not None
    qtbot.mouseClick(choice.office_button, Qt.MouseButton.LeftButton)
    assert app.entry is not None
    panel = app.entry.findChild(OfficeSignInPanel)
    assert panel is not None
    assert str(team.office.profile.port) in panel.server.text()
    app.shutdown()


def _files_holding(needle: bytes, start: float, roots: list[Path]) -> list[Path]:
    """Files under `roots` changed since `start` that contain `needle`, leaving out the test
    servers' own disks (the office server is not this laptop). Other tests create and delete
    files meanwhile: whatever vanishes while we look is skipped."""
    found = []
    for root in roots:
        for folder, dirs, names in os.walk(root, onerror=lambda _err: None):
            dirs[:] = [d for d in dirs if not d.startswith("sh-office-pg-")]
            for name in names:
                path = Path(folder, name)
                try:
                    if path.stat().st_mtime < start or path.stat().st_size > 50_000_000:
                        continue
                    if path.is_file() and needle in path.read_bytes():
                        found.append(path)
                except OSError:
                    continue
    return found


def test_quick_hide_and_no_client_text_anywhere_on_the_laptop(
    qtbot, team: Team, case, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    """Quick-hide on the office store blanks, locks and closes the connections; a whole sitting
    (sign-in, a case, a note) leaves the note's words in no file of the data folder, the temp
    folder or the person's cache and settings folders."""
    client_id, name = case
    marker = f"Quiet words {uuid.uuid4().hex}"
    start = time.time() - 1
    folder = tmp_path / "data"
    app, panel = _start(qtbot, folder, team.office.profile)
    _sign_in(qtbot, panel, team.caseworker.username, STAFF_PASSWORD)
    qtbot.waitUntil(lambda: app.window is not None, timeout=20_000)
    window = app.window
    assert window is not None
    qtbot.addWidget(window)
    page = window.open_case(client_id)
    assert page is not None
    page.show_tab("notes")
    notes = page.tab("notes")
    assert isinstance(notes, NotesTab)
    qtbot.waitUntil(lambda: not notes.load.loading, timeout=20_000)  # read on the read pool
    notes.editor.setPlainText(marker)
    qtbot.mouseClick(notes.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: notes.editor.toPlainText() == "", timeout=20_000)
    assert app.ctx is not None
    store = app.ctx.vault

    target = window.stack.currentWidget()
    qtbot.keyClick(target, Qt.Key.Key_Escape)
    qtbot.keyClick(target, Qt.Key.Key_Escape)
    assert app.is_locked
    app.runner.wait_all()
    assert store.engine.pool.checkedout() == 0
    assert not any(name in text or marker in text for text in _texts())

    home = Path.home()
    roots = [folder, Path(tempfile.gettempdir()), home / ".cache", home / ".config"]
    roots.append(home / ".local" / "share")
    assert _files_holding(marker.encode(), start, roots) == []
    app.shutdown()
