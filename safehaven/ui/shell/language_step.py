"""The first-run wizard's first step: the language SafeHaven speaks, each in its own name, and
where the records are kept (this computer's vault, the default, or the office server)."""

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
    """One radio button per catalogue; choosing one emits `chosen(code)` at once. Below, the
    place for the records; choosing emits `place_changed(office)`."""

    chosen = Signal(str)
    place_changed = Signal(bool)  # True: the office server

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
        layout.addWidget(self._build_place())
        layout.addStretch(1)

    def _build_place(self) -> QGroupBox:
        self.place_box = QGroupBox(self)
        inner = QVBoxLayout(self.place_box)
        self.vault_button = QRadioButton(self.place_box)
        self.office_button = QRadioButton(self.place_box)
        self.vault_button.setChecked(True)
        self.place_group = QButtonGroup(self)
        for button in (self.vault_button, self.office_button):
            self.place_group.addButton(button)
            inner.addWidget(button)
        return self.place_box

    def _connect_signals(self) -> None:
        self.group.buttonToggled.connect(self._on_group_toggled)
        self.office_button.toggled.connect(self.place_changed)

    def _retranslate(self) -> None:
        self.prompt.setText(
            _("Which language should SafeHaven use? You can change it later in the settings.")
        )
        self.box.setTitle(_("Language"))
        for code, button in self.buttons.items():
            button.setAccessibleName(i18n.language_name(code))
        self.place_box.setTitle(_("Where will SafeHaven keep its records?"))
        self.vault_button.setText(_("On this &computer only (a protected vault)"))
        self.vault_button.setAccessibleName(_("On this computer only (a protected vault)"))
        self.office_button.setText(_("On our office &server (several staff at once)"))
        self.office_button.setAccessibleName(_("On our office server (several staff at once)"))

    def _on_group_toggled(self, button: QAbstractButton, on: bool) -> None:
        for code, candidate in self.buttons.items():
            if on and candidate is button:
                self.chosen.emit(code)

    def office_chosen(self) -> bool:
        return self.office_button.isChecked()

    def first_focus(self) -> QWidget:
        checked = self.group.checkedButton()
        return checked if checked is not None else next(iter(self.buttons.values()))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)
