"""The first-run wizard's first step: the language SafeHaven speaks, each in its own name."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QGroupBox,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from safehaven import i18n
from safehaven.i18n import _


class LanguageStep(QWidget):
    """One radio button per catalogue; choosing one emits `chosen(code)` at once."""

    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._build_ui()
        self._connect_signals()
        self._retranslate()

    def _build_ui(self) -> None:
        layout = QVBoxLayout(self)
        self.prompt = QLabel(self)
        self.prompt.setWordWrap(True)
        layout.addWidget(self.prompt)
        self.box = QGroupBox(self)  # the radio buttons' named group, for screen readers
        inner = QVBoxLayout(self.box)
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        current = i18n.current_language()
        for code in i18n.available_languages():
            button = QRadioButton(i18n.language_name(code), self.box)  # its own name, always
            button.setChecked(code == current)
            self.group.addButton(button)
            self.buttons[code] = button
            inner.addWidget(button)
        layout.addWidget(self.box)
        layout.addStretch(1)

    def _connect_signals(self) -> None:
        self.group.buttonToggled.connect(self._on_group_toggled)

    def _retranslate(self) -> None:
        self.prompt.setText(
            _("Which language should SafeHaven use? You can change it later in the settings.")
        )
        self.box.setTitle(_("Language"))
        for code, button in self.buttons.items():
            button.setAccessibleName(i18n.language_name(code))

    def _on_group_toggled(self, button: QAbstractButton, on: bool) -> None:
        for code, candidate in self.buttons.items():
            if on and candidate is button:
                self.chosen.emit(code)

    def first_focus(self) -> QWidget:
        checked = self.group.checkedButton()
        return checked if checked is not None else next(iter(self.buttons.values()))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)
