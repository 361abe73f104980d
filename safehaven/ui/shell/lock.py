"""Locking: auto-lock after idle, on suspend and screen lock, Ctrl+L, and quick-hide (Esc Esc).

`LockWatcher` only decides *when*; `SafeHavenApp.lock()` does the locking (drop pages and models,
clear SafeHaven's clipboard text, close the vault, show the unlock screen).

The idle check uses both the monotonic clock and the wall clock: the monotonic clock stops while a
laptop sleeps, the wall clock does not, so waking after a long suspend locks at once. A wall-clock
jump much larger than the monotonic one between two ticks means the machine slept: lock too.

The vault folder lock (storage/lock.py) is released while SafeHaven is locked (the engine is gone,
so nothing can be written) and taken again by the unlock. Another instance started meanwhile may
open the vault; the unlock then says "SafeHaven is already open on this computer".
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import SLOT, QEvent, QObject, Qt, QTimer, Slot
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

try:  # imported here, once: a first import while worker threads run is not safe
    from PySide6.QtDBus import QDBusConnection
except ImportError:  # pragma: no cover - QtDBus is missing on this platform
    QDBusConnection = None  # type: ignore[assignment,misc]

log = logging.getLogger(__name__)
SYSTEM_BUS_SOCKET = "/run/dbus/system_bus_socket"

TICK_MS = 5_000
ESC_ESC_SECONDS = 0.7
SUSPEND_GAP_SECONDS = 30.0
_ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TabletPress,
    }
)


class LockWatcher(QObject):
    """App-wide event filter and idle timer. Calls `on_lock(reason)` / `on_quick_hide()`."""

    def __init__(
        self,
        *,
        minutes: int,
        on_lock: Callable[[str], None],
        on_quick_hide: Callable[[], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.minutes = minutes
        self.on_lock, self.on_quick_hide = on_lock, on_quick_hide
        self.monotonic: Callable[[], float] = time.monotonic
        self.wall: Callable[[], float] = time.time
        self.active = True
        self._last_esc = -10.0
        self._esc_released = True  # one key press reaches the filter once per receiver
        self.touch()
        self._last_tick = (self.monotonic(), self.wall())
        self.idle_timer = QTimer(self)
        self.idle_timer.setInterval(TICK_MS)
        self.idle_timer.timeout.connect(self.check_idle)
        self.idle_timer.start()
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.installEventFilter(self)
            app.applicationStateChanged.connect(self._on_application_state_changed)
        self._listen_to_session_bus()

    def touch(self) -> None:
        """Record user activity now."""
        self._last_mono, self._last_wall = self.monotonic(), self.wall()

    def idle_seconds(self) -> float:
        return max(self.monotonic() - self._last_mono, self.wall() - self._last_wall)

    def check_idle(self) -> None:
        """Timer tick (tests call it directly after moving the clocks)."""
        mono, wall = self.monotonic(), self.wall()
        slept = (wall - self._last_tick[1]) - (mono - self._last_tick[0]) > SUSPEND_GAP_SECONDS
        self._last_tick = (mono, wall)
        if not self.active:
            return
        if slept:
            self._lock("suspend")
        elif self.idle_seconds() >= self.minutes * 60:
            self._lock("idle")

    def pause(self) -> None:
        self.active = False

    def resume(self) -> None:
        self.active = True
        self.touch()
        self._last_tick = (self.monotonic(), self.wall())

    def stop(self) -> None:
        self.active = False
        self.idle_timer.stop()
        app = QGuiApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in _ACTIVITY:
            self._last_mono, self._last_wall = self.monotonic(), self.wall()
            if kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
                self._on_key(event)
        elif (
            kind == QEvent.Type.KeyRelease
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
            and not event.isAutoRepeat()
        ):
            self._esc_released = True
        return False

    def _on_key(self, event: QKeyEvent) -> None:
        if event.key() != Qt.Key.Key_Escape or event.isAutoRepeat() or not self._esc_released:
            return
        self._esc_released = False
        now = self.monotonic()
        if now - self._last_esc <= ESC_ESC_SECONDS and self.active:
            self._last_esc = -10.0
            self.on_quick_hide()
        else:
            self._last_esc = now

    def _lock(self, reason: str) -> None:
        log.info("locking (%s)", reason)
        self.on_lock(reason)

    def _on_application_state_changed(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationSuspended and self.active:
            self._lock("suspended")

    # -- screen lock and sleep, where the desktop reports them over D-Bus ----------------------
    def _listen_to_session_bus(self) -> None:
        """Screen lock and sleep signals on Linux desktops (other systems: idle + wall clock)."""
        if QDBusConnection is None or not sys.platform.startswith("linux"):
            return
        if not os.environ.get("DBUS_SESSION_BUS_ADDRESS") and not Path(SYSTEM_BUS_SOCKET).exists():
            return
        session, system = QDBusConnection.sessionBus(), QDBusConnection.systemBus()
        slot = SLOT("on_screen_saver(bool)")
        targets = (
            (
                session,
                "",
                "/org/freedesktop/ScreenSaver",
                "org.freedesktop.ScreenSaver",
                "ActiveChanged",
            ),
            (session, "", "/org/gnome/ScreenSaver", "org.gnome.ScreenSaver", "ActiveChanged"),
            (
                system,
                "org.freedesktop.login1",
                "/org/freedesktop/login1",
                "org.freedesktop.login1.Manager",
                "PrepareForSleep",
            ),
        )
        for bus, service, path, interface, name in targets:
            if bus.isConnected():
                bus.connect(service, path, interface, name, self, slot)  # type: ignore[call-overload]

    @Slot(bool)
    def on_screen_saver(self, active: bool) -> None:
        if active and self.active:
            self._lock("screen_locked")


class BlankScreen(QWidget):
    """What the window shows while locked: nothing but the unlock panel."""

    def __init__(self, panel: QWidget | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lockScreen")
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        self.panel = panel
        if panel is None:
            filler = QLabel(self)
            filler.setAccessibleName("SafeHaven")
            layout.addWidget(filler)
        else:
            card = QWidget(self)
            card.setObjectName("card")
            card.setMinimumWidth(440)
            card.setMaximumWidth(560)
            inner = QVBoxLayout(card)
            inner.addWidget(panel)
            layout.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
