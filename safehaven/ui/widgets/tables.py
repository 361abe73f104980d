"""The small row tables of the tabs and pages: one row selected at a time, buttons below."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

CONTENTS_ROWS = 50  # rows measured to fit a column (Qt's 1,000 froze the Tasks page for 5 s)


def row_table(
    model: QAbstractItemModel, name: str, parent: QWidget, *, max_height: int | None = None
) -> QTableView:
    """A table that selects whole rows, one at a time; `name` is its accessible name. Columns fit
    their header and contents (these tables hold a few rows), the last one takes the spare width."""
    table = QTableView(parent)
    table.setTabKeyNavigation(False)  # Tab leaves; arrows move inside
    table.setModel(model)
    if name:
        table.setAccessibleName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    for header in (table.horizontalHeader(), table.verticalHeader()):
        header.setResizeContentsPrecision(CONTENTS_ROWS)
    table.verticalHeader().setVisible(False)
    if max_height is not None:
        table.setMaximumHeight(max_height)
    return table


def wide_table(model: QAbstractItemModel, name: str, parent: QWidget) -> QTableView:
    """A row table whose columns the user may resize; the last one takes the spare width."""
    table = row_table(model, name, parent)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def fitted_table(model: QAbstractItemModel, parent: QWidget) -> QTableView:
    """A row table whose columns share the whole width (the short lists of the admin pages)."""
    table = row_table(model, "", parent)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    return table


def table_group(
    title: str, table: QTableView, buttons: Sequence[QPushButton], parent: QWidget
) -> QGroupBox:
    """A titled box with the table and, below it, a row of buttons pushed to the left."""
    box = QGroupBox(title, parent)
    layout = QVBoxLayout(box)
    layout.addWidget(table)
    row = QHBoxLayout()
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    layout.addLayout(row)
    return box
