"""The screening's domain list: one line per indicator domain with its state."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from safehaven.i18n import _
from safehaven.services.screening.rows import DomainStateRow
from safehaven.ui.screening.labels import DOMAIN_STATES, DOMAINS, label

Index = QModelIndex | QPersistentModelIndex
DOMAIN_KEY_ROLE = int(Qt.ItemDataRole.UserRole) + 1


class DomainListModel(QAbstractListModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[DomainStateRow] = []

    def set_domains(self, rows: Sequence[DomainStateRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def clear(self) -> None:
        self.set_domains([])

    def key_at(self, row: int) -> str | None:
        return self._rows[row].key if 0 <= row < len(self._rows) else None

    def row_of(self, key: str) -> int:
        return next((i for i, r in enumerate(self._rows) if r.key == key), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            return _("{domain} — {state}").format(
                domain=label(DOMAINS, row.key), state=label(DOMAIN_STATES, row.state)
            )
        if role == DOMAIN_KEY_ROLE:
            return row.key
        return None
