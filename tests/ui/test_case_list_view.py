"""The case list's table paints its own rows: what a person sees, read back in pixels."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPalette

from safehaven.services.cases.case_list import CaseListRow
from safehaven.ui.cases.case_list_model import MUTED_INK, CaseListModel, Column
from safehaven.ui.cases.case_list_view import CaseListView

HIDDEN_ROW = 3  # a case the person may not open


def _model(count: int, asked: list[int] | None = None) -> CaseListModel:
    def fetch(ids):  # type: ignore[no-untyped-def]
        if asked is not None:
            asked.append(len(ids))
        return [
            CaseListRow(
                i,
                f"SH-2026-{i:04d}",
                f"Name {i}",
                "active",
                None,
                None,
                dt.date(2026, 1, 1),
                i != HIDDEN_ROW + 1,
            )
            for i in ids
        ]

    model = CaseListModel(fetch)
    model.set_ids(list(range(1, count + 1)))
    return model


def _view(qtbot, model: CaseListModel, height: int = 300) -> CaseListView:  # type: ignore[no-untyped-def]
    view = CaseListView(model)
    qtbot.addWidget(view)
    view.setAlternatingRowColors(True)
    view.resize(640, height)
    for column in range(model.columnCount()):
        view.setColumnWidth(column, 120)
    view.show()
    qtbot.waitExposed(view)
    return view


def _painted(qtbot, view: CaseListView) -> None:  # type: ignore[no-untyped-def]
    """Ask for a paint and wait until the window system has had it drawn."""
    view.painted_rows = 0
    view.viewport().update()
    qtbot.waitUntil(lambda: view.painted_rows > 0, timeout=2000)


def _shot(view: CaseListView) -> QImage:
    return view.viewport().grab().toImage()


def _middle(view: CaseListView, row: int) -> int:
    return view.rowViewportPosition(row) + view.rowHeight(row) // 2


def _darkest(image: QImage, view: CaseListView, row: int, column: int) -> int:
    """The lowest lightness of any pixel in the cell (its text's ink)."""
    left = view.columnViewportPosition(column)
    y = _middle(view, row)
    return min(
        image.pixelColor(x, dy).lightness()
        for x in range(left + 2, left + view.columnWidth(column) - 2)
        for dy in range(y - 3, y + 4)
    )


def _background(image: QImage, view: CaseListView, row: int) -> QColor:
    """A pixel of the row well to the right of the short date text."""
    column = Column.INTAKE_DATE
    x = view.columnViewportPosition(column) + view.columnWidth(column) - 6
    return image.pixelColor(x, view.rowViewportPosition(row) + 2)


def test_selection_stripes_and_muted_rows_are_painted(qtbot):
    model = _model(8)
    view = _view(qtbot, model)
    view.selectRow(0)
    image = _shot(view)
    palette, group = view.viewport().palette(), QPalette.ColorGroup.Active
    if not view.isActiveWindow():
        group = QPalette.ColorGroup.Inactive
    assert _background(image, view, 0) == palette.color(group, QPalette.ColorRole.Highlight)
    assert _background(image, view, 1) == palette.color(group, QPalette.ColorRole.AlternateBase)
    assert _background(image, view, 2) == palette.color(group, QPalette.ColorRole.Base)
    muted = _darkest(image, view, HIDDEN_ROW, Column.CHOSEN_NAME)
    plain = _darkest(image, view, 2, Column.CHOSEN_NAME)
    assert abs(muted - QColor(MUTED_INK).lightness()) <= 12  # greyed: this case cannot be opened
    assert plain < muted - 40  # other rows in full ink
    assert _darkest(image, view, 6, Column.CASE_NUMBER) < 120  # every visible row has its text


def test_only_the_rows_in_view_are_read_and_painted(qtbot):
    asked: list[int] = []
    model = _model(100_000, asked)
    view = _view(qtbot, model, height=200)
    _painted(qtbot, view)
    fitting = view.viewport().height() // view.rowHeight(0) + 1
    assert 0 < view.painted_rows <= fitting
    assert asked == [200]  # one block of rows, not the 100,000
    view.scrollToBottom()
    _painted(qtbot, view)
    image = _shot(view)
    last = model.rowCount() - 1
    assert view.rowViewportPosition(last) < view.viewport().height()
    assert _darkest(image, view, last, Column.CASE_NUMBER) < 120  # the last case is drawn


def test_text_starts_at_the_reading_edge_right_to_left(qtbot):
    model = _model(3)
    view = _view(qtbot, model)
    view.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    _painted(qtbot, view)
    image = _shot(view)
    column = Column.CHOSEN_NAME
    left, width = view.columnViewportPosition(column), view.columnWidth(column)
    y = _middle(view, 2)
    ink = [
        x
        for x in range(left + 1, left + width - 1)
        if any(image.pixelColor(x, dy).lightness() < 120 for dy in range(y - 3, y + 4))
    ]
    assert ink, "the name is drawn"
    assert min(ink) > left + width // 3  # "Name 3" sits at the right end of its cell
    assert max(ink) >= left + width - 10
