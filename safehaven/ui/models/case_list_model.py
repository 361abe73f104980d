"""The case list model: ids only, with a small cache of row blocks read as they scroll into view.

At 100,000 clients the list holds 100,000 ints; rows are fetched in blocks of BLOCK_SIZE by id
(a few milliseconds each) and at most MAX_BLOCKS blocks are kept.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from safehaven.i18n import N_, _
from safehaven.services.case_list import BLOCK_SIZE, CaseListRow
from safehaven.ui.client_labels import code_label

RowFetcher = Callable[[Sequence[int]], list[CaseListRow]]
AnyIndex = QModelIndex | QPersistentModelIndex
MAX_BLOCKS = 25
ID_ROLE = Qt.ItemDataRole.UserRole + 1
CAN_OPEN_ROLE = Qt.ItemDataRole.UserRole + 2


class Column(IntEnum):
    CASE_NUMBER = 0
    CHOSEN_NAME = 1
    STATUS = 2
    CASEWORKER = 3
    INTAKE_DATE = 4


HEADERS = {
    Column.CASE_NUMBER: N_("Case number"),
    Column.CHOSEN_NAME: N_("Chosen name"),
    Column.STATUS: N_("Status"),
    Column.CASEWORKER: N_("Caseworker"),
    Column.INTAKE_DATE: N_("Intake date"),
}


class CaseListModel(QAbstractTableModel):
    """Rows are case ids; `sort()` asks the page to re-query (sorting happens in SQL)."""

    sort_requested = Signal(int, Qt.SortOrder)

    def __init__(self, fetch_rows: RowFetcher, parent: Any = None) -> None:
        super().__init__(parent)
        self._fetch_rows = fetch_rows
        self._ids: list[int] = []
        self._blocks: OrderedDict[int, dict[int, CaseListRow]] = OrderedDict()
        self.fetches = 0  # how many blocks were read (for tests and benchmarks)

    def set_ids(self, ids: list[int]) -> None:
        self.beginResetModel()
        self._ids = ids
        self._blocks.clear()
        self.endResetModel()

    def clear(self) -> None:
        self.set_ids([])

    def case_id(self, row: int) -> int:
        return self._ids[row]

    def row_of(self, case_id: int) -> int:
        try:
            return self._ids.index(case_id)
        except ValueError:
            return -1

    def case_row(self, row: int) -> CaseListRow | None:
        if not 0 <= row < len(self._ids):
            return None
        block = self._block(row // BLOCK_SIZE)
        return block.get(self._ids[row])

    def cached_rows(self) -> list[CaseListRow]:
        return [r for block in self._blocks.values() for r in block.values()]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def hasChildren(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        """Public here (QAbstractTableModel hides it from Python): only the root has rows."""
        return not parent.isValid() and bool(self._ids)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(Column):
            return _(HEADERS[Column(section)])
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._ids):
            return None
        if role == ID_ROLE:
            return self._ids[index.row()]
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.ForegroundRole,
            CAN_OPEN_ROLE,
        ):
            return None
        row = self.case_row(index.row())
        if row is None:
            return None
        if role == CAN_OPEN_ROLE:
            return row.can_open
        if role == Qt.ItemDataRole.ForegroundRole:
            return None if row.can_open else QBrush(QColor("#6b7280"))
        if role == Qt.ItemDataRole.ToolTipRole:
            return None if row.can_open else _("Your role may not open this case.")
        return _display(row, Column(index.column()))

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if 0 <= column < len(Column):
            self.sort_requested.emit(column, order)

    def _block(self, number: int) -> dict[int, CaseListRow]:
        block = self._blocks.get(number)
        if block is not None:
            self._blocks.move_to_end(number)
            return block
        ids = self._ids[number * BLOCK_SIZE : (number + 1) * BLOCK_SIZE]
        block = {r.id: r for r in self._fetch_rows(ids)}
        self.fetches += 1
        self._blocks[number] = block
        while len(self._blocks) > MAX_BLOCKS:
            self._blocks.popitem(last=False)
        return block


def _display(row: CaseListRow, column: Column) -> str:
    if column is Column.CASE_NUMBER:
        return row.case_number
    if column is Column.CHOSEN_NAME:
        return row.chosen_name
    if column is Column.STATUS:
        return code_label(row.status)
    if column is Column.CASEWORKER:
        return row.caseworker_name or _("Unassigned")
    return row.intake_date.isoformat()
