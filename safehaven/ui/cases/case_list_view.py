"""The case list's table, painted a row at a time.

A `QTableView` paints cell by cell: for each visible cell it lays out a style option and calls
its delegate, and with a delegate written in Python every call crosses from Qt to Python with
the option and the index copied. At a keystroke's repaint (about 25 rows × 5 columns) that was
13.7 ms of the GUI thread, 8 ms of it in the crossings. This view paints its visible rows itself
in one call: alternating backgrounds, the selected row, each cell's worded text (elided, in the
row's colour, aligned to the reading direction), the grid and the keyboard focus. The cells come
from the model a row at a time (`CaseListModel.row_cells`); each elided text is laid out once
(`QStaticText`) and kept until the font changes. Row heights are fixed, so nothing is measured.

What Qt still does: scrolling, selection, the header, keyboard and mouse handling, and the
accessibility interface (which reads the model's `data`, not the pixels).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QLine, QPointF, QRect, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPalette, QStaticText
from PySide6.QtWidgets import QStyle, QStyleOptionFocusRect, QStyleOptionViewItem, QTableView

from safehaven.ui.cases.case_list_model import MUTED_INK, CaseListModel

MARGIN = 4  # pixels between a cell's edge and its text
MAX_FITTED = 20_000  # laid-out texts kept


class CaseListView(QTableView):
    """A table of a `CaseListModel` whose rows are painted in one pass (see the module)."""

    def __init__(self, model: CaseListModel, parent: Any = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self._cases = model
        self._muted = QColor(MUTED_INK)
        self._fitted: dict[tuple[str, int], QStaticText] = {}
        self.painted_rows = 0  # rows drawn by the last paint (for tests and benchmarks)

    def paint_now(self) -> None:
        """Lay out and paint the rows now, on this turn of the event loop, instead of after
        the layout timer and the update request Qt posts for new rows (two more turns, about
        2 ms at a keystroke)."""
        if self.isVisible():
            self.executeDelayedItemsLayout()
            self.viewport().repaint()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._fitted.clear()
        super().changeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        viewport = self.viewport()
        area = event.rect()
        first = self.rowAt(area.top())
        if first < 0:
            self.painted_rows = 0
            return  # no row reaches the part to paint: Qt has filled it with the base colour
        last = self.rowAt(area.bottom())
        if last < 0:
            last = self._cases.rowCount() - 1
        columns = self._visible_columns()
        palette, group = viewport.palette(), self._colour_group()
        highlight = palette.brush(group, QPalette.ColorRole.Highlight)
        highlighted_ink = palette.color(group, QPalette.ColorRole.HighlightedText)
        stripe = palette.brush(group, QPalette.ColorRole.AlternateBase)
        ink = palette.color(group, QPalette.ColorRole.Text)
        selected = {index.row() for index in self.selectionModel().selectedRows()}
        metrics = viewport.fontMetrics()
        right_to_left = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
        alternate = self.alternatingRowColors()
        grid = QColor.fromRgba(self._grid_colour()) if self.showGrid() else None
        width = viewport.width()
        painter = QPainter(viewport)
        try:
            for row in range(first, last + 1):
                cells = self._cases.row_cells(row)
                if cells is None:
                    continue
                texts, can_open = cells
                top, height = self.rowViewportPosition(row), self.rowHeight(row)
                band = QRect(0, top, width, height)
                if row in selected:
                    painter.fillRect(band, highlight)
                    painter.setPen(highlighted_ink)
                else:
                    if alternate and row % 2:
                        painter.fillRect(band, stripe)
                    painter.setPen(ink if can_open else self._muted)
                text_top = top + (height - metrics.height()) / 2
                for column, left, cell_width in columns:
                    text = self._fit(texts[column], cell_width - 2 * MARGIN, metrics)
                    x: float = left + MARGIN
                    if right_to_left:
                        x = left + cell_width - MARGIN - text.size().width()
                    painter.drawStaticText(QPointF(x, text_top), text)
            self.painted_rows = last - first + 1
            if grid is not None:
                self._draw_grid(painter, grid, columns, first, last)
            self._draw_focus(painter, first, last)
        finally:
            painter.end()

    # -- internals ------------------------------------------------------------------------------
    def _visible_columns(self) -> list[tuple[int, int, int]]:
        """(column, left edge in the viewport, width) of each column at least partly shown."""
        shown = []
        width = self.viewport().width()
        for column in range(self._cases.columnCount()):
            if self.isColumnHidden(column):
                continue
            left, cell_width = self.columnViewportPosition(column), self.columnWidth(column)
            if cell_width > 0 and left < width and left + cell_width > 0:
                shown.append((column, left, cell_width))
        return shown

    def _colour_group(self) -> QPalette.ColorGroup:
        if not self.isEnabled():
            return QPalette.ColorGroup.Disabled
        if self.isActiveWindow():
            return QPalette.ColorGroup.Active
        return QPalette.ColorGroup.Inactive

    def _grid_colour(self) -> int:
        option = QStyleOptionViewItem()
        option.initFrom(self)
        hint = self.style().styleHint(QStyle.StyleHint.SH_Table_GridLineColor, option, self)
        return hint & 0xFFFFFFFF  # an ARGB value, handed over as a signed int

    def _draw_grid(
        self,
        painter: QPainter,
        colour: QColor,
        columns: list[tuple[int, int, int]],
        first: int,
        last: int,
    ) -> None:
        """A line below each row and after each column, as Qt's own table draws them."""
        painter.setPen(colour)
        bottom = self.rowViewportPosition(last) + self.rowHeight(last) - 1
        top = self.rowViewportPosition(first)
        right_to_left = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
        lines = []
        for _column, left, cell_width in columns:
            x = left if right_to_left else left + cell_width - 1
            lines.append(QLine(x, top, x, bottom))
        width = self.viewport().width()
        for row in range(first, last + 1):
            y = self.rowViewportPosition(row) + self.rowHeight(row) - 1
            lines.append(QLine(0, y, width, y))
        painter.drawLines(lines)

    def _draw_focus(self, painter: QPainter, first: int, last: int) -> None:
        """The dotted focus frame around the current row, while the list has the keyboard."""
        current = self.currentIndex()
        if not self.hasFocus() or not current.isValid() or not first <= current.row() <= last:
            return
        focus = QStyleOptionFocusRect()
        focus.initFrom(self)
        top = self.rowViewportPosition(current.row())
        focus.rect = QRect(0, top, self.viewport().width(), self.rowHeight(current.row()) - 1)
        focus.state = focus.state | QStyle.StateFlag.State_KeyboardFocusChange
        focus.backgroundColor = self.viewport().palette().color(QPalette.ColorRole.Highlight)
        self.style().drawPrimitive(QStyle.PrimitiveElement.PE_FrameFocusRect, focus, painter, self)

    def _fit(self, text: str, width: int, metrics: QFontMetrics) -> QStaticText:
        found = self._fitted.get((text, width))
        if found is None:
            if len(self._fitted) >= MAX_FITTED:
                self._fitted.clear()
            found = QStaticText(metrics.elidedText(text, Qt.TextElideMode.ElideRight, width))
            found.setTextFormat(Qt.TextFormat.PlainText)
            self._fitted[(text, width)] = found
        return found
