"""Password entry: a masked line edit with show/hide, Caps Lock warning and a strength meter."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from safehaven.i18n import N_, _
from safehaven.services.accounts.passwords import Strength, assess_password
from safehaven.ui.messages import password_reason
from safehaven.ui.style import STRENGTH_COLORS
from safehaven.ui.widgets.banner import Banner

STRENGTH_LABELS = (N_("Very weak"), N_("Weak"), N_("Fair"), N_("Strong"), N_("Very strong"))


def caps_lock_likely(event: QKeyEvent) -> bool | None:
    """Guess Caps Lock from one key press: a letter whose case disagrees with Shift.

    Qt has no portable Caps Lock query; None means this key tells nothing (not a letter).
    """
    text = event.text()
    if len(text) != 1 or not text.isalpha() or text.lower() == text.upper():
        return None
    shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
    return text.isupper() != shift


class CapsLockWatcher(QObject):
    """Event filter on line edits: shows `banner` while typing suggests Caps Lock is on."""

    def __init__(self, banner: Banner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._banner = banner

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            guess = caps_lock_likely(event)
            if guess is True:
                self._banner.show_message(_("Caps Lock is on."))
            elif guess is False:
                self._banner.clear_message()
        elif event.type() == QEvent.Type.FocusOut:
            self._banner.clear_message()
        return False


class PasswordField(QWidget):
    """`with_meter=True` adds the strength bar and the reason a password is refused."""

    changed = Signal()

    def __init__(
        self, *, with_meter: bool = False, parent: QWidget | None = None, name: str = ""
    ) -> None:
        super().__init__(parent)
        self._with_meter = with_meter
        self._name = name
        self.username = ""
        self._build_ui()
        self._connect_signals()
        self._retranslate()

    def _build_ui(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.edit = QLineEdit(self)
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.show_button = QPushButton(self)
        self.show_button.setCheckable(True)
        self.show_button.setAutoDefault(False)
        row.addWidget(self.edit, 1)
        row.addWidget(self.show_button)
        outer.addLayout(row)
        self.caps = Banner("warning", self)
        outer.addWidget(self.caps)
        self.edit.installEventFilter(CapsLockWatcher(self.caps, self))
        self.meter = QProgressBar(self)
        self.meter.setRange(0, 4)
        self.meter.setTextVisible(False)
        self.meter.setFixedHeight(8)
        self.strength_label = QLabel(self)
        self.reason = Banner("info", self)
        outer.addWidget(self.meter)
        outer.addWidget(self.strength_label)
        outer.addWidget(self.reason)
        self.meter.setVisible(self._with_meter)
        self.strength_label.setVisible(self._with_meter)
        self.setFocusProxy(self.edit)

    def _connect_signals(self) -> None:
        self.edit.textChanged.connect(self._on_edit_text_changed)
        self.show_button.toggled.connect(self._on_show_toggled)

    def _retranslate(self) -> None:
        self.edit.setAccessibleName(self._name or _("Password"))
        self.show_button.setText(_("Hide") if self.show_button.isChecked() else _("Show"))
        self.show_button.setAccessibleName(_("Show or hide the password"))
        self.meter.setAccessibleName(_("Password strength"))
        self._update_meter()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    # -- API ----------------------------------------------------------------------------------
    def text(self) -> str:
        return self.edit.text()

    def clear(self) -> None:
        self.edit.clear()

    def strength(self) -> Strength:
        return assess_password(self.edit.text(), username=self.username)

    def set_accessible_name(self, name: str) -> None:
        self._name = name
        self.edit.setAccessibleName(name)

    # -- handlers -------------------------------------------------------------------------------
    def _on_show_toggled(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.edit.setEchoMode(mode)
        self.show_button.setText(_("Hide") if shown else _("Show"))

    def _on_edit_text_changed(self, _text: str) -> None:
        self._update_meter()
        self.changed.emit()

    def _update_meter(self) -> None:
        if not self._with_meter:
            return
        if not self.edit.text():
            self.meter.setValue(0)
            self.strength_label.setText(_("Strength: {label}").format(label="—"))
            self.reason.clear_message()
            return
        strength = self.strength()
        self.meter.setValue(strength.score)
        label = _(STRENGTH_LABELS[strength.score])
        self.meter.setAccessibleDescription(label)
        color = STRENGTH_COLORS[strength.score]
        self.meter.setStyleSheet(f"QProgressBar::chunk {{ background: {color}; }}")
        self.strength_label.setText(_("Strength: {label}").format(label=label))
        self.strength_label.setStyleSheet(f"color: {color}; font-weight: 600;")
        if strength.acceptable:
            self.reason.clear_message()
        else:
            self.reason.show_message(password_reason(strength.reason or "too_guessable"))
