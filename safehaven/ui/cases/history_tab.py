"""The History tab: who viewed or changed this case, and when (the case's audit trail)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
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
from safehaven.ui.context import UiContext, failure_text, present
from safehaven.ui.pages import CaseTabWidget
from safehaven.ui.responsive.page_load import PageLoad
from safehaven.ui.style import MUTED


class HistoryTab(CaseTabWidget):
    loaded = Signal()  # the history read by the last refresh is shown

    def __init__(self, ctx: UiContext, client_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, client_id, parent)
        self.ctx = ctx
        self._client_id = client_id
        self.model = HistoryModel(self)
        self._build_ui()
        self.load.loaded.connect(self._on_loaded)
        self.load.failed.connect(self._on_load_failed)

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
        self.load = PageLoad(self.ctx, self)
        layout.addWidget(self.load.notice)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.message)
        self.retranslate()

    def retranslate(self) -> None:
        self.note.setText(_("Every view and change of this case, newest first."))
        self.view.setAccessibleName(_("Case history"))
        self.model.retranslate()

    def refresh(self) -> None:
        """Read the case's history on the read pool."""
        actor, client_id = self.ctx.actor, self._client_id
        self.load.start(lambda s: case_history(s, actor=actor, client_id=client_id))

    def _on_loaded(self, rows: list[Any]) -> None:
        self.message.clear()
        self.model.set_rows(rows)
        self.loaded.emit()

    def _on_load_failed(self, exc: BaseException) -> None:
        self.model.clear()
        present(self.message, failure_text(exc))

    def clear(self) -> None:
        self.load.cancel()
        self.model.clear()
        self.message.clear()
