"""The Training page: who is due, an administrator records training and names a supervisor, sets
the jurisdiction's contacts and imports an edited protocol (a broken one is refused by name)."""

from __future__ import annotations

import datetime as dt
import json

from PySide6.QtCore import Qt

from safehaven.services.screening.jurisdictions import list_jurisdictions
from safehaven.services.screening.protocol_files import default_protocol_texts
from safehaven.services.screening.protocols import protocols_in_force
from safehaven.services.screening.rows import DomainStateRow
from safehaven.services.screening.training import list_staff_training
from safehaven.ui.context import UiContext
from safehaven.ui.registry import PAGES, available
from safehaven.ui.screening.domain_model import DomainListModel
from safehaven.ui.screening.training_page import TrainingPage
from safehaven.ui.tasks import TaskRunner
from tests.services.screening.helpers import train


def make_page(qtbot, vault, actor) -> TrainingPage:
    page = TrainingPage(UiContext(vault, actor, TaskRunner()))
    qtbot.addWidget(page)
    page.resize(1200, 900)
    page.show()
    qtbot.waitUntil(lambda: not page.load.loading)  # read on the read pool
    return page


def test_the_page_lists_who_is_due_and_supervisors_see_no_admin_forms(
    qtbot, qtmodeltester, vault, staff
) -> None:
    train(vault, staff.admin, staff.caseworker.user_id, "screening_basics", expired=True)
    page = make_page(qtbot, vault, staff.supervisor)
    qtmodeltester.check(page.model)
    names = [page.model.row_at(i).display_name for i in range(page.model.rowCount())]
    assert "Caseworker" in names
    row = next(
        page.model.row_at(i)
        for i in range(page.model.rowCount())
        if page.model.row_at(i).display_name == "Caseworker"
    )
    assert "Expired" in page.model.data(page.model.index(names.index("Caseworker"), 1))
    assert "screening_basics" in row.due
    page.due_only.setChecked(True)
    assert page.model.rowCount() == len([r for r in page._rows if r.due])
    assert page.jurisdiction is None
    assert page.protocols is None
    assert not hasattr(page, "record_button")
    keys = [s.key for s in available(PAGES, staff.supervisor.permissions)]
    assert "training" in keys
    assert "training" not in [s.key for s in available(PAGES, staff.intake.permissions)]


def test_an_administrator_records_training_and_a_supervisor(qtbot, vault, staff) -> None:
    page = make_page(qtbot, vault, staff.admin)
    page.person_combo.setCurrentIndex(page.person_combo.findData(staff.intake.user_id))
    page.course_combo.setCurrentIndex(page.course_combo.findData("child_safeguarding"))
    page.completed_input.setText("2026-01-15")
    page.expires_input.setText("not a date")
    qtbot.mouseClick(page.record_button, Qt.MouseButton.LeftButton)
    assert "YYYY-MM-DD" in page.message.text()  # a one-line message, nothing saved
    page.expires_input.setText((dt.date.today() + dt.timedelta(days=400)).isoformat())
    qtbot.mouseClick(page.record_button, Qt.MouseButton.LeftButton)
    assert page.message.text() == "Training recorded."
    assert not page.supervisor_button.isEnabled()  # the list is read again first
    qtbot.waitUntil(lambda: not page.load.loading)
    page.reviewed_combo.setCurrentIndex(page.reviewed_combo.findData(staff.intake.user_id))
    page.supervisor_combo.setCurrentIndex(page.supervisor_combo.findData(staff.supervisor.user_id))
    qtbot.mouseClick(page.supervisor_button, Qt.MouseButton.LeftButton)
    with vault.session() as s:
        rows = {r.user_id: r for r in list_staff_training(s, actor=staff.admin)}
    assert rows[staff.intake.user_id].states["child_safeguarding"] == "current"
    assert rows[staff.intake.user_id].supervisor_id == staff.supervisor.user_id


def test_jurisdiction_contacts_and_protocol_files_are_edited_here(qtbot, vault, staff, tmp_path):
    page = make_page(qtbot, vault, staff.admin)
    values = {
        "key": "us-tx",
        "name": "Texas",
        "hotline": "Hotline 555-0101",
        "report_contact": "Child line 555-0102",
        "emergency_contact": "911",
    }
    for name, text in values.items():
        page.jurisdiction.fields[name].setText(text)
    qtbot.mouseClick(page.jurisdiction.save_button, Qt.MouseButton.LeftButton)
    with vault.session() as s:
        rows, current = list_jurisdictions(s)
    assert current == "us-tx"
    assert rows[0].report_contact == "Child line 555-0102"

    panel = page.protocols
    panel.combo.setCurrentIndex(panel.combo.findData("labour_indicators"))
    exported = tmp_path / "labour.json"
    assert panel.export_to(exported)
    data = json.loads(exported.read_text("utf-8"))
    assert data == json.loads(default_protocol_texts()["labour_indicators"])
    data["steps"][0]["category"] = "nowhere"
    exported.write_text(json.dumps(data), "utf-8")
    assert not panel.import_from(exported)
    assert "labour_indicators.documents" in panel.message.text()
    data["steps"][0]["category"] = "legal"
    data["version"] = 2
    exported.write_text(json.dumps(data), "utf-8")
    assert panel.import_from(exported)
    with vault.session() as s, s.begin():
        assert protocols_in_force(s)["labour_indicators"].version == 2


def test_the_domain_list_model_passes_the_model_tester(qtmodeltester) -> None:
    model = DomainListModel()
    model.set_domains([DomainStateRow("recruitment", "done"), DomainStateRow("work", "skipped")])
    qtmodeltester.check(model)
    assert model.data(model.index(1)) == "Work and pay — skipped"


def test_the_page_reads_in_the_background_and_holds_its_actions_until_shown(
    qtbot, vault, staff
) -> None:
    page = TrainingPage(UiContext(vault, staff.admin, TaskRunner()))
    qtbot.addWidget(page)
    page.show()
    assert page.load.notice.isVisible()
    held = (
        page.record_button,
        page.supervisor_button,
        page.jurisdiction.save_button,
        page.protocols.import_button,
    )
    assert not any(button.isEnabled() for button in held)
    qtbot.waitUntil(lambda: page.model.rowCount() > 0)
    assert not page.load.notice.isVisible()
    assert all(button.isEnabled() for button in held)
    assert page.person_combo.count() == page.model.rowCount()
    assert page.protocols.combo.findData("labour_indicators") >= 0
