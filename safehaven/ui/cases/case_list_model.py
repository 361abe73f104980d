"""The case list model: ids only, with a small cache of row blocks read as they scroll into view.

At 100,000 clients the list holds 100,000 ints; rows are fetched in blocks of BLOCK_SIZE by id
(a few milliseconds each) and at most MAX_BLOCKS blocks are kept.

Painting asks a model for seven roles of every visible cell, and each question from Qt to Python
costs more than the answer. So the list's view (`case_list_view`) paints a row at a time and
takes a row's cells in one call (`row_cells`), the cell texts of a row are worded once (dropped
with the rows they came from and on a language switch), and `flags` is left to Qt.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from safehaven.i18n import N_, _
from safehaven.services.cases.case_list import BLOCK_SIZE, CaseListRow
from safehaven.ui.cases.labels import code_label
from safehaven.ui.models.list_table import AnyIndex, ListTableModel
from safehaven.ui.widgets.dates import date_text

RowFetcher = Callable[[Sequence[int]], list[CaseListRow]]
MAX_BLOCKS = 25
ID_ROLE = int(Qt.ItemDataRole.UserRole) + 1
CAN_OPEN_ROLE = int(Qt.ItemDataRole.UserRole) + 2
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ROLES = frozenset({_DISPLAY, _TOOLTIP, _FOREGROUND, ID_ROLE, CAN_OPEN_ROLE})
MAX_CELLS = 5000  # rows whose worded cells are kept
Cells = tuple[tuple[str, ...], bool]  # the row's five texts, and whether it may be opened
MUTED_INK = "#6b7280"
_MUTED_BRUSH = QBrush(QColor(MUTED_INK))


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


class CaseListModel(ListTableModel[int]):
    """Rows are case ids; `sort()` asks the page to re-query (sorting happens in SQL)."""

    sort_requested = Signal(int, Qt.SortOrder)

    def __init__(self, fetch_rows: RowFetcher, parent: Any = None) -> None:
        super().__init__([HEADERS[c] for c in Column], parent)
        self._fetch_rows = fetch_rows
        self._blocks: OrderedDict[int, dict[int, CaseListRow]] = OrderedDict()
        self._cells: dict[int, Cells] = {}  # case id -> its worded cells
        self.fetches = 0  # how many blocks were read (for tests and benchmarks)

    def set_ids(self, ids: list[int]) -> None:
        self.beginResetModel()
        self._items = ids
        self._blocks.clear()
        self._cells.clear()
        self.endResetModel()

    def show_page(self, ids: list[int], rows: list[CaseListRow]) -> None:
        """The first ids of an answer with their rows already read: painting reads nothing."""
        self.beginResetModel()
        self._items = ids
        self._blocks.clear()
        self._cells.clear()
        self._blocks[0] = {r.id: r for r in rows}
        self.endResetModel()

    def extend_ids(self, ids: list[int]) -> None:
        """Every id of the answer whose first page is shown: rows are added below, unless the
        answer no longer starts with the shown ids (then the list is replaced)."""
        shown = len(self._items)
        if ids[:shown] != self._items:
            self.set_ids(ids)
            return
        if len(ids) > shown:
            self.beginInsertRows(QModelIndex(), shown, len(ids) - 1)
            self._items = ids
            self.endInsertRows()

    def clear(self) -> None:
        self.set_ids([])

    def retranslate(self) -> None:
        self._cells.clear()
        super().retranslate()

    def case_id(self, row: int) -> int:
        return self._items[row]

    def row_of(self, case_id: int) -> int:
        try:
            return self._items.index(case_id)
        except ValueError:
            return -1

    def case_row(self, row: int) -> CaseListRow | None:
        if not 0 <= row < len(self._items):
            return None
        block = self._block(row // BLOCK_SIZE)
        found = block.get(self._items[row])
        if found is None and len(block) < BLOCK_SIZE:  # a first page's block, now longer
            self._blocks.pop(row // BLOCK_SIZE)
            found = self._block(row // BLOCK_SIZE).get(self._items[row])
        return found

    def cached_rows(self) -> list[CaseListRow]:
        return [r for block in self._blocks.values() for r in block.values()]

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Called for every cell and role on each paint: plain ints, no enum lookups here.
        if role not in _ROLES or not index.isValid():
            return None
        number = index.row()
        if number >= len(self._items):
            return None
        if role == ID_ROLE:
            return self._items[number]
        row = self.case_row(number)
        if row is None:
            return None
        if role == _DISPLAY:
            return _display(row, index.column())
        if role == CAN_OPEN_ROLE:
            return row.can_open
        if row.can_open:
            return None
        if role == _FOREGROUND:
            return _MUTED_BRUSH
        return _("Your role may not open this case.")

    def row_cells(self, number: int) -> Cells | None:
        """The worded cells of row `number` and whether it may be opened (None: no such row)."""
        if not 0 <= number < len(self._items):
            return None
        found = self._cells.get(self._items[number])
        if found is not None:
            return found
        row = self.case_row(number)
        if row is None:
            return None
        if len(self._cells) >= MAX_CELLS:
            self._cells.clear()
        found = (tuple(_display(row, column) for column in range(len(Column))), row.can_open)
        self._cells[row.id] = found
        return found

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if 0 <= column < len(Column):
            self.sort_requested.emit(column, order)

    def _block(self, number: int) -> dict[int, CaseListRow]:
        block = self._blocks.get(number)
        if block is not None:
            self._blocks.move_to_end(number)
            return block
        ids = self._items[number * BLOCK_SIZE : (number + 1) * BLOCK_SIZE]
        block = {r.id: r for r in self._fetch_rows(ids)}
        self.fetches += 1
        self._blocks[number] = block
        while len(self._blocks) > MAX_BLOCKS:
            self._blocks.popitem(last=False)
        return block


def _display(row: CaseListRow, column: int) -> str:
    if column == 0:  # Column.CASE_NUMBER
        return row.case_number
    if column == 1:  # Column.CHOSEN_NAME
        return row.chosen_name
    if column == 2:  # Column.STATUS
        return code_label(row.status)
    if column == 3:  # Column.CASEWORKER
        return row.caseworker_name or _("Unassigned")
    return date_text(row.intake_date)
