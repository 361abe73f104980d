"""The Screening tab's toolbar: the form and the language of the questions; below them, the
screening's state and its buttons (one line was wider than a laptop's case tab once a form's
whole name was shown). Chosen first, then started: the order Tab moves in."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from safehaven.i18n import _
from safehaven.ui.a11y.fields import label_field
from safehaven.ui.style import STATUS_GAP


class ScreeningToolbar(QWidget):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.status_label = QLabel(self)
        self.form_combo = QComboBox(self)
        self.language_combo = QComboBox(self)  # filled from the chosen form's languages
        # Filled once the forms are read: the form's name is read whole; a language is short,
        # though the list holds long ones ("Chinese (Simplified) · 中文（简体）").
        self.form_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.form_combo.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        self.language_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.language_combo.setMinimumContentsLength(18)
        self.start_button = QPushButton(_("&Start a screening"), self)
        self.pause_button = QPushButton(_("&Pause"), self)
        self.resume_button = QPushButton(_("&Resume"), self)
        self.stop_button = QPushButton(_("S&top now"), self)
        self.stop_button.setToolTip(
            _("End the screening at once; the outcome is \u201cStopped\u201d.")
        )
        form_label, language_label = QLabel(self), QLabel(self)
        label_field(form_label, self.form_combo, _("Screening form"))
        label_field(language_label, self.language_combo, _("Language of the questions"))
        choices, row = QHBoxLayout(), QHBoxLayout()
        for widget in (form_label, self.form_combo, language_label, self.language_combo):
            choices.addWidget(widget)
        choices.addStretch(1)
        row.addWidget(self.status_label)
        row.addSpacing(STATUS_GAP)  # the state is not read as part of the next label
        row.addStretch(1)
        for button in (self.start_button, self.pause_button, self.resume_button, self.stop_button):
            row.addWidget(button)
        lines = QVBoxLayout(self)
        lines.setContentsMargins(0, 0, 0, 0)
        lines.addLayout(choices)
        lines.addLayout(row)
