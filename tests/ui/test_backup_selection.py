"""Backups page: Restore uses the backup selected in the list, and the page says where backups
are kept and to copy them to a second disk."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, QEvent

from safehaven import i18n
from safehaven.models.client import Client
from safehaven.services.accounts import accounts
from safehaven.services.cases.clients import ClientDraft, register_client
from safehaven.services.vault_ops import backups
from safehaven.ui.admin.backup_panel import BackupPanel
from safehaven.ui.context import UiContext
from safehaven.ui.tasks import TaskRunner
from tests.conftest import STAFF_PASSWORD


def _panel(qtbot, vault, actor) -> BackupPanel:  # type: ignore[no-untyped-def]
    panel = BackupPanel(UiContext(vault=vault, actor=actor, runner=TaskRunner()))
    qtbot.addWidget(panel)
    panel.refresh()
    return panel


def _register(vault, actor, name: str) -> None:  # type: ignore[no-untyped-def]
    with vault.session() as s:
        register_client(s, actor=actor, draft=ClientDraft(chosen_name=name))


def test_restore_uses_the_backup_selected_in_the_list(qtbot, vault, staff) -> None:
    start = dt.datetime.now(dt.UTC)
    _register(vault, staff.caseworker, "First One")
    older = backups.create_backup(vault, actor=staff.admin, now=start)
    _register(vault, staff.caseworker, "Second One")
    newer = backups.create_backup(vault, actor=staff.admin, now=start + dt.timedelta(hours=1))
    _register(vault, staff.caseworker, "Third One")
    panel = _panel(qtbot, vault, staff.admin)
    paths = [panel.model.row_at(n).path for n in range(panel.model.rowCount())]
    assert sorted(paths) == sorted([older.path, newer.path])

    prompted: list[str] = []
    panel.choose_backup = lambda _w: prompted.append("file prompt") or ""
    asked: list[str] = []
    panel.confirm = lambda _w, q: asked.append(q) or True
    panel.table.selectRow(paths.index(older.path))
    with qtbot.waitSignal(panel.vault_replaced, timeout=15000):
        panel.restore_button.click()
    assert prompted == []  # no separate file prompt when a backup is selected
    assert older.path.name in asked[0]
    signed = accounts.sign_in(vault.paths.folder, "caseworker", STAFF_PASSWORD)
    with signed.vault.session() as s:
        names = sorted(c.chosen_name for c in s.query(Client))
    signed.vault.close()
    assert names == ["First One"]


def test_without_a_selection_restore_asks_for_a_file(qtbot, vault, staff) -> None:
    backups.create_backup(vault, actor=staff.admin, now=dt.datetime.now(dt.UTC))
    panel = _panel(qtbot, vault, staff.admin)
    assert panel.model.rowCount() == 1
    prompted: list[str] = []
    panel.choose_backup = lambda _w: prompted.append("file prompt") or ""
    panel.restore_button.click()
    assert prompted == ["file prompt"]


def test_the_page_says_where_backups_are_kept_in_english_and_spanish(qtbot, vault, staff) -> None:
    panel = _panel(qtbot, vault, staff.admin)
    panel.show()
    folder = str(vault.paths.backups)
    assert panel.where.text().splitlines()[-1] == folder  # the path on a line of its own
    assert "second disk" in panel.advice.text()
    assert panel.where.isVisible()
    assert panel.advice.isVisible()
    i18n.set_language("es")
    QCoreApplication.sendEvent(panel, QEvent(QEvent.Type.LanguageChange))
    assert panel.where.text().splitlines() == [
        "Las copias de seguridad se guardan en esta carpeta:",
        folder,
    ]
    assert "segundo disco" in panel.advice.text()
