"""Toolbar and navigation icons: `icon("lock")` loads `resources/icons/lock.svg`.

The icons are line drawings whose strokes use `currentColor`; they are tinted with the palette's
text colour so they stay visible on light and dark palettes, and rendered at several sizes (and at
twice that for high-DPI screens) so they stay sharp at 200% scaling. Available names are listed in
`resources/icons/README.md`. Call only after the QApplication exists.
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

from safehaven.paths import resource

SIZES = (16, 20, 24, 32, 48, 64)
APP_ICON = "app/safehaven-256.png"


def icon(name: str) -> QIcon:
    """The icon `resources/icons/<name>.svg`, tinted for the current palette: in the text colour,
    and in the highlighted-text colour when it sits on a selected item (a selected navigation
    entry), so it stays visible on the highlight.

    An unknown name gives an empty QIcon (and the button keeps its text), never an exception."""
    return QIcon(_icon(name, _text_color(), _text_color(QPalette.ColorRole.HighlightedText)))


def app_icon() -> QIcon:
    """The SafeHaven application icon, for window and taskbar."""
    result = QIcon()
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        path = resource(f"icons/app/safehaven-{size}.png")
        if path.exists():
            result.addFile(str(path))
    return result


def icon_names() -> list[str]:
    """Every icon name available in `resources/icons/`."""
    return sorted(p.stem for p in resource("icons").glob("*.svg"))


def _text_color(role: QPalette.ColorRole = QPalette.ColorRole.WindowText) -> str:
    app = QGuiApplication.instance()
    if not isinstance(app, QGuiApplication):
        return "#ffffff" if role == QPalette.ColorRole.HighlightedText else "#1f2933"
    return str(app.palette().color(role).name())


@lru_cache(maxsize=256)
def _icon(name: str, color: str, selected: str) -> QIcon:
    path = resource(f"icons/{name}.svg")
    if "/" in name or "\\" in name or not path.is_file():
        return QIcon()
    svg = path.read_text(encoding="utf-8")
    result = QIcon()
    for tint, mode in ((color, QIcon.Mode.Normal), (selected, QIcon.Mode.Selected)):
        renderer = QSvgRenderer(QByteArray(svg.replace("currentColor", tint).encode("utf-8")))
        if not renderer.isValid():
            return QIcon()
        for size in SIZES:
            for scale in (1, 2):
                result.addPixmap(_render(renderer, size, scale), mode)
    return result


def _render(renderer: QSvgRenderer, size: int, scale: int) -> QPixmap:
    pixmap = QPixmap(size * scale, size * scale)
    pixmap.setDevicePixelRatio(scale)
    pixmap.fill(QColor(Qt.GlobalColor.transparent))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return pixmap
