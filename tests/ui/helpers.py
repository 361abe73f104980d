"""Helpers for UI tests: every piece of text a widget tree could show, including model data.

`collect_texts(widget)` walks the widget, all its descendants and every item model reachable from
them (views' models, proxies' sources, models parented anywhere in the tree) and returns each string
found: window titles, labels, line edits, buttons, combo items, tool tips, accessible names, text
documents and the data of every index under every role. Use `assert_text_absent` to prove that
nothing shows a client's name (after a lock, for example).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractListModel,
    QAbstractProxyModel,
    QAbstractTableModel,
    QModelIndex,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QTextEdit,
    QWidget,
)

ROLES = (
    *(int(r) for r in range(0, 16)),
    *(int(Qt.ItemDataRole.UserRole) + i for i in range(0, 32)),
)


def widget_texts(widget: QWidget) -> Iterator[str]:
    yield widget.windowTitle()
    yield widget.toolTip()
    yield widget.accessibleName()
    yield widget.accessibleDescription()
    yield widget.statusTip()
    yield widget.whatsThis()
    if isinstance(widget, QLabel | QLineEdit | QAbstractButton):
        yield widget.text()
    if isinstance(widget, QLineEdit):
        yield widget.placeholderText()
    if isinstance(widget, QTextEdit | QPlainTextEdit):
        yield widget.toPlainText()
    if isinstance(widget, QGroupBox):
        yield widget.title()
    if isinstance(widget, QComboBox):
        yield widget.currentText()
        yield from (widget.itemText(i) for i in range(widget.count()))
    if isinstance(widget, QTabWidget):
        yield from (widget.tabText(i) for i in range(widget.count()))
    for action in widget.actions():
        yield action.text()
        yield action.toolTip()


def model_texts(model: QAbstractItemModel) -> Iterator[str]:
    """The data of every index (recursively) under every role, and the headers."""
    for orientation in (Qt.Orientation.Horizontal, Qt.Orientation.Vertical):
        count = _columns(model, QModelIndex()) if orientation == Qt.Orientation.Horizontal else 0
        for section in range(count):
            yield _text(model.headerData(section, orientation, Qt.ItemDataRole.DisplayRole))
    yield from _index_texts(model, QModelIndex())


def _index_texts(model: QAbstractItemModel, parent: QModelIndex) -> Iterator[str]:
    for row in range(model.rowCount(parent)):
        for column in range(max(_columns(model, parent), 1)):
            index = model.index(row, column, parent)
            if not index.isValid():
                continue
            for role in ROLES:
                yield _text(model.data(index, role))
            if column == 0 and _has_children(model, index):
                yield from _index_texts(model, index)


def _columns(model: QAbstractItemModel, parent: QModelIndex) -> int:
    if isinstance(model, QAbstractListModel):
        return 1  # columnCount is private in QAbstractListModel
    try:
        return model.columnCount(parent)
    except TypeError:
        return 1


def _has_children(model: QAbstractItemModel, index: QModelIndex) -> bool:
    if isinstance(model, QAbstractListModel | QAbstractTableModel):
        return False  # flat models (hasChildren is private there)
    try:
        return bool(model.hasChildren(index))
    except TypeError:
        return False


def _text(value: object) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


def reachable_models(root: QWidget) -> list[QAbstractItemModel]:
    found: list[QAbstractItemModel] = []
    candidates: list[QAbstractItemModel] = list(root.findChildren(QAbstractItemModel))
    views = [root] if isinstance(root, QAbstractItemView) else []
    views += root.findChildren(QAbstractItemView)
    candidates += [v.model() for v in views if v.model() is not None]
    candidates += [c.model() for c in root.findChildren(QComboBox)]
    while candidates:
        model = candidates.pop()
        if model is None or any(model is m for m in found):
            continue
        found.append(model)
        if isinstance(model, QAbstractProxyModel) and model.sourceModel() is not None:
            candidates.append(model.sourceModel())
    return found


def collect_texts(root: QWidget) -> list[str]:
    """Every non-empty string the widget tree under `root` holds (widgets and models)."""
    texts: list[str] = []
    for widget in [root, *root.findChildren(QWidget)]:
        texts.extend(t for t in widget_texts(widget) if t)
    for model in reachable_models(root):
        texts.extend(t for t in model_texts(model) if t)
    return texts


def assert_text_absent(roots: Iterable[QWidget], needles: Iterable[str]) -> None:
    """Fail naming the text that still contains one of `needles` (case-insensitive)."""
    lowered = [n.casefold() for n in needles if n]
    for root in roots:
        for text in collect_texts(root):
            folded = text.casefold()
            for needle in lowered:
                assert needle not in folded, f"{needle!r} still shown in {text!r}"
