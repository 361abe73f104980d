"""The intake's section list: title, progress and state (done / skipped / to revisit)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from safehaven.i18n import _
from safehaven.services.intake.rows import SectionStateRow
from safehaven.ui.intake.labels import SECTION_STATES
from safehaven.ui.messages import label

Index = QModelIndex | QPersistentModelIndex
SECTION_KEY_ROLE = int(Qt.ItemDataRole.UserRole) + 1
SECTION_STATE_ROLE = int(Qt.ItemDataRole.UserRole) + 2


class SectionListModel(QAbstractListModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[SectionStateRow, str]] = []

    def set_sections(self, rows: Sequence[SectionStateRow], titles: dict[str, str]) -> None:
        self.beginResetModel()
        self._rows = [(r, titles.get(r.key, r.key)) for r in rows]
        self.endResetModel()

    def clear(self) -> None:
        self.set_sections([], {})

    def key_at(self, row: int) -> str | None:
        return self._rows[row][0].key if 0 <= row < len(self._rows) else None

    def row_of(self, key: str) -> int:
        return next((i for i, (r, _t) in enumerate(self._rows) if r.key == key), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        section, title = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return _("{key}. {title} — {state} ({recorded}/{total})").format(
                key=section.key,
                title=title,
                state=label(SECTION_STATES, section.state),
                recorded=section.recorded,
                total=section.total,
            )
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return _("Section {key}: {state}").format(
                key=section.key, state=label(SECTION_STATES, section.state)
            )
        if role == SECTION_KEY_ROLE:
            return section.key
        if role == SECTION_STATE_ROLE:
            return section.state
        return None
