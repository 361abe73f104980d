"""The case list page: search as you type, filters, sortable columns, a lazy model of ids.

Every key starts a search at once (no debounce) on the task runner's read pool, cancelling the
one before (see ui/search/live_search.py); the first screenful is painted before the count and the
rest arrive, and only the newest answer is shown. Rows further down are read in blocks by id as
they scroll into view (a few milliseconds each).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from safehaven.i18n import _, ngettext
from safehaven.models.permissions import Permission
from safehaven.services.cases.case_list import (
    UNASSIGNED,
    CaseListRow,
    CaseQuery,
    CaseSort,
    case_rows,
    caseworker_choices,
    hidden_match_exists,
)
from safehaven.ui.a11y.announce import announce
from safehaven.ui.a11y.fields import label_field
from safehaven.ui.cases.case_list_model import CaseListModel, Column
from safehaven.ui.cases.case_list_view import CaseListView
from safehaven.ui.cases.new_client_dialog import NewClientDialog
from safehaven.ui.context import UiContext, failure_text, present
from safehaven.ui.pages import PageWidget
from safehaven.ui.search.live_search import LiveSearch
from safehaven.ui.widgets.tables import ColumnFit

_ANY = None
# What each column wants; a narrower window shares out what there is.
COLUMN_WIDTHS: dict[int, int] = {
    Column.CASE_NUMBER: 150,
    Column.CHOSEN_NAME: 240,
    Column.STATUS: 110,
    Column.CASEWORKER: 200,
    Column.INTAKE_DATE: 120,
}


class CaseListPage(PageWidget):
    ids_loaded = Signal(int)  # number of cases now listed (the whole answer is in)
    first_page_shown = Signal()  # the first screenful of the newest answer is in the model

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.shown_query: CaseQuery | None = None  # the question the listed rows answer
        self._awaiting: set[str] = set()  # parts of the shown answer still on their way
        self._sort = CaseSort.INTAKE_DATE
        self._descending = True
        self.new_dialog: NewClientDialog | None = None
        self.model = CaseListModel(self._fetch_rows, self)
        self.live = LiveSearch(ctx, self)
        self._build_ui()
        self._connect_signals()

    # -- page protocol -----------------------------------------------------------------------

    def refresh(self) -> None:
        self._load_caseworkers()
        self.reload()

    def clear(self) -> None:
        """Drop every piece of client data (called on lock)."""
        self.live.stop()  # answers still on their way are ignored
        self.shown_query = None
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.model.clear()
        self.hidden_note.setVisible(False)
        self.count_label.clear()
        self.message.clear()
        if self.new_dialog is not None:
            self.new_dialog.discard()
            self.new_dialog = None

    def reload(self) -> None:
        """Query the current search, filters and sort off the GUI thread (first page first)."""
        self.live.start(self.current_query())

    def current_query(self) -> CaseQuery:
        return CaseQuery(
            text=self.search.text(),
            status=self._status_values[max(self.status_filter.currentIndex(), 0)],
            caseworker_id=self._worker_values[max(self.worker_filter.currentIndex(), 0)],
            sort=self._sort,
            descending=self._descending,
        )

    # -- building ----------------------------------------------------------------------------

    def _build_ui(self) -> None:
        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.status_filter = QComboBox(self)
        # Filter values are kept here, not read back with currentData(): PySide6 6.12 on
        # CPython 3.11 drops a reference to None each time an empty QVariant reaches Python.
        self._status_values: list[str | None] = [_ANY, "active", "closed"]
        self.status_filter.addItem("")
        self.status_filter.addItem("", "active")
        self.status_filter.addItem("", "closed")
        self.worker_filter = QComboBox(self)
        self._worker_values: list[int | None] = [_ANY]
        self.worker_filter.addItem("")
        self.new_button = QPushButton(self)
        self.new_button.setVisible(self.ctx.actor.can(Permission.REGISTER_CLIENT))
        self.search_label, self.status_label = QLabel(self), QLabel(self)
        self.worker_label = QLabel(self)
        bar = self._build_toolbar()
        self.view = self._build_view()
        self.count_label = QLabel(self)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.hidden_note = QLabel(self)
        self.hidden_note.setWordWrap(True)
        self.hidden_note.setVisible(False)
        footer = QHBoxLayout()
        footer.addWidget(self.count_label)
        footer.addStretch(1)
        footer.addWidget(self.message)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.hidden_note)
        layout.addWidget(self.view, 1)
        layout.addLayout(footer)
        self.setTabOrder(self.search, self.status_filter)
        self.setTabOrder(self.status_filter, self.worker_filter)
        self.setTabOrder(self.worker_filter, self.new_button)
        self.setTabOrder(self.new_button, self.view)
        self.retranslate()

    def _build_toolbar(self) -> QBoxLayout:
        """Search, then the filters and New; the filters go to a second line when narrow."""
        search_line, filter_line = QHBoxLayout(), QHBoxLayout()
        search_line.addWidget(self.search_label)
        search_line.addWidget(self.search, 1)
        for label, combo in (
            (self.status_label, self.status_filter),
            (self.worker_label, self.worker_filter),
        ):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            filter_line.addWidget(label)
            filter_line.addWidget(combo)
        filter_line.addStretch(1)  # on a line of their own, New stays at the end
        filter_line.addWidget(self.new_button)
        self.toolbar = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.toolbar.addLayout(search_line, 1)
        self.toolbar.addLayout(filter_line, 0)
        self._filter_line = filter_line
        return self.toolbar

    def _fit_toolbar(self) -> None:
        """One line when the search box keeps room for its hint beside the filters, else two."""
        search_room = self.search.fontMetrics().horizontalAdvance(self.search.placeholderText())
        one_line = (
            self.search_label.sizeHint().width()
            + search_room
            + 24  # the clear button and the frame
            + self._filter_line.sizeHint().width()
            + 2 * self.toolbar.spacing()
        )
        layout = self.layout()
        if layout is None:
            return
        margins = layout.contentsMargins()
        room = self.width() - margins.left() - margins.right()
        direction = QBoxLayout.Direction.LeftToRight
        if room < one_line:
            direction = QBoxLayout.Direction.TopToBottom
        if self.toolbar.direction() != direction:
            self.toolbar.setDirection(direction)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._fit_toolbar()
        super().resizeEvent(event)

    def retranslate(self) -> None:
        self.search.setPlaceholderText(_("Search by name or case number (Ctrl+F)"))
        label_field(self.search_label, self.search, _("Searc&h"))
        label_field(self.status_label, self.status_filter, _("S&tatus"))
        for number, text in enumerate((_("All statuses"), _("Active"), _("Closed"))):
            self.status_filter.setItemText(number, text)
        label_field(self.worker_label, self.worker_filter, _("Case&worker"))
        self.worker_filter.setItemText(0, _("Any caseworker"))
        if self.worker_filter.count() > 1:
            self.worker_filter.setItemText(1, _("Unassigned"))
        self.new_button.setText(_("&New client"))
        self.new_button.setToolTip(_("Register a new client (Ctrl+N)"))
        self.view.setAccessibleName(_("Cases"))
        self.hidden_note.setText(
            _(
                "A case with this name exists outside the cases you may open: ask a supervisor "
                "before registering it again."
            )
        )
        self.model.retranslate()
        if self.count_label.text():
            self._show_count()
        self._fit_toolbar()

    def _build_view(self) -> CaseListView:
        view = CaseListView(self.model, self)  # painted a row at a time
        view.setTabKeyNavigation(False)  # Tab leaves; arrows move inside
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setAlternatingRowColors(True)
        view.setWordWrap(False)
        view.verticalHeader().setVisible(False)
        view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
        ColumnFit(view, Column.CHOSEN_NAME, widths=COLUMN_WIDTHS)  # all shown on a small screen
        header = view.horizontalHeader()
        header.setSortIndicator(Column.INTAKE_DATE, Qt.SortOrder.DescendingOrder)
        header.setSortIndicatorShown(True)
        return view

    def _connect_signals(self) -> None:
        self.search.textChanged.connect(self.reload)
        self.live.first_page.connect(self._on_live_first_page)
        self.live.all_ids.connect(self._on_live_all_ids)
        self.live.failed.connect(self._on_live_failed)
        self.search.returnPressed.connect(self._on_search_return_pressed)
        self.status_filter.currentIndexChanged.connect(self.reload)
        self.worker_filter.currentIndexChanged.connect(self.reload)
        self.new_button.clicked.connect(self.new_client)
        self.view.activated.connect(self._on_view_activated)
        self.model.sort_requested.connect(self._on_model_sort_requested)
        self.view.setSortingEnabled(True)
        new = QShortcut(
            QKeySequence("Ctrl+N"), self, context=Qt.ShortcutContext.WidgetWithChildrenShortcut
        )
        new.activated.connect(self.new_client)
        find = QShortcut(
            QKeySequence.StandardKey.Find,
            self,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        find.activated.connect(self._focus_search)

    # -- actions -----------------------------------------------------------------------------

    def new_client(self) -> None:
        if not self.ctx.actor.can(Permission.REGISTER_CLIENT):
            return
        dialog = NewClientDialog(self.ctx, self)
        dialog.registered.connect(self._on_dialog_registered)
        dialog.open()
        self.new_dialog = dialog

    def open_row(self, row: int) -> bool:
        record = self.model.case_row(row)
        if record is None:
            return False
        if not record.can_open:
            self.message.setText(_("Your role may not open this case."))
            announce(self.message, self.message.text())
            return False
        self.message.clear()
        self.open_case_requested.emit(record.id)
        return True

    # -- handlers ----------------------------------------------------------------------------

    def _on_live_first_page(
        self,
        _generation: int,
        query: CaseQuery,
        ids: list[int],
        rows: list[CaseListRow],
        complete: bool,
    ) -> None:
        self.shown_query = query
        self._awaiting = {"ids", "hidden"} if query.text.strip() else {"ids"}
        self.model.show_page(ids, rows)
        self._check_hidden(query)
        if ids:
            self.view.selectRow(0)
        self.first_page_shown.emit()
        self.view.paint_now()  # the answer to a key, on this turn of the event loop
        if complete:
            self._show_count()
            self._arrived(query, "ids")
        else:
            self.count_label.setText("…")  # counted when every id is in

    def _arrived(self, query: CaseQuery, part: str) -> None:
        """`ids_loaded` once every part of the answer to the shown query is in."""
        if query != self.shown_query or part not in self._awaiting:
            return
        self._awaiting.discard(part)
        if not self._awaiting:
            self.ids_loaded.emit(self.model.rowCount())

    def _check_hidden(self, query: CaseQuery) -> None:
        """Say (without showing it) when a case outside this person's scope also matches."""
        self.hidden_note.setVisible(False)
        if not query.text.strip():
            return
        actor = self.ctx.actor

        def show(hidden: bool) -> None:
            if query == self.shown_query:
                self.hidden_note.setVisible(hidden)
            self._arrived(query, "hidden")

        self.ctx.call(
            lambda s: hidden_match_exists(s, actor=actor, text=query.text),
            where=self.message,
            on_done=show,
            on_failed=lambda _exc: self._arrived(query, "hidden"),
        )

    def _on_live_all_ids(self, _generation: int, query: CaseQuery, ids: list[int]) -> None:
        self.model.extend_ids(ids)
        self._show_count()
        self._arrived(query, "ids")

    def _show_count(self) -> None:
        count = self.model.rowCount()
        text = ngettext("{count} case", "{count} cases", count).format(count=count)
        self.count_label.setText(text)

    def _on_live_failed(self, _generation: int, exc: BaseException) -> None:
        present(self.message, failure_text(exc))

    def _on_search_return_pressed(self) -> None:
        if self.model.rowCount() > 0:
            self.view.setFocus()

    def _on_view_activated(self, index: QModelIndex) -> None:
        self.open_row(index.row())

    def _on_model_sort_requested(self, column: int, order: Qt.SortOrder) -> None:
        sort, descending = CaseSort(column), order == Qt.SortOrder.DescendingOrder
        if (sort, descending) != (self._sort, self._descending):
            self._sort, self._descending = sort, descending
            self.reload()

    def _on_dialog_registered(self, client_id: int) -> None:
        self.reload()
        self.open_case_requested.emit(client_id)

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _load_caseworkers(self) -> None:
        current = self._worker_values[max(self.worker_filter.currentIndex(), 0)]
        choices = self.ctx.call(
            lambda s: caseworker_choices(s, actor=self.ctx.actor), where=self.message
        )
        if choices is None:
            return
        self.worker_filter.blockSignals(True)
        self.worker_filter.clear()
        self.worker_filter.addItem(_("Any caseworker"))
        self.worker_filter.addItem(_("Unassigned"), UNASSIGNED)
        for choice in choices:
            self.worker_filter.addItem(choice.display_name, choice.id)
        self._worker_values = [_ANY, UNASSIGNED, *(c.id for c in choices)]
        found = self._worker_values.index(current) if current in self._worker_values else 0
        self.worker_filter.setCurrentIndex(found)
        self.worker_filter.blockSignals(False)
        self._fit_toolbar()

    def _fetch_rows(self, ids: Sequence[int]) -> list[CaseListRow]:
        rows = self.ctx.call(
            lambda s: case_rows(s, actor=self.ctx.actor, ids=ids), where=self.message
        )
        return rows or []
