"""A small read-only table model over rows of display strings (a few hundred rows at most)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex
ROW_DATA_ROLE = int(Qt.ItemDataRole.UserRole) + 1


class RowsTableModel(QAbstractTableModel):
    """`set_rows(cells, payloads)`: one tuple of strings per row, plus any object per row that
    `payload(row)` and the ROW_DATA_ROLE return."""

    def __init__(self, headers: Sequence[str], parent: Any = None) -> None:
        super().__init__(parent)
        self._headers = list(headers)
        self._cells: list[tuple[str, ...]] = []
        self._payloads: list[object] = []

    def set_rows(self, cells: Sequence[tuple[str, ...]], payloads: Sequence[object]) -> None:
        self.beginResetModel()
        self._cells = [tuple(c) for c in cells]
        self._payloads = list(payloads)
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows([], [])

    def payload(self, row: int) -> object:
        return self._payloads[row] if 0 <= row < len(self._payloads) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._cells)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._cells):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            row = self._cells[index.row()]
            return row[index.column()] if index.column() < len(row) else ""
        if role == ROW_DATA_ROLE:
            return self._payloads[index.row()]
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self._headers)
        ):
            return self._headers[section]
        return None
