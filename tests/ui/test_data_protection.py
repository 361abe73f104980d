"""Administration → backups and retention, driven as an administrator would."""

from __future__ import annotations

import datetime as dt

from safehaven.services.accounts import accounts
from safehaven.services.cases.clients import ClientDraft, register_client, update_client
from safehaven.services.vault_ops import backups
from safehaven.ui.admin.admin_page import AdminPage
from safehaven.ui.admin.backup_panel import BackupPanel
from safehaven.ui.admin.retention_panel import RetentionPanel
from safehaven.ui.context import UiContext
from safehaven.ui.tasks import TaskRunner
from tests.conftest import ADMIN_PASSWORD, STAFF_PASSWORD


def _ctx(vault, actor) -> UiContext:
    return UiContext(vault=vault, actor=actor, runner=TaskRunner())


def test_admin_page_shows_backup_and_retention_tabs(qtbot, vault, staff) -> None:
    page = AdminPage(_ctx(vault, staff.admin))
    qtbot.addWidget(page)
    titles = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert "Backups" in titles
    assert "Retention" in titles
    page.refresh()
    page.clear()


def test_back_up_now_to_folder_and_verify(qtbot, qtmodeltester, vault, staff, tmp_path) -> None:
    panel = BackupPanel(_ctx(vault, staff.admin))
    qtbot.addWidget(panel)
    panel.refresh()
    assert panel.model.rowCount() == 0
    panel.choose_folder = lambda _w: str(tmp_path)
    panel.folder_button.click()
    qtbot.waitUntil(lambda: panel.isEnabled() and not panel.status.isHidden(), timeout=10000)
    file = next(tmp_path.glob("*.shbackup"))
    assert str(file) in panel.status.text()
    panel.now_button.click()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=10000)
    qtmodeltester.check(panel.model)

    panel.choose_backup = lambda _w: str(file)
    panel.ask_secret = lambda _w: ("admin", ADMIN_PASSWORD)
    panel.verify_button.click()
    qtbot.waitUntil(lambda: panel.last_report is not None, timeout=10000)
    assert panel.last_report.ok
    assert "6 staff accounts" in panel.status.text()

    panel.ask_secret = lambda _w: ("admin", "wrong password entirely")
    panel.verify_button.click()
    qtbot.waitUntil(lambda: not panel.error.isHidden(), timeout=10000)
    assert "not correct" in panel.error.text()


def test_rotate_key_from_the_panel(qtbot, vault, staff, tmp_path) -> None:
    panel = BackupPanel(_ctx(vault, staff.admin))
    qtbot.addWidget(panel)
    panel.confirm = lambda _w, _q: True
    panel.ask_password = lambda _w: ADMIN_PASSWORD
    panel.rotate_button.click()
    qtbot.waitUntil(lambda: panel.last_dialog is not None, timeout=15000)
    dialog = panel.last_dialog
    text = dialog.text.toPlainText()
    temp = dialog.result_data.temporary_passwords["caseworker"]
    assert dialog.result_data.recovery_key in text
    assert temp in text
    dialog.choose_pdf = lambda _w: str(tmp_path / "kit.pdf")
    dialog.save_button.click()
    assert (tmp_path / "kit.pdf").read_bytes().startswith(b"%PDF")
    panel.clear()
    assert dialog.text.toPlainText() == ""
    vault.close()
    accounts.sign_in(vault.paths.folder, "caseworker", temp).vault.close()


def test_restore_over_the_open_vault_signs_out(qtbot, vault, staff) -> None:
    with vault.session() as s:
        register_client(s, actor=staff.caseworker, draft=ClientDraft(chosen_name="Kept One"))
    info = backups.create_backup(vault, actor=staff.admin, now=dt.datetime.now(dt.UTC))
    with vault.session() as s:
        register_client(s, actor=staff.caseworker, draft=ClientDraft(chosen_name="Later One"))
    panel = BackupPanel(_ctx(vault, staff.admin))
    qtbot.addWidget(panel)
    panel.choose_backup = lambda _w: str(info.path)
    asked: list[str] = []
    panel.confirm = lambda _w, q: asked.append(q) or False
    panel.restore_button.click()
    assert asked
    assert vault.data_key
    panel.confirm = lambda _w, _q: True
    with qtbot.waitSignal(panel.vault_replaced, timeout=15000):
        panel.restore_button.click()
    signed = accounts.sign_in(vault.paths.folder, "caseworker", STAFF_PASSWORD)
    with signed.vault.session() as s:
        from safehaven.models.client import Client

        names = [c.chosen_name for c in s.query(Client)]
    signed.vault.close()
    assert names == ["Kept One"]


def test_retention_list_and_erasure(qtbot, qtmodeltester, vault, staff) -> None:
    with vault.session() as s:
        row = register_client(
            s,
            actor=staff.caseworker,
            draft=ClientDraft(chosen_name="Old Closed", intake_date=dt.date(2010, 1, 1)),
        )
    with vault.session() as s:
        update_client(
            s,
            actor=staff.caseworker,
            client_id=row.id,
            draft=ClientDraft(
                chosen_name="Old Closed",
                intake_date=dt.date(2010, 1, 1),
                status="closed",
                closure_date=dt.date(2011, 1, 1),
            ),
        )
    panel = RetentionPanel(_ctx(vault, staff.admin))
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.loaded):  # read on the read pool, not the window's thread
        panel.refresh()
    qtmodeltester.check(panel.model)
    assert panel.model.rowCount() == 1
    assert panel.years.value() == 7
    assert not panel.erase_button.isEnabled()
    panel.table.selectRow(0)
    assert panel.erase_button.isEnabled()
    panel.confirm = lambda _w, q: row.case_number in q
    panel.erase_button.click()
    qtbot.waitUntil(lambda: not panel.status.isHidden(), timeout=15000)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 0, timeout=5000)

    panel.years.setValue(3)
    panel.save_button.click()
    panel.ask_case_number = lambda _w: "SH-1999-0001"
    panel.request_button.click()
    assert not panel.error.isHidden()


def test_restore_into_a_new_folder(qtbot, vault, staff, tmp_path) -> None:
    info = backups.create_backup(vault, actor=staff.admin, now=dt.datetime.now(dt.UTC))
    panel = BackupPanel(_ctx(vault, staff.admin))
    qtbot.addWidget(panel)
    panel.choose_backup = lambda _w: str(info.path)
    panel.choose_folder = lambda _w: str(tmp_path / "elsewhere")
    panel.restore_new_button.click()
    qtbot.waitUntil(lambda: not panel.status.isHidden(), timeout=10000)
    accounts.sign_in(tmp_path / "elsewhere", "caseworker", STAFF_PASSWORD).vault.close()
    panel.restore_new_button.click()  # never over an existing vault
    qtbot.waitUntil(lambda: not panel.error.isHidden(), timeout=10000)
    assert "already exists" in panel.error.text()
