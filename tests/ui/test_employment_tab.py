"""The Employment tab and the Employers page: same-sector warning, retention checks moving with
the start date, item models."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from safehaven.services.cases import clients
from safehaven.services.employment import employers as emp
from safehaven.services.employment.records import (
    EmployerDraft,
    PlacementDraft,
    RetentionCheckDraft,
    TrainingProgramDraft,
)
from safehaven.ui.context import UiContext
from safehaven.ui.employment.dialogs import PlacementDialog
from safehaven.ui.employment.employers_page import EmployerDialog, EmployersPage
from safehaven.ui.employment.employment_tab import EmploymentTab
from safehaven.ui.tasks import TaskRunner

START = dt.date(2026, 2, 2)


@pytest.fixture
def client_id(vault, staff):
    with vault.session() as s:
        return clients.register_client(
            s, actor=staff.caseworker, draft=clients.ClientDraft(chosen_name="Ana")
        ).id


def _ctx(vault, actor) -> UiContext:
    return UiContext(vault, actor, TaskRunner())


def _tab(qtbot, vault, actor, client_id) -> EmploymentTab:
    tab = EmploymentTab(_ctx(vault, actor), client_id)
    qtbot.addWidget(tab)
    tab.resize(1000, 800)
    tab.show()
    return loaded(qtbot, tab)


def loaded(qtbot, tab: EmploymentTab) -> EmploymentTab:
    qtbot.waitUntil(lambda: not tab.load.loading)  # read on the read pool
    return tab


def test_same_sector_warning_and_moving_checks(qtbot, qtmodeltester, vault, staff, client_id):
    tab = _tab(qtbot, vault, staff.caseworker, client_id)
    tab.baseline.choices["employed"].set_value("no")
    tab.baseline.sector.set_value("labour_domestic_work")
    qtbot.mouseClick(tab.baseline.save_button, Qt.MouseButton.LeftButton)
    assert "saved" in tab.status.text().casefold()
    loaded(qtbot, tab)
    tab.save_placement(
        PlacementDraft(
            job_title="Housekeeper", start_date=START, sector="isic_t", wage=Decimal("14.00")
        )
    )
    loaded(qtbot, tab)
    assert tab.warning.isVisible()
    assert "sector where the survivor was exploited" in tab.warning.text()
    assert tab.placements.rowCount() == 1
    assert tab.checks.rowCount() == 4
    assert tab.checks.row_at(0).due_date == START + dt.timedelta(days=30)
    qtmodeltester.check(tab.placements)
    qtmodeltester.check(tab.checks)
    qtmodeltester.check(tab.enrollments)
    first = tab.checks.row_at(0)
    tab.record_check(
        first.id,
        RetentionCheckDraft(attempted_on=dt.date(2026, 3, 5), reached=True, status="same_employer"),
    )
    loaded(qtbot, tab)
    placement = tab.placements.row_at(0)
    new_start = dt.date(2026, 3, 1)
    tab.save_placement(
        PlacementDraft(job_title="Housekeeper", start_date=new_start, sector="isic_k"),
        placement.id,
    )
    loaded(qtbot, tab)
    assert not tab.warning.isVisible()
    dues = {c.due_day: c.due_date for c in tab.checks.rows()}
    assert dues[30] == START + dt.timedelta(days=30)  # recorded: stays
    assert dues[90] == new_start + dt.timedelta(days=90)


def test_placement_dialog_warns_as_you_choose_the_sector(qtbot, vault, staff):
    dialog = PlacementDialog(None, employers=[], exploitation_sector="labour_hospitality")
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.warning.isVisible()
    dialog.sector.set_value("isic_i")
    assert dialog.warning.isVisible()
    dialog.sector.set_value("isic_c")
    assert not dialog.warning.isVisible()


def test_roles_without_employment_see_nothing(qtbot, vault, staff, client_id):
    tab = _tab(qtbot, vault, staff.director, client_id)
    assert tab.placements.rowCount() == 0
    assert tab.status.text()


def test_employers_page_lists_and_saves(qtbot, qtmodeltester, vault, staff):
    with vault.session() as s:
        emp.save_training_program(
            s, actor=staff.caseworker, draft=TrainingProgramDraft(name="Forklift")
        )
    page = EmployersPage(_ctx(vault, staff.caseworker))
    qtbot.addWidget(page)
    page.show()
    # read on the read pool: adding waits until the lists are shown
    assert not page.add_employer_button.isEnabled()
    assert page.load.notice.isVisible()
    qtbot.waitUntil(lambda: page.programs.rowCount() == 1)
    assert page.add_employer_button.isEnabled()
    assert page.add_program_button.isEnabled()
    assert not page.load.notice.isVisible()
    with qtbot.waitSignal(page.loaded):
        page.save_employer(
            EmployerDraft(name="Farm", sector="isic_a", vetted=True, vetted_on=START)
        )
    assert page.employers.rowCount() == 1
    page.employer_table.selectRow(0)
    assert page.selected_employer().name == "Farm"
    page.save_employer(EmployerDraft(name="", vetted=True))
    assert "Name: " in page.status.text()
    qtmodeltester.check(page.employers)
    qtmodeltester.check(page.programs)
    dialog = EmployerDialog(page, page.selected_employer())
    qtbot.addWidget(dialog)
    assert dialog.draft().vetted_on == START


def test_refused_placement_names_the_fields_in_words(qtbot, vault, staff, client_id):
    tab = _tab(qtbot, vault, staff.caseworker, client_id)
    assert not tab.save_placement(
        PlacementDraft(job_title=" ", start_date=None, hours_per_week=500)
    )
    text = tab.status.text()
    assert "Job title: " in text
    assert "Start date: " in text
    assert "Hours per week: " in text
    assert tab.placements.rowCount() == 0


def test_the_tab_reads_in_the_background_and_holds_its_actions_until_shown(
    qtbot, vault, staff, client_id
):
    with vault.session() as s:
        from safehaven.services.employment import employment

        employment.add_placement(
            s,
            actor=staff.caseworker,
            client_id=client_id,
            draft=PlacementDraft(job_title="Baker", start_date=START, sector="isic_c"),
        )
    tab = EmploymentTab(_ctx(vault, staff.caseworker), client_id)
    qtbot.addWidget(tab)
    tab.show()
    held = (tab.baseline.save_button, tab.add_button, tab.enroll_button, tab.edit_button)
    assert tab.load.notice.isVisible()
    assert [b.isEnabled() for b in held] == [False] * len(held)
    loaded(qtbot, tab)
    assert not tab.load.notice.isVisible()
    assert [b.isEnabled() for b in held] == [True] * len(held)
    assert tab.selected().job_title == "Baker"  # the newest placement is selected
    assert tab.checks.rowCount() == 4


def test_the_placement_just_saved_stays_selected_after_the_read(qtbot, vault, staff, client_id):
    tab = _tab(qtbot, vault, staff.caseworker, client_id)
    for title in ("Baker", "Cook"):
        tab.save_placement(PlacementDraft(job_title=title, start_date=START, sector="isic_c"))
        loaded(qtbot, tab)
    baker = tab.placements.row_at(0)
    tab.save_placement(
        PlacementDraft(job_title="Head baker", start_date=START, sector="isic_c"), baker.id
    )
    loaded(qtbot, tab)
    assert tab.selected().id == baker.id
    assert tab.selected().job_title == "Head baker"
