"""The History tab: who viewed or changed this case, and when (the case's audit trail)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from safehaven.i18n import _
from safehaven.services.cases.case_view import case_history
from safehaven.ui.cases.history_model import Column, HistoryModel
from safehaven.ui.context import UiContext
from safehaven.ui.pages import CaseTabWidget
from safehaven.ui.style import MUTED


class HistoryTab(CaseTabWidget):
    def __init__(self, ctx: UiContext, client_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, client_id, parent)
        self.ctx = ctx
        self._client_id = client_id
        self.model = HistoryModel(self)
        self._build_ui()

    def _build_ui(self) -> None:
        self.note = QLabel(self)
        self.note.setStyleSheet(f"color:{MUTED};")
        self.view = QTableView(self)
        self.view.setTabKeyNavigation(False)  # Tab leaves; arrows move inside
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setVisible(False)
        header = self.view.horizontalHeader()
        header.setStretchLastSection(True)
        for column, width in ((Column.WHEN, 150), (Column.WHO, 180), (Column.WHAT, 240)):
            self.view.setColumnWidth(column, width)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.message = QLabel(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.message)
        self.retranslate()

    def retranslate(self) -> None:
        self.note.setText(_("Every view and change of this case, newest first."))
        self.view.setAccessibleName(_("Case history"))
        self.model.retranslate()

    def refresh(self) -> None:
        rows = self.ctx.call(
            lambda s: case_history(s, actor=self.ctx.actor, client_id=self._client_id),
            where=self.message,
        )
        if rows is None:
            self.model.clear()
            return
        self.model.set_rows(rows)

    def clear(self) -> None:
        self.model.clear()
        self.message.clear()
