"""Writing direction of a language as Qt's layout direction, for a panel or the whole interface."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from safehaven.i18n import _
from safehaven.services.languages.codes import english_name, is_rtl, own_name
from safehaven.ui.intake.labels import LANGUAGE_NAMES


def qt_direction(code: str) -> Qt.LayoutDirection:
    return Qt.LayoutDirection.RightToLeft if is_rtl(code) else Qt.LayoutDirection.LeftToRight


def apply_interface_direction(app: QApplication, code: str) -> None:
    """Lay out the whole interface for the staff language (right to left for Arabic, Hebrew,
    Persian, Urdu … once a complete catalogue exists, and for the pseudo-RTL locale)."""
    app.setLayoutDirection(qt_direction(code))


def set_text_direction(label: QLabel, code: str) -> None:
    """A label holding text in `code`: its direction follows the language, and the text starts
    at the leading edge (Qt mirrors AlignLeft to the right in a right-to-left label)."""
    label.setLayoutDirection(qt_direction(code))
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


def language_label(code: str) -> str:
    """A survivor language for a picker: its name in the staff language where we have one,
    with its own name beside it ("Arabic · العربية")."""
    if code in LANGUAGE_NAMES:
        return _(LANGUAGE_NAMES[code])
    return f"{english_name(code)} · {own_name(code)}"
