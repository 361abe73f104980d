"""What the accessibility test checks on one widget tree (used by test_accessibility.py).

A control "has a name" when Qt's accessibility interface — what a screen reader receives — reports
one: an explicit accessibleName, visible button text, or the text of a QLabel whose buddy it is.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QColor, QPixmap
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QCalendarWidget,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QScrollBar,
    QTabBar,
    QTextEdit,
    QToolBar,
    QToolButton,
    QWidget,
)

INTERACTIVE = (
    QAbstractButton,
    QLineEdit,
    QComboBox,
    QAbstractSpinBox,  # QSpinBox, QDateEdit, QTimeEdit …
    QAbstractItemView,
    QTextEdit,
    QPlainTextEdit,
    QAbstractSlider,
)


# Inputs a user types into or chooses from: each needs a visible label of its own.
INPUTS = (QLineEdit, QComboBox, QAbstractSpinBox, QTextEdit, QPlainTextEdit)


def controls(root: QWidget) -> list[QWidget]:
    """The interactive controls under `root` that a user can reach (not parts of other controls,
    not deliberately hidden)."""
    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not isinstance(widget, INTERACTIVE) or _is_part_of_another(widget):
            continue
        if widget.isHidden():  # hidden on purpose (controls on other tabs are still checked)
            continue
        found.append(widget)
    return found


def describe(widget: QWidget) -> str:
    kind = type(widget).__name__
    name = widget.objectName() or "-"
    parent = widget.parentWidget()
    where = type(parent).__name__ if parent is not None else "-"
    spoken = interface_text(widget, QAccessible.Text.Name)
    return f"{kind}(objectName={name}, name={spoken!r}) in {where}"


def accessible_name(widget: QWidget) -> str:
    iface = QAccessible.queryAccessibleInterface(widget)
    name = iface.text(QAccessible.Text.Name) if iface is not None else ""
    if not name:
        name = widget.accessibleName()
    if not name and isinstance(widget, QAbstractButton):
        name = widget.text().replace("&", "")
    if not name:
        name = _buddy_text(widget)
    return name.strip()


def interface_text(widget: QWidget, kind: QAccessible.Text) -> str:
    """What the accessibility interface itself reports (no fallbacks of our own)."""
    iface = QAccessible.queryAccessibleInterface(widget)
    return (iface.text(kind) if iface is not None else "").strip()


def visible_label(widget: QWidget) -> QLabel | None:
    """The shown QLabel whose buddy `widget` is, if any."""
    for label in widget.window().findChildren(QLabel):
        if label.buddy() is widget and not label.isHidden() and label.text().strip():
            return label
    return None


def label_words(label: QLabel) -> str:
    """A label's text as it should be spoken: no mnemonic, colon or required mark."""
    text = label.text().replace("&&", "\0").replace("&", "").replace("\0", "&").strip()
    return text.removesuffix("*").strip().removesuffix(":").strip()


def naming_problem(widget: QWidget) -> str | None:
    """Why a screen reader would announce `widget` wrongly, or None."""
    name = interface_text(widget, QAccessible.Text.Name)
    if not name:
        return "empty accessible name"
    label = visible_label(widget) if isinstance(widget, INPUTS) else None
    labelled = label is not None and _labelled_by(widget, label)
    value = widget.currentText() if isinstance(widget, QComboBox) else ""
    if isinstance(widget, QLineEdit):
        value = widget.text()
    # Qt on Linux names a drop-down by its value and speaks its label from the relation.
    if value and name == value and not (isinstance(widget, QComboBox) and labelled):
        return f"named only by its value {name!r}"
    if not isinstance(widget, INPUTS):
        return None
    if label is None:
        return "input without a visible label"
    if not labelled:
        return f"no labelled-by relation to its label {label_words(label)!r}"
    if name != label_words(label) and not (isinstance(widget, QComboBox) and name == value):
        return f"name {name!r} differs from its label {label_words(label)!r}"
    if label.text().rstrip().endswith("*"):
        description = interface_text(widget, QAccessible.Text.Description)
        if "required" not in description.lower():
            return "required input without 'required' in its description"
    return None


def _labelled_by(widget: QWidget, label: QLabel) -> bool:
    iface = QAccessible.queryAccessibleInterface(widget)
    if iface is None:
        return False
    relations = iface.relations(QAccessible.RelationFlag.Label)
    return any(other.object() is label for other, _kind in relations)


def group_problem(widget: QWidget) -> str | None:
    """A radio button sits directly in a named group (its question or topic)."""
    if not isinstance(widget, QRadioButton):
        return None
    iface = QAccessible.queryAccessibleInterface(widget)
    parent = iface.parent() if iface is not None else None
    if parent is None or parent.role() != QAccessible.Role.Grouping:
        return "radio button not directly in a group"
    return None if parent.text(QAccessible.Text.Name).strip() else "radio in an unnamed group"


def table_problem(widget: QWidget) -> str | None:
    """Tab must leave a table or list; arrow keys move inside it."""
    if isinstance(widget, QAbstractItemView) and widget.tabKeyNavigation():
        return "Tab moves between its cells"
    return None


def keyboard_problem(widget: QWidget) -> str | None:
    """Why the control cannot be reached by keyboard, or None."""
    if widget.focusPolicy() != Qt.FocusPolicy.NoFocus:
        return None
    if isinstance(widget.parentWidget(), QToolBar):
        return "toolbar button Tab cannot reach"
    if isinstance(widget, QAbstractButton) and _has_shortcut(widget):
        return None
    return "focusPolicy is NoFocus and it has no shortcut"


def render_at(widget: QWidget, scale: float) -> QPixmap:
    """Paint the widget into a pixmap of device pixel ratio `scale` (as on a 200% screen)."""
    size = widget.size()
    pixmap = QPixmap(int(size.width() * scale), int(size.height() * scale))
    pixmap.setDevicePixelRatio(scale)
    pixmap.fill(QColor("white"))
    widget.render(pixmap)
    return pixmap


def contrast_ratio(foreground: QColor, background: QColor) -> float:
    """WCAG 2.x contrast ratio of two opaque colours (1 … 21)."""
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _luminance(color: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(color.redF())
        + 0.7152 * channel(color.greenF())
        + 0.0722 * channel(color.blueF())
    )


def _is_part_of_another(widget: QWidget) -> bool:
    """Sub-widgets Qt builds inside a control (a combo's line edit, a table's corner button,
    a calendar popup's buttons, a scroll area's bars, header views, tab scroll arrows)."""
    if isinstance(widget, QScrollBar | QHeaderView):
        return True
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QComboBox | QAbstractSpinBox | QCalendarWidget | QTabBar):
            return True
        if isinstance(parent, QAbstractItemView) and not isinstance(widget, QAbstractItemView):
            # corner button and scroll arrows, and editors opened by the view
            return True
        parent = parent.parentWidget()
    return widget.objectName().startswith("qt_")


def _has_shortcut(button: QAbstractButton) -> bool:
    if not button.shortcut().isEmpty() or "&" in button.text().replace("&&", ""):
        return True
    if isinstance(button, QToolButton):
        action = button.defaultAction()
        return action is not None and not action.shortcut().isEmpty()
    return False


def _buddy_text(widget: QWidget) -> str:
    window = widget.window()
    for label in window.findChildren(QLabel):
        if label.buddy() is widget:
            return label.text().replace("&", "")
    return ""
