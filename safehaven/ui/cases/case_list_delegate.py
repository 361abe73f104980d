"""How a case list cell is painted: its worded text, elided, in the row's colours.

Qt's own delegate asks the model seven questions per cell and lays out icon, check box and text
through the style on every paint; at a keystroke's repaint that was most of the GUI thread's
time. This one takes the row's worded cells from the model (`row_cells`) and draws the text, the
selection and the keyboard focus. The colours of each palette group and each elided text, laid
out once (`QStaticText`), are kept: the palette and the font are set once, at start. Row heights
are fixed, so no size is ever measured here.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QPainter, QPalette, QStaticText
from PySide6.QtWidgets import (
    QStyle,
    QStyledItemDelegate,
    QStyleOptionFocusRect,
    QStyleOptionViewItem,
)

from safehaven.ui.cases.case_list_model import MUTED_INK, CaseListModel

_SELECTED = QStyle.StateFlag.State_Selected.value
_FOCUS = QStyle.StateFlag.State_HasFocus.value
_ACTIVE = QStyle.StateFlag.State_Active.value
_ENABLED = QStyle.StateFlag.State_Enabled.value
MARGIN = 4  # pixels between a cell's edge and its text
MAX_FITTED = 20_000  # laid-out texts kept
Colours = tuple[QBrush, QColor, QColor]  # selection, selected text, text


class CaseCellDelegate(QStyledItemDelegate):
    def __init__(self, model: CaseListModel, parent: Any = None) -> None:
        super().__init__(parent)
        self._model = model
        self._muted = QColor(MUTED_INK)
        self._colours: dict[int, Colours] = {}  # state bits of the group -> colours
        self._fitted: dict[tuple[str, int], QStaticText] = {}

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        cells = self._model.row_cells(index.row())
        if cells is None:
            return
        texts, can_open = cells
        state = option.state.value
        rect = option.rect
        highlight, highlighted_text, ink = self._colours_for(state, option)
        painter.save()
        if state & _SELECTED:
            painter.fillRect(rect, highlight)
            painter.setPen(highlighted_text)
        else:
            painter.setPen(ink if can_open else self._muted)
        metrics = option.fontMetrics
        text = self._fit(texts[index.column()], rect.width() - 2 * MARGIN, metrics)
        top = rect.top() + (rect.height() - metrics.height()) / 2
        painter.drawStaticText(QPointF(rect.left() + MARGIN, top), text)
        painter.restore()
        if state & _FOCUS:
            self._draw_focus(painter, option)

    def _colours_for(self, state: int, option: QStyleOptionViewItem) -> Colours:
        key = state & (_ENABLED | _ACTIVE)
        found = self._colours.get(key)
        if found is None:
            palette, group = option.palette, _group(state)
            found = (
                palette.brush(group, QPalette.ColorRole.Highlight),
                palette.color(group, QPalette.ColorRole.HighlightedText),
                palette.color(group, QPalette.ColorRole.Text),
            )
            self._colours[key] = found
        return found

    def _fit(self, text: str, width: int, metrics: QFontMetrics) -> QStaticText:
        found = self._fitted.get((text, width))
        if found is None:
            if len(self._fitted) >= MAX_FITTED:
                self._fitted.clear()
            found = QStaticText(metrics.elidedText(text, Qt.TextElideMode.ElideRight, width))
            found.setTextFormat(Qt.TextFormat.PlainText)
            self._fitted[(text, width)] = found
        return found

    def _draw_focus(self, painter: QPainter, option: QStyleOptionViewItem) -> None:
        focus = QStyleOptionFocusRect()
        focus.rect = option.rect
        focus.state = option.state | QStyle.StateFlag.State_KeyboardFocusChange
        focus.backgroundColor = option.palette.color(QPalette.ColorRole.Highlight)
        widget = option.widget
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawPrimitive(QStyle.PrimitiveElement.PE_FrameFocusRect, focus, painter, widget)


def _group(state: int) -> QPalette.ColorGroup:
    if not state & _ENABLED:
        return QPalette.ColorGroup.Disabled
    return QPalette.ColorGroup.Active if state & _ACTIVE else QPalette.ColorGroup.Inactive
