"""The reports page: fixed periods only, exact numbers for directors, protected for others,
charts, and Export… running in the background to a folder the user picks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from safehaven.demo import vault as demo
from safehaven.models.period import parse_period
from safehaven.services.accounts import accounts
from safehaven.storage.keyslots import FAST_TEST_KDF
from safehaven.ui.context import UiContext
from safehaven.ui.reports.reports_page import PARTS, ReportsPage
from safehaven.ui.tasks import TaskRunner

TODAY = dt.date(2026, 11, 20)


@pytest.fixture(scope="module")
def vault_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("reports") / "vault"
    demo.create_demo_vault(folder, clients=220, kdf=FAST_TEST_KDF, today=TODAY)
    return folder


def _ctx(folder: Path, user: str) -> Iterator[UiContext]:
    signed = accounts.sign_in(folder, user, demo.DEMO_PASSWORD)
    runner = TaskRunner()
    yield UiContext(signed.vault, signed.actor, runner)
    runner.wait_all(20000)
    signed.vault.close()


@pytest.fixture
def director(vault_folder: Path, qapp) -> Iterator[UiContext]:
    yield from _ctx(vault_folder, "director")


@pytest.fixture
def admin(vault_folder: Path, qapp) -> Iterator[UiContext]:
    yield from _ctx(vault_folder, "admin")


def _show(qtbot, page: ReportsPage, period: str) -> None:
    page.set_period(parse_period(period))
    qtbot.mouseClick(page.show_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.report is not None or bool(page.error.text()), timeout=60000)


def test_period_picker_offers_only_fixed_periods(qtbot, director) -> None:
    page = ReportsPage(director)
    qtbot.addWidget(page)
    assert page.part.count() == len(PARTS) == 7
    page.year.setValue(2026)
    ids = []
    for i in range(page.part.count()):
        page.part.setCurrentIndex(i)
        ids.append(page.period().id)
    assert ids == ["2026", "2026-H1", "2026-H2", "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]


def test_director_sees_exact_counts_with_a_chart(qtbot, qtmodeltester, director) -> None:
    page = ReportsPage(director)
    qtbot.addWidget(page)
    _show(qtbot, page, "2026-H1")
    assert page.report is not None
    assert page.report.exact
    assert "Exact counts" in page.mode.text()
    assert page.table_choice.count() >= 10
    qtmodeltester.check(page.model)
    page.table_choice.setCurrentIndex(3)  # gender
    assert page.model.rowCount() == 9
    assert page.chart.bars
    total_row = page.model.rowCount() - 1
    assert page.model.headerData(total_row, Qt.Orientation.Vertical) == "Total"


def test_admin_sees_protected_numbers_only(qtbot, admin) -> None:
    page = ReportsPage(admin)
    qtbot.addWidget(page)
    _show(qtbot, page, "2026-H1")
    assert page.report is not None
    assert not page.report.exact
    shown = [c.value for t in page.report.tables for c in t.cells if c.value is not None]
    assert all(v == 0 or v >= 11 for v in shown)
    assert "Protected numbers" in page.mode.text()


def test_export_writes_the_three_files_to_the_chosen_folder(qtbot, director, tmp_path) -> None:
    page = ReportsPage(director)
    qtbot.addWidget(page)
    _show(qtbot, page, "2025")
    page.choose_folder = lambda parent, title: str(tmp_path)
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(page.message.text() or page.error.text()), timeout=120000)
    assert not page.error.text(), page.error.text()
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "manifest.json",
        "summary.pdf",
        "tables.csv",
    ]
    assert "privacy check passed" in page.message.text()


def test_export_into_a_used_folder_says_why_and_writes_nothing_more(
    qtbot, director, tmp_path
) -> None:
    (tmp_path / "tables.csv").write_text("x")
    page = ReportsPage(director)
    qtbot.addWidget(page)
    _show(qtbot, page, "2025-H2")
    page.choose_folder = lambda parent, title: str(tmp_path)
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.error.text() != "", timeout=120000)
    assert "empty folder" in page.error.text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tables.csv"]


def test_a_tiny_demo_answers_too_few_clients(qtbot, tmp_path, qapp) -> None:
    folder = tmp_path / "tiny"
    demo.create_demo_vault(folder, clients=25, kdf=FAST_TEST_KDF, today=TODAY)
    for ctx in _ctx(folder, "admin"):
        page = ReportsPage(ctx)
        qtbot.addWidget(page)
        _show(qtbot, page, "2026-Q2")
        assert page.report is not None
        assert page.report.too_few_clients
        assert "Too few clients" in page.message.text()
        page.clear()
        assert page.model.rowCount() == 0
        assert page.table_choice.count() == 0
