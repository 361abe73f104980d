"""The report table model and a simple bar chart drawn with QPainter (QtCharts is not shipped)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QRectF,
    Qt,
)
from PySide6.QtGui import QColor, QHelpEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from safehaven.i18n import _
from safehaven.services.disclosure.dimensions import label
from safehaven.services.reports.reports import ReportTable

HIDDEN = "\u2014"
Index = QModelIndex | QPersistentModelIndex


def label_of(code: str) -> str:
    return _(label(code))


class ReportTableModel(QAbstractTableModel):
    """One report table: rows × columns of numbers; hidden numbers show a dash."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table: ReportTable | None = None
        self._values: dict[tuple[str, str], int | None] = {}

    def set_table(self, table: ReportTable | None) -> None:
        self.beginResetModel()
        self.table = table
        self._values = {(c.row, c.column): c.value for c in table.cells} if table else {}
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.table is None else len(self.table.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.table is None else len(self.table.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.table is None:
            return None
        key = (self.table.rows[index.row()], self.table.columns[index.column()])
        value = self._values.get(key)
        if role == Qt.ItemDataRole.DisplayRole:
            return HIDDEN if value is None else str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and value is None:
            return _("Hidden to protect clients")
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or self.table is None:
            return None
        codes = self.table.columns if orientation == Qt.Orientation.Horizontal else self.table.rows
        if 0 <= section < len(codes):
            return label_of(codes[section])
        return None


class BarChart(QWidget):
    """Horizontal bars for a table's totals per row; hidden numbers are listed, not drawn.

    Each bar gets at least one line of text in height (the chart asks for the room, so it sits in
    a scroll area); a name too long for the label column is elided, and its tooltip gives it in
    full with its number."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bars: list[tuple[str, int | None]] = []
        self.setMinimumSize(260, 180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(_("Bar chart"))

    def set_table(self, table: ReportTable | None) -> None:
        self.bars = []
        if table is not None:
            column = "count" if "count" in table.columns else "Total"
            for row in table.rows:
                if row != "Total":
                    self.bars.append((label_of(row), table.cell(row, column).value))
        described = ", ".join(f"{n}: {HIDDEN if v is None else v}" for n, v in self.bars)
        self.setAccessibleDescription(described)
        self.setMinimumHeight(max(180, 10 + len(self.bars) * self._line_height()))
        self.update()

    def _line_height(self) -> int:
        return self.fontMetrics().height() + 6

    def label_width(self) -> int:
        """The label column: the longest name, within 45% of the chart's width."""
        longest = max((self.fontMetrics().horizontalAdvance(n) for n, _v in self.bars), default=0)
        return min(longest + 12, int(self.width() * 0.45))

    def shown_label(self, number: int) -> str:
        """Bar `number`'s name as drawn (elided when the label column is too narrow)."""
        return self.fontMetrics().elidedText(
            self.bars[number][0], Qt.TextElideMode.ElideRight, self.label_width() - 6
        )

    def row_height(self) -> float:
        return max(float(self._line_height()), min(28.0, (self.height() - 10) / len(self.bars)))

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent) and self.bars:
            number = int((event.pos().y() - 5) // self.row_height())
            if 0 <= number < len(self.bars):
                name, value = self.bars[number]
                QToolTip.showText(
                    event.globalPos(), f"{name}: {HIDDEN if value is None else value}"
                )
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.bars:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text = self.palette().color(QPalette.ColorRole.WindowText)
        label_w, row_h = self.label_width(), self.row_height()
        number_w = self.fontMetrics().horizontalAdvance("000000") + 8
        top = max((v for _n, v in self.bars if v is not None), default=1)
        area = max(self.width() - label_w - number_w, 10)
        for i, (_name, value) in enumerate(self.bars):
            y = 5 + i * row_h
            painter.setPen(text)
            painter.drawText(
                QRectF(0, y, label_w - 6, row_h),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                self.shown_label(i),
            )
            if value is None:
                painter.drawText(
                    QRectF(label_w, y, number_w, row_h), int(Qt.AlignmentFlag.AlignVCenter), HIDDEN
                )
                continue
            bar_w = area * value / max(top, 1)
            painter.fillRect(QRectF(label_w, y + 3, bar_w, row_h - 6), QColor("#4a7bb7"))
            painter.drawText(
                QRectF(label_w + bar_w + 4, y, number_w, row_h),
                int(Qt.AlignmentFlag.AlignVCenter),
                str(value),
            )
        painter.end()
