"""The first step of signing in: username, password (with Caps Lock warning) and language."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from safehaven import i18n
from safehaven.i18n import _, language_name
from safehaven.ui.widgets.banner import Banner
from safehaven.ui.widgets.password_field import PasswordField


class SignInForm(QWidget):
    submitted = Signal(str, str)
    recovery_requested = Signal()

    def __init__(self, *, locked: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._locked = locked
        self._build_ui()
        self._connect_signals()
        self._retranslate()

    def _build_ui(self) -> None:
        layout = QVBoxLayout(self)
        self.heading = QLabel(self)
        self.heading.setObjectName("heading")
        self.intro = QLabel(self)
        self.intro.setObjectName("subheading")
        self.intro.setWordWrap(True)
        form = QFormLayout()
        self.username = QLineEdit(self)
        self.password = PasswordField(parent=self)
        self.language = QComboBox(self)
        for code in i18n.available_languages():
            self.language.addItem(language_name(code), code)
        self.username_label, self.password_label = QLabel(self), QLabel(self)
        self.language_label = QLabel(self)
        form.addRow(self.username_label, self.username)
        form.addRow(self.password_label, self.password)
        form.addRow(self.language_label, self.language)
        self.username_label.setBuddy(self.username)
        self.password_label.setBuddy(self.password.edit)
        self.language_label.setBuddy(self.language)
        self.error = Banner("error", self)
        self.wait = Banner("info", self)
        self.sign_in_button = QPushButton(self)
        self.sign_in_button.setDefault(True)
        self.recovery_button = QPushButton(self)
        self.recovery_button.setObjectName("linkButton")
        for widget in (self.heading, self.intro):
            layout.addWidget(widget)
        layout.addLayout(form)
        for item in (self.error, self.wait, self.sign_in_button, self.recovery_button):
            layout.addWidget(item)
        index = self.language.findData(i18n.current_language())
        self.language.setCurrentIndex(max(index, 0))

    def _connect_signals(self) -> None:
        self.sign_in_button.clicked.connect(self._on_submit)
        self.username.returnPressed.connect(self._on_submit)
        self.password.edit.returnPressed.connect(self._on_submit)
        self.recovery_button.clicked.connect(self.recovery_requested)
        self.language.currentIndexChanged.connect(self._on_language_changed)

    def _retranslate(self) -> None:
        if self._locked:
            self.heading.setText(_("SafeHaven is locked"))
            self.intro.setText(_("Sign in again to continue."))
        else:
            self.heading.setText(_("Sign in to SafeHaven"))
            self.intro.setText(_("Use the account your administrator gave you."))
        self.username_label.setText(_("&Username"))
        self.password_label.setText(_("&Password"))
        self.language_label.setText(_("&Language"))
        self.username.setAccessibleName(_("Username"))
        self.password.set_accessible_name(_("Password"))
        self.language.setAccessibleName(_("Language"))
        self.sign_in_button.setText(_("&Sign in"))
        self.sign_in_button.setAccessibleName(_("Sign in"))
        self.recovery_button.setText(_("Use recovery key…"))
        self.recovery_button.setAccessibleName(_("Use recovery key"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _on_submit(self) -> None:
        if not self.sign_in_button.isEnabled():
            return
        if not self.username.text().strip() or not self.password.text():
            self.error.alert(_("Enter your username and password."))
            empty = self.password.edit if self.username.text().strip() else self.username
            empty.setFocus()
            return
        self.submitted.emit(self.username.text().strip(), self.password.text())

    def _on_language_changed(self, _index: int) -> None:
        code = self.language.currentData()
        if code and code != i18n.current_language():
            i18n.set_language(str(code))
