"""A read-only table over a list of frozen rows, with columns declared as (header, getter).

For the few-dozen-row lists of a case tab or the employers page (set_rows + a proxy when
sorting is wanted). The row object of a line is available under `ROW_ROLE`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import Qt

from safehaven.ui.models.list_table import AnyIndex as AnyIndex  # the pages import it from here
from safehaven.ui.models.list_table import ListTableModel

T = TypeVar("T")
ROW_ROLE = int(Qt.ItemDataRole.UserRole) + 1


@dataclass(frozen=True)
class TableColumn(Generic[T]):
    header: str  # marked with N_(), translated when shown
    text: Callable[[T], str]


class RecordTableModel(ListTableModel[T]):
    def __init__(self, columns: Sequence[TableColumn[T]], parent: Any = None) -> None:
        super().__init__([c.header for c in columns], parent)
        self._columns = list(columns)

    def set_rows(self, rows: Sequence[T]) -> None:
        self.beginResetModel()
        self._items = list(rows)
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows([])

    def row_at(self, number: int) -> T | None:
        return self._items[number] if 0 <= number < len(self._items) else None

    def rows(self) -> list[T]:
        return list(self._items)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        if not 0 <= index.column() < len(self._columns):
            return None
        row = self._items[index.row()]
        if role == ROW_ROLE:
            return row
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._columns[index.column()].text(row)
        return None
