# ruff: noqa: F401, F811  (pytest fixtures imported from case_support)
"""Search as you type: no debounce, the first page first, and the newest answer always wins."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from safehaven.services.cases.case_list import CaseQuery, case_ids
from safehaven.ui.cases.case_list_model import Column
from safehaven.ui.cases.case_list_page import CaseListPage
from safehaven.ui.search import live_search
from tests.ui.case_support import NAMES, clients, make_ctx


def _page(qtbot, vault, actor) -> CaseListPage:  # type: ignore[no-untyped-def]
    page = CaseListPage(make_ctx(qtbot, vault, actor))
    qtbot.addWidget(page)
    page.resize(900, 500)
    page.show()
    with qtbot.waitSignal(page.ids_loaded, timeout=5000):
        page.refresh()
    return page


def _shown_ids(page: CaseListPage) -> list[int]:
    return [page.model.case_id(row) for row in range(page.model.rowCount())]


def _shown_names(page: CaseListPage) -> list[str]:
    model = page.model
    return [model.data(model.index(row, Column.CHOSEN_NAME)) for row in range(model.rowCount())]


def _settle(qtbot, page: CaseListPage) -> None:  # type: ignore[no-untyped-def]
    """Wait until every search job has delivered (or dropped) its answer."""
    qtbot.waitUntil(lambda: page.ctx.runner.active_count() == 0, timeout=10_000)
    qtbot.wait(50)  # answers already queued for the GUI thread are delivered too


def _type_ten_keys(qtbot, page: CaseListPage, clear_at_end: bool) -> None:  # type: ignore[no-untyped-def]
    """Ten key presses 10 ms apart: a name, or eight letters then select-all and delete."""
    if not clear_at_end:
        qtbot.keyClicks(page.search, "jose nunez", delay=10)
        return
    qtbot.keyClicks(page.search, "zoe kwam", delay=10)
    qtbot.keyClick(page.search, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier, delay=10)
    qtbot.keyClick(page.search, Qt.Key.Key_Backspace, delay=10)


@pytest.mark.parametrize("first_page", [2, 60])
@pytest.mark.parametrize("clear_at_end", [False, True])
def test_ten_keys_in_100_ms_show_exactly_the_final_texts_results(
    qtbot, vault, staff, clients, monkeypatch, first_page, clear_at_end
):
    monkeypatch.setattr(live_search, "FIRST_PAGE", first_page)
    page = _page(qtbot, vault, staff.supervisor)
    page.search.setText("kwame")
    _settle(qtbot, page)
    page.search.clear()
    _type_ten_keys(qtbot, page, clear_at_end)
    final = page.search.text()
    assert final == ("" if clear_at_end else "jose nunez")
    _settle(qtbot, page)
    with vault.session() as session:
        expected = case_ids(session, actor=staff.supervisor, query=CaseQuery(text=final))
    assert len(expected) == (len(NAMES) if clear_at_end else 1)
    assert page.shown_query is not None
    assert page.shown_query.text == final
    assert _shown_ids(page) == expected
    assert page.count_label.text() == ("5 cases" if clear_at_end else "1 case")


def test_each_key_searches_without_waiting_for_a_pause(qtbot, vault, staff, clients):
    page = _page(qtbot, vault, staff.supervisor)
    with qtbot.waitSignal(page.first_page_shown, timeout=5000):
        qtbot.keyClicks(page.search, "z")
    assert _shown_names(page) == ["Zoë"]


def test_a_full_first_page_is_shown_before_the_rest_arrives(
    qtbot, vault, staff, clients, monkeypatch
):
    monkeypatch.setattr(live_search, "FIRST_PAGE", 2)
    page = _page(qtbot, vault, staff.supervisor)
    seen: list[int] = []
    page.first_page_shown.connect(lambda: seen.append(page.model.rowCount()))
    with qtbot.waitSignal(page.ids_loaded, timeout=5000) as blocker:
        page.reload()
    assert seen == [2]
    assert blocker.args == [len(NAMES)]
    assert _shown_names(page) == list(reversed(NAMES))  # rows past the first page read later
    assert page.count_label.text() == "5 cases"


def test_an_answer_to_an_earlier_key_is_dropped(qtbot, vault, staff, clients):
    page = _page(qtbot, vault, staff.supervisor)
    stale = page.live.generation
    page.search.setText("zo")
    _settle(qtbot, page)
    with qtbot.assertNotEmitted(page.first_page_shown):
        page.live._on_page(stale, CaseQuery(text="k"), ([clients["Kwame"]], []))
    assert _shown_names(page) == ["Zoë"]


def test_the_answer_to_a_key_is_painted_before_the_event_loop_turns_again(
    qtbot, vault, staff, clients
):
    """The rows of a key's answer are laid out and painted as they arrive, not after the
    layout timer and the update request Qt would post (two more turns of the event loop)."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    page = _page(qtbot, vault, staff.supervisor)
    order: list[str] = []

    class Paints(QObject):
        def eventFilter(self, watched, event):  # type: ignore[no-untyped-def]
            if event.type() == QEvent.Type.Paint and order:
                order.append("painted")
            return False

    paints = Paints(page)
    page.view.viewport().installEventFilter(paints)

    def shown() -> None:
        order.append("shown")
        QTimer.singleShot(0, lambda: order.append("next turn"))

    page.first_page_shown.connect(shown)
    with qtbot.waitSignal(page.first_page_shown, timeout=5000):
        qtbot.keyClicks(page.search, "z")
    qtbot.waitUntil(lambda: "next turn" in order, timeout=5000)
    assert order[:3] == ["shown", "painted", "next turn"]
    assert _shown_names(page) == ["Zoë"]
