"""The small row tables of the tabs and pages: one row selected at a time, buttons below.

Their columns fit the window (see `ColumnFit`): no sideways scrolling, long text elided with the
full text in the tooltip (the record models give it under ToolTipRole).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from PySide6.QtCore import QAbstractItemModel, QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

KEPT_SHARE = 0.5  # at most this part of a narrow table's width goes to the columns kept whole
CONTENTS_ROWS = 50  # rows measured to fit a column (Qt's 1,000 froze the Tasks page for 5 s)


def row_table(
    model: QAbstractItemModel,
    name: str,
    parent: QWidget,
    *,
    max_height: int | None = None,
    stretch: int | None = None,
    keep: Collection[int] = (),
) -> QTableView:
    """A table that selects whole rows, one at a time; `name` is its accessible name. Columns fit
    their header and contents within the table's width; column `stretch` (by default the one
    with the widest contents) takes the spare width; the columns in `keep` are the last to be
    cut when the table is narrow. The user may still drag a column wider."""
    table = QTableView(parent)
    table.setTabKeyNavigation(False)  # Tab leaves; arrows move inside
    table.setModel(model)
    if name:
        table.setAccessibleName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    for header in (table.horizontalHeader(), table.verticalHeader()):
        header.setResizeContentsPrecision(CONTENTS_ROWS)
    table.verticalHeader().setVisible(False)
    if max_height is not None:
        table.setMaximumHeight(max_height)
    ColumnFit(table, stretch, keep=keep)
    return table


def wide_table(
    model: QAbstractItemModel,
    name: str,
    parent: QWidget,
    *,
    stretch: int | None = None,
    keep: Collection[int] = (),
) -> QTableView:
    """A row table for a page or a tab's main list (the same fitting columns)."""
    return row_table(model, name, parent, stretch=stretch, keep=keep)


def share_width(
    wants: Sequence[int],
    room: int,
    stretch: int,
    floor: int = 40,
    *,
    keep: Collection[int] = (),
) -> list[int]:
    """Column widths for `room` pixels: each column gets what it `wants` while everything
    fits, the spare going to column `stretch`; otherwise the widest columns are cut to one
    common width (never below `floor`) so the short ones stay whole. The columns in `keep`
    (a name, a date, a warning) are cut last: they have up to `KEPT_SHARE` of the room, shared
    in the same way, before the others share what is left."""
    widths = list(wants)
    if not widths:
        return widths
    kept = [n for n in range(len(widths)) if n in keep]
    others = [n for n in range(len(widths)) if n not in keep]
    if kept and others and sum(widths) > room:
        budget = min(sum(widths[n] for n in kept), int(room * KEPT_SHARE))
        budget = max(budget, floor * len(kept), room - sum(widths[n] for n in others))
        shared = share_width([widths[n] for n in kept], budget, 0, floor)
        for n, width in zip(kept, shared, strict=True):
            widths[n] = width
        inner = others.index(stretch) if stretch in others else 0
        left = room - sum(widths[n] for n in kept)
        shared = share_width([widths[n] for n in others], left, inner, floor)
        for n, width in zip(others, shared, strict=True):
            widths[n] = width
        return widths
    left, count = room, len(widths)
    if sum(widths) > room:
        cap = room
        for done, want in enumerate(sorted(widths)):
            if want * (count - done) >= left:
                cap = left // (count - done)
                break
            left -= want
        widths = [max(min(want, cap), floor) for want in widths]
    widths[stretch] = max(widths[stretch] + room - sum(widths), floor)
    return widths


class ColumnFit(QObject):
    """Keeps a table's columns within its width: on every new set of rows and every resize.
    Columns want their contents' width, or the `widths` given (a lazy model's rows arrive after
    the fit, so measuring them would size the columns to the empty rows).

    The contents are measured once per new set of rows (Qt asks the model for every role of up to
    CONTENTS_ROWS rows per column, which at a few thousand rows was the Tasks page's longest
    stall) and only while the table is shown: a hidden table (another tab) is measured when it
    appears. A resize shares the width again without measuring."""

    def __init__(
        self,
        table: QTableView,
        stretch: int | None = None,
        *,
        widths: Mapping[int, int] | None = None,
        keep: Collection[int] = (),
    ) -> None:
        super().__init__(table)
        self.table = table
        self.stretch = stretch
        self.widths = dict(widths or {})
        self.keep = frozenset(keep)  # columns kept whole while the others can shrink
        self._wants: list[int] | None = None  # measured widths of the shown columns
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        model = table.model()
        if any(c not in self.widths for c in range(model.columnCount())):
            # Widths measured from the rows: measure again when the rows change. Columns that
            # all have a given width depend only on their headers.
            for signal in (model.modelReset, model.layoutChanged, model.rowsInserted):
                signal.connect(self.refit)
        model.headerDataChanged.connect(self.refit)  # e.g. another language
        table.viewport().installEventFilter(self)
        table.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if (kind == QEvent.Type.Resize and watched is not self.table) or (
            kind == QEvent.Type.Show and watched is self.table
        ):
            self.fit()
        return False

    def refit(self, *_args: object) -> None:
        """The rows changed: measure again (now, or when the table is next shown)."""
        self._wants = None
        self.fit()

    def fit(self, *_args: object) -> None:
        if not self.table.isVisible():
            return
        header = self.table.horizontalHeader()
        shown = [c for c in range(header.count()) if not header.isSectionHidden(c)]
        if not shown:
            return
        if self._wants is None or len(self._wants) != len(shown):
            self._wants = [max(self._content_width(c), header.sectionSizeHint(c)) for c in shown]
        wants = self._wants
        widest = max(range(len(shown)), key=lambda n: wants[n])
        stretch = shown.index(self.stretch) if self.stretch in shown else widest
        room = self.table.viewport().width()
        keep = [shown.index(c) for c in self.keep if c in shown]
        shares = share_width(wants, room, stretch, keep=keep)
        for column, width in zip(shown, shares, strict=True):
            header.resizeSection(column, width)

    def _content_width(self, column: int) -> int:
        """The column's given width, or its widest text among the first CONTENTS_ROWS rows
        with the cell's margins. Qt's own `sizeHintForColumn` asks the model for every role
        of every cell (about eleven calls into Python each: 3,564 calls and 21 ms for the
        directory's 18 columns); here each cell is asked for its text once, and only the
        widest cell is measured with its margins by the delegate."""
        if column in self.widths:
            return self.widths[column]
        model = self.table.model()
        rows = min(model.rowCount(), CONTENTS_ROWS)
        if rows == 0:
            return 0
        metrics = self.table.fontMetrics()
        display = Qt.ItemDataRole.DisplayRole
        advances = [
            metrics.horizontalAdvance(str(model.data(model.index(row, column), display) or ""))
            for row in range(rows)
        ]
        widest = max(range(rows), key=advances.__getitem__)
        cell = self.table.sizeHintForIndex(model.index(widest, column)).width()
        return cell + (1 if self.table.showGrid() else 0)  # as Qt counts the grid line


def fitted_table(model: QAbstractItemModel, parent: QWidget) -> QTableView:
    """A row table whose columns share the whole width (the short lists of the admin pages)."""
    table = row_table(model, "", parent)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    return table


def table_group(
    title: str, table: QTableView, buttons: Sequence[QPushButton], parent: QWidget
) -> QGroupBox:
    """A titled box with the table and, below it, a row of buttons pushed to the left."""
    box = QGroupBox(title, parent)
    layout = QVBoxLayout(box)
    layout.addWidget(table)
    row = QHBoxLayout()
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    layout.addLayout(row)
    return box
