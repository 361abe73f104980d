"""The questions of the shown intake section or screening domain, in one column.

One `QuestionWidget` per question, built a few per turn of the event loop (`build`, so a long
section never freezes the window), kept by question key, and removed together when another
section is shown or the tab is cleared. Both the Intake and the Screening tab use it; what a
question looks like and which stored answer it shows is theirs (`make`, `show_stored`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from safehaven.ui.intake.question_widget import QuestionWidget
from safehaven.ui.responsive.sliced_build import SlicedBuild


class QuestionColumn(QObject):
    answered = Signal(str, object, str)  # question key, value, state
    skipped = Signal(str)

    def __init__(
        self,
        box: QWidget,
        make: Callable[[str], QuestionWidget],
        show_stored: Callable[[str, QuestionWidget], None],
        parent: QObject,
        *,
        to_top: bool = False,
    ) -> None:
        super().__init__(parent)
        self.box = box
        self.layout = QVBoxLayout(box)
        self.widgets: dict[str, QuestionWidget] = {}
        self.build = SlicedBuild(parent)  # the questions, a few per turn
        self._make, self._show_stored = make, show_stored
        self._to_top = to_top  # a stretch below keeps the questions at the top of a tall box

    def start(self, keys: Sequence[str]) -> None:
        """Replace the questions shown by those of `keys`: the first ones now, the rest per turn."""
        self.clear()
        if self._to_top:
            self.layout.addStretch(1)
        self.build.start(list(keys), self._add)

    def show_stored(self) -> None:
        """Show every built question's stored answer again (after a save or a reload)."""
        for key, widget in self.widgets.items():
            self._show_stored(key, widget)

    def clear(self) -> None:
        self.build.cancel()
        for widget in self.widgets.values():
            widget.setParent(None)
            widget.deleteLater()
        self.widgets.clear()
        while self.layout.count():
            self.layout.takeAt(0)

    def _add(self, key: str) -> None:
        widget = self._make(key)
        widget.answered.connect(self.answered)
        widget.skipped.connect(self.skipped)
        self.layout.insertWidget(self.layout.count() - int(self._to_top), widget)
        widget.show()
        self.widgets[key] = widget
        self._show_stored(key, widget)
