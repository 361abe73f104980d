"""The application takes the automatic backups itself: at sign-in (once a day) and on lock/quit."""

from __future__ import annotations

from safehaven.services.cases.clients import ClientDraft, register_client
from safehaven.storage.backup import list_backups
from tests.conftest import STAFF_PASSWORD
from tests.ui.shell_support import install_fake_pages, sign_in, start_app, wait_unlocked


def _autos(folder) -> list[str]:
    return [p.name for p, m in list_backups(folder / "backups") if m and m.kind == "auto"]


def test_sign_in_lock_and_quit_take_automatic_backups(qtbot, vault, staff, monkeypatch) -> None:
    install_fake_pages(monkeypatch)
    vault.close()
    app = start_app(qtbot, vault.folder)
    sign_in(qtbot, app, "supervisor", STAFF_PASSWORD)
    wait_unlocked(qtbot, app)
    qtbot.waitUntil(lambda: len(_autos(vault.folder)) == 1, timeout=10_000)
    app.runner.wait_all()
    app.lock()  # nothing happened since the daily backup: no second copy
    assert len(_autos(vault.folder)) == 1
    sign_in(qtbot, app, "supervisor", STAFF_PASSWORD)
    wait_unlocked(qtbot, app)
    app.runner.wait_all()
    assert len(_autos(vault.folder)) == 1  # at most once a day
    first = _autos(vault.folder)
    with app.ctx.vault.session() as s:
        register_client(s, actor=app.ctx.actor, draft=ClientDraft(chosen_name="New Person"))
    app.shutdown()  # something changed: a new copy on quit (rotation keeps the day's newest)
    assert _autos(vault.folder) != first
    assert len(_autos(vault.folder)) == 1


def test_the_backup_on_lock_runs_off_the_window_thread(qtbot, vault, staff, monkeypatch) -> None:
    install_fake_pages(monkeypatch)
    vault.close()
    app = start_app(qtbot, vault.folder)
    sign_in(qtbot, app, "supervisor", STAFF_PASSWORD)
    wait_unlocked(qtbot, app)
    first = _autos(vault.folder)
    with app.ctx.vault.session() as s:
        register_client(s, actor=app.ctx.actor, draft=ClientDraft(chosen_name="New Person"))
    app.lock()
    assert app.is_locked
    assert app.runner.active_count() == 1  # handed to the write pool: lock() did not wait
    qtbot.waitUntil(lambda: app.runner.active_count() == 0, timeout=10_000)
    assert _autos(vault.folder) != first  # the lock's backup was taken
    sign_in(qtbot, app, "supervisor", STAFF_PASSWORD)  # queued behind the vault's closing
    wait_unlocked(qtbot, app)
    app.shutdown()
