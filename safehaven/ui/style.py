"""One calm, readable look for every window: palette, spacing and a small style sheet."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from safehaven.ui.a11y.focus import focus_style

SPACING = 8
MARGIN = 16
STATUS_GAP = 3 * SPACING  # after a state shown before a toolbar's first label
CARD_WIDTH = 460

INK = "#1f2933"
MUTED = "#4b5563"
ACCENT = "#2f5d8a"
WINDOW = "#f5f6f8"
SURFACE = "#ffffff"
ERROR = "#a61b1b"
OK = "#1b6b34"
WARNING_BG = "#fff3c4"
WARNING_INK = "#4d3800"
DEMO_BG = "#ffd866"

BANNER_STYLES = {
    "demo": f"background:{DEMO_BG}; color:#2b2100; font-weight:bold; padding:6px 12px;",
    "warning": f"background:{WARNING_BG}; color:{WARNING_INK}; padding:6px 12px;",
    "error": f"color:{ERROR}; padding:2px 0;",
    "info": f"color:{MUTED}; padding:2px 0;",
    "ok": f"color:{OK}; padding:2px 0;",
}

DISABLED_INK = "#8b93a1"
DISABLED = {
    QPalette.ColorRole.WindowText: DISABLED_INK,
    QPalette.ColorRole.Text: DISABLED_INK,
    QPalette.ColorRole.ButtonText: DISABLED_INK,
    QPalette.ColorRole.Button: "#f1f3f6",
    QPalette.ColorRole.Base: "#f1f3f6",
    QPalette.ColorRole.Highlight: "#b7c2cf",
    QPalette.ColorRole.PlaceholderText: "#a3aab5",
}

STRENGTH_COLORS = ("#a61b1b", "#c2410c", "#a16207", "#1b6b34", "#14532d")

STYLE_SHEET = f"""
QWidget#card {{ background: {SURFACE}; border: 1px solid #d5d9e0; border-radius: 8px; }}
QLabel#heading {{ font-size: 16pt; font-weight: 600; color: {INK}; }}
QLabel#subheading {{ color: {MUTED}; }}
QLabel#recoveryKey {{ font-family: monospace; font-size: 15pt; font-weight: 600;
    background: {WINDOW}; border: 1px dashed {MUTED}; padding: 10px; }}
QPushButton#navButton {{ text-align: left; padding: 8px 14px; border: none; border-radius: 4px; }}
QPushButton#navButton:checked {{ background: {ACCENT}; color: white; }}
QPushButton#navButton:disabled {{ color: {DISABLED_INK}; }}
QPushButton#navButton:focus {{ outline: 2px solid {ACCENT}; }}
QPushButton#linkButton {{ border: none; color: {ACCENT}; text-decoration: underline;
    text-align: left; padding: 2px; }}
QWidget#lockScreen, QWidget#navigation {{ background: {WINDOW}; }}
"""


def apply_style(app: QApplication) -> None:
    """Fusion style with a light, high-contrast palette (the same on every platform)."""
    app.setStyle("Fusion")
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: WINDOW,
        QPalette.ColorRole.WindowText: INK,
        QPalette.ColorRole.Base: SURFACE,
        QPalette.ColorRole.AlternateBase: "#eef1f5",
        QPalette.ColorRole.Text: INK,
        QPalette.ColorRole.Button: "#e8ebf0",
        QPalette.ColorRole.ButtonText: INK,
        QPalette.ColorRole.Highlight: ACCENT,
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.ToolTipBase: SURFACE,
        QPalette.ColorRole.ToolTipText: INK,
        QPalette.ColorRole.PlaceholderText: "#6b7280",
        QPalette.ColorRole.Link: ACCENT,
    }
    for role, color in roles.items():
        palette.setColor(role, QColor(color))
    for role, color in DISABLED.items():  # a control that does nothing must look it
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(color))
    app.setPalette(palette)
    app.setStyleSheet(STYLE_SHEET + focus_style(ACCENT, ERROR))
