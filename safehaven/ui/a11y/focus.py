"""Where the keyboard focus is must be seen, and every control must be reachable with Tab.

`focus_style()` is added to the application style sheet: a ring in the accent colour around the
control that has the focus, and a red frame around a field marked invalid (`fields.mark_invalid`).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolBar, QToolButton


def focus_style(accent: str, error: str) -> str:
    return f"""
QToolBar QToolButton {{ border: 2px solid transparent; border-radius: 4px; padding: 3px 8px; }}
QPushButton:focus, QToolButton:focus {{ border: 2px solid {accent}; border-radius: 4px;
    padding: 3px 8px; }}
QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus, QAbstractSpinBox:focus,
QComboBox:focus, QAbstractItemView:focus {{ border: 2px solid {accent}; }}
QCheckBox:focus, QRadioButton:focus {{ outline: 1px solid {accent}; }}
QLineEdit[invalid="true"], QComboBox[invalid="true"] {{ border: 2px solid {error}; }}
QListWidget#navigation::item {{ padding: 8px 14px; border-radius: 4px; }}
QListWidget#navigation::item:selected {{ background: {accent}; color: white; }}
"""


def reach_toolbar(toolbar: QToolBar) -> None:
    """Let Tab stop on every button of `toolbar` (Qt leaves them to the mouse and shortcuts),
    each named by its action; call again after the actions' texts change."""
    for button in toolbar.findChildren(QToolButton):
        action = button.defaultAction()
        if action is not None:
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            button.setAccessibleName(action.text().replace("&", ""))
