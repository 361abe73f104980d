"""The first-run wizard's office page: where the office server is and the office certificate,
each field checked as it is typed with the problem shown beside it, and an optional trial
sign-in with the person's own name and password (off the GUI thread, nothing of it kept)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from safehaven.i18n import N_, _
from safehaven.services.office import profile_setup
from safehaven.ui.a11y.fields import enable_with_reason, label_field, mark_invalid
from safehaven.ui.messages import explain
from safehaven.ui.tasks import TaskRunner
from safehaven.ui.widgets import file_dialogs
from safehaven.ui.widgets.banner import Banner

PROBLEMS: dict[str, str] = {
    "host_missing": N_("Enter the office server's name or address."),
    "host_invalid": N_("A server name has only letters, digits, dots, dashes and colons."),
    "port_missing": N_("Enter the port; it is usually 5432."),
    "port_invalid": N_("The port is a whole number from 1 to 65535."),
    "dbname_missing": N_("Enter the name of the office database."),
    "dbname_invalid": N_("A database name has no spaces and at most 63 characters."),
    "ca_missing": N_("Choose the office certificate file your administrator gave you."),
    "ca_not_found": N_("There is no file at this place."),
    "ca_unreadable": N_("This file cannot be read."),
    "ca_not_certificate": N_(
        "This file is not a PEM certificate; the office certificate begins with "
        "-----BEGIN CERTIFICATE-----."
    ),
    "ca_not_authority": N_(
        "This is a server's own certificate, not the office certificate authority; ask your "
        "administrator for office-ca.crt."
    ),
}


def _choose_ca_path(parent: QWidget) -> str:
    return file_dialogs.open_file(
        parent,
        _("Choose the office certificate"),
        _("Certificates (*.crt *.pem *.cer);;All files (*)"),
    )


class OfficeStep(QWidget):
    """Emits `changed` whenever the page's answer to "can we go on?" may have changed, and
    `saved(ProfileChoice)` once the profile is written."""

    changed = Signal()
    saved = Signal(object)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.busy = False  # the trial sign-in (or the save) is running
        self.touched: set[str] = set()  # fields typed in or chosen: their problems are shown
        self.choose_ca_path: Callable[[QWidget], str] = _choose_ca_path
        self._build_ui()
        self._connect_signals()
        self._retranslate()

    # -- building -------------------------------------------------------------------------------
    def _build_ui(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        form = QFormLayout()
        self.host, self.port, self.dbname, self.ca_path = (QLineEdit(self) for _i in range(4))
        self.port.setText(str(profile_setup.DEFAULT_PORT))
        self.port.setMaxLength(5)
        self.host.setMaxLength(253)
        self.dbname.setMaxLength(63)
        self.ca_button = QPushButton(self)
        ca_row = QWidget(self)
        row = QHBoxLayout(ca_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.ca_path, 1)
        row.addWidget(self.ca_button)
        self.fields = {"host": self.host, "port": self.port, "dbname": self.dbname}
        self.fields["ca_path"] = self.ca_path
        self.labels = {key: QLabel(self) for key in self.fields}
        self.problems = {key: Banner("error", self) for key in self.fields}
        for key in self.fields:
            form.addRow(self.labels[key], ca_row if key == "ca_path" else self.fields[key])
            form.addRow(self.problems[key])
        layout.addLayout(form)
        layout.addWidget(self._build_trial())

    def _build_trial(self) -> QGroupBox:
        self.trial = QGroupBox(self)
        box = QVBoxLayout(self.trial)
        self.trial_hint = QLabel(self.trial)
        self.trial_hint.setWordWrap(True)
        form = QFormLayout()
        self.username, self.password = QLineEdit(self.trial), QLineEdit(self.trial)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.username_label, self.password_label = QLabel(self.trial), QLabel(self.trial)
        form.addRow(self.username_label, self.username)
        form.addRow(self.password_label, self.password)
        self.test_button = QPushButton(self.trial)
        self.busy_text, self.busy_bar = QLabel(self.trial), QProgressBar(self.trial)
        self.busy_bar.setRange(0, 0)  # no percentage: a moving bar while the server answers
        self.busy_bar.setTextVisible(False)
        self.busy_text.setVisible(False)
        self.busy_bar.setVisible(False)
        self.result, self.failure = Banner("ok", self.trial), Banner("error", self.trial)
        box.addWidget(self.trial_hint)
        box.addLayout(form)
        box.addWidget(self.test_button, 0, Qt.AlignmentFlag.AlignLeft)
        for widget in (self.busy_text, self.busy_bar, self.result, self.failure):
            box.addWidget(widget)
        return self.trial

    def _connect_signals(self) -> None:
        for key, edit in self.fields.items():
            edit.textChanged.connect(lambda _text, key=key: self._on_field_edited(key))
        for edit in (self.username, self.password):
            edit.textChanged.connect(self._update)
        self.ca_button.clicked.connect(self._on_ca_button_clicked)
        self.test_button.clicked.connect(self._on_test_button_clicked)

    # -- texts ----------------------------------------------------------------------------------
    def _retranslate(self) -> None:
        words = {
            "host": _("Ser&ver name or address"),
            "port": _("P&ort"),
            "dbname": _("&Database name"),
            "ca_path": _("Office &certificate file"),
        }
        for key, text in words.items():
            label_field(self.labels[key], self.fields[key], text, required=True)
        self.ca_button.setText(_("C&hoose file…"))
        self.ca_button.setAccessibleName(_("Choose the office certificate file"))
        self.trial.setTitle(_("Test the connection (optional)"))
        self.trial_hint.setText(
            _("Sign in once with your own name and password on the server; neither is saved.")
        )
        label_field(self.username_label, self.username, _("Your &username"))
        label_field(self.password_label, self.password, _("Your pass&word"))
        self.test_button.setText(_("&Test connection"))
        self.test_button.setAccessibleName(_("Test connection"))
        self.busy_text.setText(_("Connecting to the office server…"))
        self.busy_bar.setAccessibleName(_("Connecting to the office server…"))
        self._update()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    # -- validation as you type -----------------------------------------------------------------
    def field_problems(self) -> dict[str, str]:
        """Each field's problem as a sentence ("" when fine), in reading order."""
        codes = profile_setup.profile_problems(
            **{key: edit.text() for key, edit in self.fields.items()}
        )
        return {key: _(PROBLEMS[code]) if code else "" for key, code in codes.items()}

    def blocking_reason(self) -> str:
        if self.busy:
            return _("Wait until the connection test has finished.")
        return next((text for text in self.field_problems().values() if text), "")

    def _trial_reason(self) -> str:
        if self.busy:
            return _("The connection is being tested.")
        if any(self.field_problems().values()):
            return _("Fill in the server's details above first.")
        if not self.username.text().strip() or not self.password.text():
            return _("Enter your username and password on the server.")
        return ""

    def _update(self) -> None:
        for key, text in self.field_problems().items():
            shown = text if key in self.touched else ""
            self.problems[key].show_message(shown)
            mark_invalid(self.fields[key], shown)
        enable_with_reason(self.test_button, self._trial_reason())
        self.changed.emit()

    def _on_field_edited(self, key: str) -> None:
        self.touched.add(key)
        self.result.clear_message()
        self.failure.clear_message()
        self._update()

    def show_all_problems(self) -> None:
        self.touched.update(self.fields)
        self._update()

    def _on_ca_button_clicked(self) -> None:
        path = self.choose_ca_path(self)
        if path:
            self.ca_path.setText(path)
            self.touched.add("ca_path")
            self._update()

    # -- the trial sign-in ----------------------------------------------------------------------
    def profile(self) -> profile_setup.ConnectionProfile:
        """The profile the fields describe (raises ValueError while a field has a problem)."""
        return profile_setup.build_profile(
            **{key: edit.text() for key, edit in self.fields.items()}
        )

    def _on_test_button_clicked(self) -> None:
        if self._trial_reason():
            return
        profile, username = self.profile(), self.username.text().strip()
        password = self.password.text()
        self.password.clear()  # used once, for this trial only
        self.result.clear_message()
        self.failure.clear_message()
        self._set_busy(True)
        self.runner.run(
            lambda _p, _c: profile_setup.check_office_connection(profile, username, password),
            writes=False,
            show_progress=False,  # the page shows its own moving bar
            on_done=self._on_test_passed,
            on_error=self._on_test_failed,
        )

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.busy_text.setVisible(busy)
        self.busy_bar.setVisible(busy)
        for widget in (*self.fields.values(), self.ca_button, self.username, self.password):
            widget.setEnabled(not busy)
        if busy:
            self.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.unsetCursor()
        self._update()

    def _on_test_passed(self, display_name: str) -> None:
        self._set_busy(False)
        self.result.show_message(
            _("The connection works: the office server signed in {name}.").format(name=display_name)
        )

    def _on_test_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.failure.show_message(explain(exc))
        self.password.setFocus()

    # -- saving ---------------------------------------------------------------------------------
    def save(self, folder: Path) -> None:
        """Write the connection profile into `folder` (never a password)."""
        try:
            profile = self.profile()
        except ValueError:
            self.show_all_problems()
            return
        self.busy = True
        self._update()
        self.runner.run(
            lambda _p, _c: profile_setup.save_office_profile(folder, profile),
            writes=True,
            show_progress=False,
            on_done=self._on_saved,
            on_error=self._on_save_failed,
        )

    def _on_saved(self, choice: object) -> None:
        self.busy = False
        self._update()
        self.saved.emit(choice)

    def _on_save_failed(self, exc: BaseException) -> None:
        self.busy = False
        self._update()
        if isinstance(exc, OSError):
            text = _("The connection profile could not be saved ({reason}).").format(
                reason=exc.strerror or type(exc).__name__
            )
        else:
            text = explain(exc)
        self.failure.show_message(text)
