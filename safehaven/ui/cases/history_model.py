"""The audit trail of one case as a table: when, who, what, which fields."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import Qt

from safehaven.i18n import N_, _
from safehaven.services.cases.case_view import HistoryRow
from safehaven.ui.cases.labels import action_label, field_label
from safehaven.ui.models.list_table import AnyIndex, ListTableModel
from safehaven.ui.widgets.dates import date_time_text


class Column(IntEnum):
    WHEN = 0
    WHO = 1
    WHAT = 2
    FIELDS = 3


HEADERS = {
    Column.WHEN: N_("When"),
    Column.WHO: N_("Who"),
    Column.WHAT: N_("What"),
    Column.FIELDS: N_("Fields"),
}


class HistoryModel(ListTableModel[HistoryRow]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__([HEADERS[c] for c in Column], parent)

    def set_rows(self, rows: list[HistoryRow]) -> None:
        self.beginResetModel()
        self._items = list(rows)
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows([])

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        if not 0 <= index.row() < len(self._items):
            return None
        row = self._items[index.row()]
        column = Column(index.column())
        if column is Column.WHEN:
            return date_time_text(row.at)
        if column is Column.WHO:
            return row.actor_name or _("SafeHaven")
        if column is Column.WHAT:
            return action_label(row.action)
        return ", ".join(field_label(name) for name in row.fields)
