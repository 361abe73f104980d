# ruff: noqa: F401, F811  (pytest fixtures imported from case_support)
"""The case list page: search as you type, sort, filters, scope marks, new client, lock."""

from __future__ import annotations

from PySide6.QtCore import Qt

from safehaven.services.cases.case_list import CaseListRow
from safehaven.ui.cases.case_list_model import CAN_OPEN_ROLE, CaseListModel, Column
from safehaven.ui.cases.case_list_page import CaseListPage
from tests.ui.case_support import NAMES, clients, make_ctx
from tests.ui.helpers import assert_text_absent


def _page(qtbot, vault, actor) -> CaseListPage:  # type: ignore[no-untyped-def]
    page = CaseListPage(make_ctx(qtbot, vault, actor))
    qtbot.addWidget(page)
    page.resize(900, 500)
    page.show()
    with qtbot.waitSignal(page.ids_loaded, timeout=5000):
        page.refresh()
    return page


def _shown_names(page: CaseListPage) -> list[str]:
    model = page.model
    return [model.data(model.index(row, Column.CHOSEN_NAME)) for row in range(model.rowCount())]


def _type_search(qtbot, page: CaseListPage, text: str) -> None:  # type: ignore[no-untyped-def]
    page.search.clear()
    with qtbot.waitSignal(page.ids_loaded, timeout=5000):
        qtbot.keyClicks(page.search, text)


def test_lists_every_case_newest_first(qtbot, vault, staff, clients):
    page = _page(qtbot, vault, staff.caseworker)
    assert _shown_names(page) == list(reversed(NAMES))
    assert page.count_label.text() == "5 cases"


def test_search_finds_part_of_a_name_without_diacritics(qtbot, vault, staff, clients):
    page = _page(qtbot, vault, staff.caseworker)
    _type_search(qtbot, page, "nunez")
    assert _shown_names(page) == ["José Ñúñez"]
    _type_search(qtbot, page, "jos")
    assert _shown_names(page) == ["José Ñúñez"]
    _type_search(qtbot, page, "ZOE")
    assert _shown_names(page) == ["Zoë"]


def test_search_finds_by_case_number(qtbot, vault, staff, clients):
    page = _page(qtbot, vault, staff.caseworker)
    row = page.model.row_of(clients["Kwame"])
    number = page.model.data(page.model.index(row, Column.CASE_NUMBER))
    _type_search(qtbot, page, number)
    assert _shown_names(page) == ["Kwame"]
    _type_search(qtbot, page, number.rsplit("-", 1)[1])
    assert _shown_names(page) == ["Kwame"]


def test_clicking_a_header_sorts_in_the_database(qtbot, vault, staff, clients):
    page = _page(qtbot, vault, staff.caseworker)
    header = page.view.horizontalHeader()
    with qtbot.waitSignal(page.ids_loaded, timeout=5000):
        header.setSortIndicator(Column.CHOSEN_NAME, Qt.SortOrder.AscendingOrder)
    assert _shown_names(page) == sorted(NAMES, key=str.casefold)
    with qtbot.waitSignal(page.ids_loaded, timeout=5000):
        header.setSortIndicator(Column.CHOSEN_NAME, Qt.SortOrder.DescendingOrder)
    assert _shown_names(page) == sorted(NAMES, key=str.casefold, reverse=True)


def test_filters_by_caseworker_and_status(qtbot, vault, staff, clients):
    page = _page(qtbot, vault, staff.supervisor)
    with qtbot.waitSignal(page.ids_loaded, timeout=5000):
        page.worker_filter.setCurrentIndex(page.worker_filter.findText("Caseworker"))
    assert _shown_names(page) == ["María"]
    with qtbot.waitSignal(page.ids_loaded, timeout=5000):
        page.status_filter.setCurrentIndex(page.status_filter.findData("closed"))
    assert _shown_names(page) == []
    assert page.count_label.text() == "0 cases"


def test_cases_outside_the_scope_are_not_listed_but_a_match_is_told(qtbot, vault, staff, clients):
    page = _page(qtbot, vault, staff.caseworker2)  # María belongs to the other caseworker
    assert "María" not in _shown_names(page)
    assert page.model.row_of(clients["María"]) == -1
    assert page.hidden_note.isHidden()
    _type_search(qtbot, page, "maria")
    assert _shown_names(page) == []
    assert not page.hidden_note.isHidden()
    assert "ask a supervisor" in page.hidden_note.text()
    assert_text_absent([page], ["María"])
    _type_search(qtbot, page, "zoe")
    assert page.hidden_note.isHidden()


def test_enter_on_a_row_asks_to_open_the_case(qtbot, vault, staff, clients):
    page = _page(qtbot, vault, staff.supervisor)
    page.view.setFocus()
    page.view.selectRow(page.model.row_of(clients["Zoë"]))
    page.view.setCurrentIndex(page.model.index(page.model.row_of(clients["Zoë"]), 0))
    with qtbot.waitSignal(page.open_case_requested, timeout=2000) as blocker:
        qtbot.keyClick(page.view, Qt.Key.Key_Return)
    assert blocker.args == [clients["Zoë"]]


def test_new_client_is_registered_and_its_case_opened(qtbot, vault, staff, clients):
    page = _page(qtbot, vault, staff.intake)
    qtbot.keyClick(page, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = page.new_dialog
    assert not dialog.save_button.isEnabled()
    assert "chosen name" in dialog.save_reason.text()
    qtbot.keyClicks(dialog.chosen_name, "Lupita")
    assert dialog.save_button.isEnabled()
    qtbot.keyClicks(dialog.intake_date, "2026-13-01")
    assert not dialog.save_button.isEnabled()
    assert "YYYY-MM-DD" in dialog.date_error.text()
    dialog.intake_date.clear()
    with qtbot.waitSignal(page.open_case_requested, timeout=5000) as blocker:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    new_id = blocker.args[0]
    assert new_id not in clients.values()
    qtbot.waitUntil(lambda: "Lupita" in _shown_names(page), timeout=5000)


def test_clearing_the_name_says_it_is_required(qtbot, vault, staff, clients):
    page = _page(qtbot, vault, staff.intake)
    page.new_client()
    dialog = page.new_dialog
    assert dialog.name_error.text() == ""  # nothing red before typing
    qtbot.keyClicks(dialog.chosen_name, "A")
    dialog.chosen_name.selectAll()
    qtbot.keyClick(dialog.chosen_name, Qt.Key.Key_Backspace)
    assert dialog.name_error.text() == "This field is required."
    assert not dialog.save_button.isEnabled()


def test_clear_leaves_no_client_name_anywhere(qtbot, vault, staff, clients):
    page = _page(qtbot, vault, staff.supervisor)
    _type_search(qtbot, page, "maria")
    assert _shown_names(page) == ["María"]
    page.new_client()
    dialog = page.new_dialog
    qtbot.keyClicks(dialog.chosen_name, "Typed Newname")
    page.clear()
    assert page.model.rowCount() == 0
    assert not dialog.isVisible()
    assert_text_absent([page, dialog], [*NAMES, "Typed Newname", "maria"])


def test_list_model_passes_the_model_tester(qtmodeltester, qtbot, vault, staff, clients):
    page = _page(qtbot, vault, staff.caseworker2)
    qtmodeltester.check(page.model)


def test_lazy_model_reads_rows_in_blocks_only_when_shown(qtmodeltester):
    import datetime as dt

    asked: list[int] = []

    def fetch(ids):  # type: ignore[no-untyped-def]
        asked.append(len(ids))
        return [
            CaseListRow(
                i, f"SH-2026-{i:04d}", f"Name {i}", "active", None, None, dt.date(2026, 1, 1), True
            )
            for i in ids
        ]

    model = CaseListModel(fetch)
    model.set_ids(list(range(1, 100_001)))
    assert asked == []
    assert model.data(model.index(99_999, Column.CHOSEN_NAME)) == "Name 100000"
    assert asked == [200]
    assert model.data(model.index(99_998, Column.CASE_NUMBER)) == "SH-2026-99999"
    assert asked == [200]
    for block in range(40):
        model.data(model.index(block * 200, 0))
    assert len(model.cached_rows()) <= 25 * 200
    qtmodeltester.check(model)


def test_language_switch_rewords_the_page_and_keeps_the_search(qtbot, vault, staff, clients):
    from PySide6.QtCore import QCoreApplication, QEvent

    from safehaven import i18n

    page = _page(qtbot, vault, staff.supervisor)
    _type_search(qtbot, page, "zoe")
    try:
        i18n.set_language("es")
        QCoreApplication.sendEvent(page, QEvent(QEvent.Type.LanguageChange))
        assert page.search.placeholderText().startswith("Buscar")
        assert page.status_filter.itemText(0) == "Todos los estados"
        assert page.model.headerData(1, Qt.Orientation.Horizontal, 0) == "Nombre elegido"
        assert page.count_label.text() == "1 caso"
        assert page.search.text() == "zoe"
    finally:
        i18n.set_language("en")
