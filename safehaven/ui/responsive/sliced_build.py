"""Many widgets built a few per turn of the event loop, so the window never freezes for them.

    self.build = SlicedBuild(self, per_turn=3)
    self.build.hold(self.next_button, self.section_list)   # disabled until every item is built
    self.build.built.connect(self._on_built)
    self.build.start(question_keys, self._add_question)    # the first slice at once, then per turn

The first slice is built at once (what is at the top is there when the page shows), the rest a
slice per turn of the event loop: between two slices the window paints and takes keys and clicks,
so the person can already read and answer what is built. Actions that need every item (moving
on, finishing) are held until the last one is built. A new `start` or `cancel` drops what was
left of the previous build.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from safehaven.ui.responsive import holding

PER_TURN = 3


class SlicedBuild(QObject):
    built = Signal()  # the last item of the newest build is built

    def __init__(self, parent: QObject, *, per_turn: int = PER_TURN) -> None:
        super().__init__(parent)
        self.per_turn = max(1, per_turn)
        self._held: list[QWidget] = []
        self._holding = False
        self._items: list[Any] = []
        self._build: Callable[[Any], None] | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._next_slice)

    @property
    def building(self) -> bool:
        return bool(self._items)

    def hold(self, *widgets: QWidget) -> None:
        """Disable `widgets` while a build is under way."""
        self._held.extend(widgets)
        if self._holding:
            for widget in widgets:
                holding.hold(widget)

    def keep_held(self) -> None:
        """Disable the held widgets again (after the page's own rules enabled one)."""
        if self._holding:
            for widget in self._held:
                widget.setEnabled(False)

    def start(self, items: Sequence[Any], build: Callable[[Any], None]) -> None:
        """Build `items` with `build(item)`, in order: one slice now, the rest per turn."""
        self._timer.stop()
        self._items = list(items)
        self._build = build
        if self._items and not self._holding:
            self._holding = True
            for widget in self._held:
                holding.hold(widget)
        self._next_slice()

    def finish_now(self) -> None:
        """Build whatever is left at once (the person asked for something that needs it)."""
        self._timer.stop()
        while self._items:
            self._next_slice()
        self._timer.stop()

    def cancel(self) -> None:
        """Drop what is left to build (the page is cleared or shows something else)."""
        self._timer.stop()
        self._items = []
        self._let_go()

    def _next_slice(self) -> None:
        build = self._build
        slice_, self._items = self._items[: self.per_turn], self._items[self.per_turn :]
        for item in slice_:
            if build is not None:
                build(item)
        if self._items:
            self._timer.start()
        elif build is not None:
            self._build = None
            self._let_go()
            self.built.emit()

    def _let_go(self) -> None:
        if self._holding:
            self._holding = False
            for widget in self._held:
                holding.release(widget)
