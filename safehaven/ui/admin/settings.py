"""Administration → settings: the organization's letterhead (name, address, phone, e-mail, logo),
auto-lock minutes, language."""

from __future__ import annotations

import base64
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QEvent, Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from safehaven import i18n
from safehaven.i18n import _, language_name
from safehaven.services import settings as settings_service
from safehaven.ui.a11y.fields import name_fields_by_labels
from safehaven.ui.context import UiContext
from safehaven.ui.widgets import file_dialogs
from safehaven.ui.widgets.banner import Banner
from safehaven.ui.widgets.message_line import message_slot

MAX_LOGO_BYTES = 1_000_000
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _choose_png(parent: QWidget) -> str:
    return file_dialogs.open_file(parent, _("Choose a letterhead logo"), _("PNG images (*.png)"))


class SettingsForm(QWidget):
    saved = Signal(dict)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.logo_b64 = ""
        self.choose_png: Callable[[QWidget], str] = _choose_png
        self._build_ui()
        self._connect_signals()
        self._retranslate()

    def _build_ui(self) -> None:
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.organization = QLineEdit(self)
        self.organization.setMaxLength(200)
        self.address = QLineEdit(self)
        self.address.setMaxLength(300)
        self.phone = QLineEdit(self)
        self.phone.setMaxLength(60)
        self.email = QLineEdit(self)
        self.email.setMaxLength(200)
        self.logo_preview = QLabel(self)
        self.logo_preview.setFixedHeight(64)
        self.choose_logo, self.remove_logo = QPushButton(self), QPushButton(self)
        logo_row = QHBoxLayout()
        for widget in (self.logo_preview, self.choose_logo, self.remove_logo):
            logo_row.addWidget(widget)
        logo_row.addStretch(1)
        self.auto_lock = QSpinBox(self)
        self.auto_lock.setRange(1, 120)
        self.hide_username = QCheckBox(self)
        self.language = QComboBox(self)
        for code in i18n.available_languages():
            self.language.addItem(language_name(code), code)
        self.labels = [QLabel(self) for _i in range(8)]
        fields: tuple[Any, ...] = (
            self.organization,
            self.address,
            self.phone,
            self.email,
            logo_row,
            self.auto_lock,
            self.hide_username,
            self.language,
        )
        for label, field in zip(self.labels, fields, strict=True):
            form.addRow(label, field)
        buddies = (*fields[:4], self.choose_logo, *fields[5:])
        for label, buddy in zip(self.labels, buddies, strict=True):
            label.setBuddy(buddy)
        self.message = Banner("ok", self)
        self.error = Banner("error", self)
        self.save_button = QPushButton(self)
        layout.addLayout(form)
        layout.addWidget(message_slot(self, self.error, self.message))
        layout.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)

    def _connect_signals(self) -> None:
        self.choose_logo.clicked.connect(self._on_choose_logo_clicked)
        self.remove_logo.clicked.connect(lambda: self._set_logo(""))
        self.save_button.clicked.connect(self.save)

    def _retranslate(self) -> None:
        texts = (
            _("&Organization name"),
            _("Add&ress (letters)"),
            _("&Phone (letters)"),
            _("&E-mail (letters)"),
            _("Letterhead &logo"),
            _("&Auto-lock after"),
            _("Loc&k screen"),
            _("&Language"),
        )
        for label, text in zip(self.labels, texts, strict=True):
            label.setText(text)
        self.organization.setAccessibleName(_("Organization name"))
        self.address.setAccessibleName(_("Organization address"))
        self.address.setPlaceholderText(_("Street or PO box, town — printed on letters"))
        self.phone.setAccessibleName(_("Organization phone"))
        self.email.setAccessibleName(_("Organization e-mail"))
        self.email.setPlaceholderText(_("optional"))
        self.choose_logo.setText(_("Choose PNG…"))
        self.choose_logo.setAccessibleName(_("Choose a letterhead logo"))
        self.remove_logo.setText(_("Remove"))
        self.remove_logo.setAccessibleName(_("Remove the letterhead logo"))
        self.logo_preview.setAccessibleName(_("Letterhead logo preview"))
        self.auto_lock.setSuffix(" " + _("min"))
        name_fields_by_labels(self)
        self.language.setAccessibleName(_("Language"))
        self.hide_username.setText(_("Do not show the last user's name (shared computers)"))
        self.save_button.setText(_("&Save settings"))
        self.save_button.setAccessibleName(_("Save settings"))
        if not self.logo_b64:
            self.logo_preview.setText(_("No logo"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            self._show_language_in_use()
        super().changeEvent(event)

    def _show_language_in_use(self) -> None:
        """The language the screens are in, which may be one chosen at sign-in rather than the
        stored setting: saving then keeps the screens as they are and makes it the setting."""
        found = self.language.findData(i18n.current_language())
        if found >= 0:
            self.language.setCurrentIndex(found)

    def refresh(self) -> None:
        values = self.ctx.call(settings_service.all_settings, where=self.error)
        if values is None:
            return
        self.organization.setText(str(values["organization_name"]))
        self.address.setText(str(values["organization_address"]))
        self.phone.setText(str(values["organization_phone"]))
        self.email.setText(str(values["organization_email"]))
        self.auto_lock.setValue(int(values["auto_lock_minutes"]))
        self.hide_username.setChecked(bool(values["lock_hides_username"]))
        self.language.setCurrentIndex(max(self.language.findData(values["language"]), 0))
        self._show_language_in_use()
        self._set_logo(str(values["letterhead_logo_png_b64"]))

    def _set_logo(self, b64: str) -> None:
        self.logo_b64 = b64
        image = QImage()
        if b64:
            image.loadFromData(QByteArray(base64.b64decode(b64)), "PNG")
        if image.isNull():
            self.logo_preview.setPixmap(QPixmap())
            self.logo_preview.setText(_("No logo"))
            return
        pixmap = QPixmap.fromImage(image).scaledToHeight(
            60, Qt.TransformationMode.SmoothTransformation
        )
        self.logo_preview.setPixmap(pixmap)

    def _on_choose_logo_clicked(self) -> None:
        path = self.choose_png(self)
        if path:
            self.load_logo(Path(path))

    def load_logo(self, path: Path) -> bool:
        """Read a PNG file as the new logo; a clear message when it is not usable."""
        try:
            data = path.read_bytes()
        except OSError as exc:
            self.error.show_message(
                _("The file cannot be read ({reason}).").format(
                    reason=exc.strerror or type(exc).__name__
                )
            )
            return False
        image = QImage()
        if not data.startswith(PNG_MAGIC) or not image.loadFromData(QByteArray(data), "PNG"):
            self.error.show_message(_("Choose a PNG image."))
            return False
        if len(data) > MAX_LOGO_BYTES:
            self.error.show_message(_("The logo must be smaller than 1 MB."))
            return False
        self.error.clear_message()
        self._set_logo(base64.b64encode(data).decode("ascii"))
        return True

    def save(self) -> None:
        changes = {
            "organization_name": self.organization.text().strip(),
            "organization_address": self.address.text().strip(),
            "organization_phone": self.phone.text().strip(),
            "organization_email": self.email.text().strip(),
            "letterhead_logo_png_b64": self.logo_b64,
            "auto_lock_minutes": self.auto_lock.value(),
            "lock_hides_username": self.hide_username.isChecked(),
            "language": str(self.language.currentData()),
        }
        self.message.clear_message()
        values = self.ctx.call(
            lambda s: settings_service.update_settings(s, actor=self.ctx.actor, changes=changes),
            where=self.error,
        )
        if values is None:
            return
        if values["language"] != i18n.current_language():
            i18n.set_language(str(values["language"]))
        self.message.show_message(_("The settings were saved."))
        self.saved.emit(values)

    def clear(self) -> None:
        self.organization.clear()
        for field in (self.address, self.phone, self.email):
            field.clear()
        self._set_logo("")
