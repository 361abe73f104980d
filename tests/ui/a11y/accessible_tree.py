"""Read the accessibility tree as a screen reader would, and listen to what Qt tells it.

`spoken_texts` walks `QAccessible.queryAccessibleInterface` from every top-level window through
the interfaces' children (not the widget tree). `AccessibleEvents` installs a real
`QAccessible` update handler (the C++ `QAccessible::installUpdateHandler`, which the Python
binding does not wrap) and records every event Qt sends to assistive technology.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

import PySide6
import shiboken6
from PySide6.QtGui import QAccessible, QAccessibleInterface
from PySide6.QtWidgets import QApplication

TEXTS = (QAccessible.Text.Name, QAccessible.Text.Description, QAccessible.Text.Value)
_HANDLER = ctypes.CFUNCTYPE(None, ctypes.c_void_p)
_INSTALL = "_ZN11QAccessible20installUpdateHandlerEPFvP16QAccessibleEventE"


def interfaces(root: QAccessibleInterface, depth: int = 0) -> Iterator[QAccessibleInterface]:
    yield root
    if depth > 60:
        return
    for number in range(root.childCount()):
        child = root.child(number)
        if child is not None and child.isValid():
            yield from interfaces(child, depth + 1)


def spoken_texts() -> list[str]:
    """Every name, description and value any accessible node of any window reports."""
    found = []
    for window in QApplication.topLevelWidgets():
        iface = QAccessible.queryAccessibleInterface(window)
        if iface is None:
            continue
        for node in interfaces(iface):
            found.extend(text for kind in TEXTS if (text := node.text(kind)))
    return found


class AccessibleEvents:
    """`with AccessibleEvents() as events:` … `events.seen` holds (event type, object) pairs."""

    def __init__(self) -> None:
        folder = Path(PySide6.__file__).parent / "Qt" / "lib"
        library = ctypes.CDLL(str(next(folder.glob("libQt6Gui.so*"))))
        self._install = library[_INSTALL]
        self._install.restype = ctypes.c_void_p
        self._install.argtypes = [ctypes.c_void_p]
        self._callback = _HANDLER(self._on_event)
        self._previous: int | None = None
        self.seen: list[tuple[QAccessible.Event, int]] = []

    def _on_event(self, pointer: int) -> None:
        # Read the event's type and object straight from QAccessibleEvent's fields (vtable
        # pointer, `Event m_type`, then `QObject *m_object`): no Python wrapper is made for an
        # event that lives on Qt's stack only for this call.
        kind = ctypes.c_int.from_address(pointer + ctypes.sizeof(ctypes.c_void_p)).value
        target = ctypes.c_void_p.from_address(pointer + 2 * ctypes.sizeof(ctypes.c_void_p)).value
        self.seen.append((QAccessible.Event(kind), target or 0))

    def __enter__(self) -> AccessibleEvents:
        self._previous = self._install(ctypes.cast(self._callback, ctypes.c_void_p))
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._install(self._previous)

    def of_kind(self, kind: QAccessible.Event) -> list[int]:
        """Addresses of the objects that sent events of `kind` (compare with `address(widget)`)."""
        return [obj for event, obj in self.seen if event == kind]


def address(widget: object) -> int:
    return int(shiboken6.getCppPointer(widget)[0])
