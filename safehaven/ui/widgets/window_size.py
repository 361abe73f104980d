"""Windows open at their remembered size, never larger than the screen's available area.

Sizes are kept per window kind (never per case or person) in `paths.state_dir()/windows.json`.
"""

from __future__ import annotations

import json
import logging

from PySide6.QtCore import QEvent, QObject, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from safehaven.paths import state_dir
from safehaven.storage.files import write_atomic

log = logging.getLogger(__name__)
FILE_NAME = "windows.json"


def _read() -> dict[str, list[int]]:
    try:
        data = json.loads((state_dir() / FILE_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def remembered(key: str) -> QSize | None:
    value = _read().get(key)
    if isinstance(value, list) and len(value) == 2 and all(isinstance(v, int) for v in value):
        return QSize(max(value[0], 200), max(value[1], 150))
    return None


def available_size(widget: QWidget) -> QSize:
    """The screen area a window may use (without the task bar), in logical pixels."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry().size() if screen is not None else QSize(1024, 640)


def fit_to_screen(widget: QWidget, key: str, preferred: QSize) -> None:
    """Resize `widget` to its remembered (else preferred) size, bounded by the screen, and
    remember the size the user leaves it at."""
    frame = QSize(16, 48)  # room for the window frame and title bar the size excludes
    bound = available_size(widget) - frame
    widget.resize((remembered(key) or preferred).boundedTo(bound))
    widget.installEventFilter(_SizeKeeper(key, widget))


class _SizeKeeper(QObject):
    def __init__(self, key: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.key = key

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        closing = event.type() in (QEvent.Type.Close, QEvent.Type.Hide)
        if closing and isinstance(watched, QWidget) and _normal(watched):
            _store(self.key, watched.size())
        return False


def _normal(widget: QWidget) -> bool:
    return widget.isVisible() and not (widget.isMaximized() or widget.isFullScreen())


def _store(key: str, size: QSize) -> None:
    sizes = _read()
    sizes[key] = [size.width(), size.height()]
    try:
        state_dir().mkdir(parents=True, exist_ok=True)
        write_atomic(state_dir() / FILE_NAME, json.dumps(sizes).encode("utf-8"))
    except OSError as exc:  # a size not remembered is no reason to stop
        log.warning("window size not remembered (%s)", type(exc).__name__)
