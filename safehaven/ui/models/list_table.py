"""The plumbing shared by the flat, read-only table models: a list of items, one per row, and
translated column headers (worded when asked, so a language switch only needs `retranslate`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from safehaven.i18n import _

T = TypeVar("T")
AnyIndex = QModelIndex | QPersistentModelIndex


class ListTableModel(QAbstractTableModel, Generic[T]):
    """Subclasses keep one item per row in `_items` and implement `data`."""

    def __init__(self, headers: Sequence[str], parent: Any = None) -> None:
        super().__init__(parent)
        self._headers = tuple(headers)  # marked with N_(), translated when shown
        self._items: list[T] = []

    def retranslate(self) -> None:
        """Headers and coded values are worded when asked: tell the views to ask again."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._headers) - 1)
        if self.rowCount() > 0:
            last = self.index(self.rowCount() - 1, len(self._headers) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def hasChildren(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        """Public here (QAbstractTableModel hides it from Python): only the root has rows."""
        return not parent.isValid() and bool(self._items)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._headers):
            return _(self._headers[section])
        return None

    # `flags` is Qt's own (enabled, selectable): one question less from Qt to Python per cell.
