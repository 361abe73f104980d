"""A small read-only table model over rows of display strings (a few hundred rows at most)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from safehaven.ui.models.list_table import ListTableModel

Index = QModelIndex | QPersistentModelIndex
ROW_DATA_ROLE = int(Qt.ItemDataRole.UserRole) + 1


class RowsTableModel(ListTableModel[tuple[tuple[str, ...], object]]):
    """`set_rows(cells, payloads)`: one tuple of strings per row, plus any object per row that
    `payload(row)` and the ROW_DATA_ROLE return. The headers come translated already."""

    def set_rows(self, cells: Sequence[tuple[str, ...]], payloads: Sequence[object]) -> None:
        self.beginResetModel()
        self._items = [(tuple(c), p) for c, p in zip(cells, payloads, strict=True)]
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows([], [])

    def payload(self, row: int) -> object:
        return self._items[row][1] if 0 <= row < len(self._items) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        cells, payload = self._items[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return cells[index.column()] if index.column() < len(cells) else ""
        if role == ROW_DATA_ROLE:
            return payload
        return None
