"""On the demo vault, as every role that has a case list: no row of the list, and no search
answer, carries the chosen name of a case the role may not open (every row, every column)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from safehaven.demo import vault as demo
from safehaven.models.client import Client
from safehaven.services.access import may_open_case
from safehaven.services.accounts import accounts
from safehaven.storage.keyslots import FAST_TEST_KDF
from safehaven.ui.cases.case_list_page import CaseListPage
from safehaven.ui.context import UiContext
from safehaven.ui.tasks import TaskRunner

ROLES_WITH_A_CASE_LIST = ("intake", "caseworker", "supervisor")
DATA_ROLES = (
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.AccessibleTextRole,
    Qt.ItemDataRole.StatusTipRole,
)


@pytest.fixture(scope="module")
def demo_vault(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("scope") / "vault"
    demo.create_demo_vault(folder, clients=150, kdf=FAST_TEST_KDF)
    return folder


@pytest.fixture(params=ROLES_WITH_A_CASE_LIST)
def page(request, demo_vault: Path, qtbot) -> Iterator[CaseListPage]:  # type: ignore[no-untyped-def]
    signed = accounts.sign_in(demo_vault, request.param, demo.DEMO_PASSWORD)
    runner = TaskRunner()
    shown = CaseListPage(UiContext(signed.vault, signed.actor, runner))
    qtbot.addWidget(shown)
    with qtbot.waitSignal(shown.ids_loaded, timeout=20_000):
        shown.refresh()
    yield shown
    shown.clear()
    runner.wait_all(20_000)
    signed.vault.close()


def _names_outside_scope(page: CaseListPage) -> tuple[set[str], int]:
    """Chosen names held only by cases outside the actor's scope, and how many cases are in it."""
    actor = page.ctx.actor
    with page.ctx.vault.session() as session:
        every = session.execute(select(Client)).scalars().all()
        inside = {c.chosen_name for c in every if may_open_case(actor, c)}
        outside = {c.chosen_name for c in every if not may_open_case(actor, c)}
        count = sum(1 for c in every if may_open_case(actor, c))
    return outside - inside, count


def _every_cell(page: CaseListPage) -> list[str]:
    model = page.model
    cells = []
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            for role in DATA_ROLES:
                value = model.data(model.index(row, column), role)
                if value is not None:
                    cells.append(str(value))
    return cells


def test_no_row_names_a_case_outside_the_scope(page: CaseListPage) -> None:
    hidden, in_scope = _names_outside_scope(page)
    assert page.model.rowCount() == in_scope
    if page.ctx.actor.username != "supervisor":
        assert hidden, "the demo vault should hold cases this role may not open"
    cells = {cell.casefold() for cell in _every_cell(page)}
    seen = {name for name in hidden if name.casefold() in cells}
    assert not seen, f"{page.ctx.actor.username} sees {sorted(seen)}"


def test_searching_a_name_outside_the_scope_shows_nothing_of_it(page: CaseListPage, qtbot) -> None:
    hidden, _count = _names_outside_scope(page)
    for name in sorted(hidden)[:4]:
        with qtbot.waitSignal(page.ids_loaded, timeout=20_000):
            page.search.setText(name)
        assert name.casefold() not in {cell.casefold() for cell in _every_cell(page)}
        assert not page.hidden_note.isHidden()
