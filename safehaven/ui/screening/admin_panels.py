"""Administrator panels on the Training page: the jurisdiction's hotline and report contacts,
and the response protocols (export a file to edit, import the edited file, restore the default)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from safehaven.i18n import _, current_language
from safehaven.services.screening import jurisdictions as jurisdiction_service
from safehaven.services.screening import protocols as protocol_service
from safehaven.services.screening.jurisdictions import Jurisdiction
from safehaven.ui.a11y.fields import label_field
from safehaven.ui.context import UiContext
from safehaven.ui.messages import explain
from safehaven.ui.screening.labels import pick
from safehaven.ui.style import BANNER_STYLES
from safehaven.ui.widgets import file_dialogs

MAX_PROTOCOL_BYTES = 200_000


class _Panel(QGroupBox):
    def __init__(self, title: str, ctx: UiContext, parent: QWidget | None) -> None:
        super().__init__(title, parent)
        self.ctx = ctx
        self.message = QLabel(self)
        self.message.setWordWrap(True)

    def _call(self, fn: Callable[[Any], Any]) -> Any:
        return self.ctx.call(fn, where=self.message)

    def _say(self, text: str, kind: str) -> None:
        self.message.setStyleSheet(BANNER_STYLES[kind])
        self.message.setText(text)


class JurisdictionPanel(_Panel):
    """Where this shelter works and whom to call: shown inside protocol steps, never hard-coded."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(_("Jurisdiction and report contacts"), ctx, parent)
        form = QFormLayout(self)
        self.fields: dict[str, QLineEdit] = {}
        for name, text in (
            ("key", _("Short code (e.g. us-tx)")),
            ("name", _("Jurisdiction name")),
            ("hotline", _("Trafficking hotline")),
            ("report_contact", _("Mandatory report contact (children)")),
            ("emergency_contact", _("Emergency number")),
        ):
            edit = QLineEdit(self)
            edit.setAccessibleName(text)
            self.fields[name] = edit
            form.addRow(text, edit)
        self.save_button = QPushButton(_("Save &jurisdiction"), self)
        form.addRow(self.save_button)
        form.addRow(self.message)
        self.save_button.clicked.connect(self._on_save_clicked)

    def refresh(self) -> None:
        self.show_found(self._call(jurisdiction_service.list_jurisdictions))

    def show_found(self, found: Any) -> None:
        """Show what `list_jurisdictions` answered; a field the person edited keeps its text."""
        if not found:
            return
        rows, current = found
        chosen = next((r for r in rows if r.key == current), None)
        if chosen is not None:
            for name, edit in self.fields.items():
                if not edit.isModified():
                    edit.setText(str(getattr(chosen, name)))

    def _on_save_clicked(self) -> None:
        values = {name: edit.text().strip() for name, edit in self.fields.items()}
        saved = self._call(
            lambda s: jurisdiction_service.save_jurisdiction(
                s, actor=self.ctx.actor, jurisdiction=Jurisdiction(**values)
            )
        )
        if saved is not None:
            self._say(_("Jurisdiction saved; protocol steps now show these contacts."), "ok")


class ProtocolAdminPanel(_Panel):
    """Protocols are data: export one to a file, edit it, import it back (validated first)."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(_("Response protocols"), ctx, parent)
        layout = QVBoxLayout(self)
        help_text = QLabel(
            _(
                "Export a protocol, edit the file (steps, due hours, referral "
                "categories, texts in English and Spanish), then import it. A file "
                "with a mistake is refused with the entry named."
            ),
            self,
        )
        help_text.setWordWrap(True)
        layout.addWidget(help_text)
        row = QHBoxLayout()
        self.combo = QComboBox(self)
        combo_label = QLabel(self)
        label_field(combo_label, self.combo, _("Protocol"))
        self.export_button = QPushButton(_("E&xport to a file…"), self)
        self.import_button = QPushButton(_("&Import an edited file…"), self)
        self.reset_button = QPushButton(_("Restore the &default"), self)
        for widget in (
            combo_label,
            self.combo,
            self.export_button,
            self.import_button,
            self.reset_button,
        ):
            row.addWidget(widget)
        layout.addLayout(row)
        layout.addWidget(self.message)
        self.export_button.clicked.connect(self._on_export_clicked)
        self.import_button.clicked.connect(self._on_import_clicked)
        self.reset_button.clicked.connect(self._on_reset_clicked)

    def refresh(self) -> None:
        self.show_found(
            self._call(lambda s: protocol_service.list_protocols(s, actor=self.ctx.actor))
        )

    def show_found(self, found: Any) -> None:
        """Offer the protocols `list_protocols` answered (the chosen one stays chosen)."""
        current = self.combo.currentData()
        self.combo.clear()
        for info in found or []:
            text = _("{title} (version {version}, {steps} steps)").format(
                title=pick(info.title, current_language()), version=info.version, steps=info.steps
            )
            self.combo.addItem(text + (" · " + _("edited") if info.edited else ""), info.key)
        self.combo.setCurrentIndex(max(self.combo.findData(current), 0))

    def export_to(self, path: Path) -> bool:
        key = self.combo.currentData()
        text = self._call(
            lambda s: protocol_service.protocol_text(s, actor=self.ctx.actor, key=key)
        )
        if text is None:
            return False
        try:
            path.write_text(text, "utf-8")
        except OSError as exc:
            self._say(explain(exc), "error")
            return False
        self._say(_("Protocol written to the file."), "ok")
        return True

    def import_from(self, path: Path) -> bool:
        try:
            if path.stat().st_size > MAX_PROTOCOL_BYTES:
                raise ValueError("too_large")
            text = path.read_text("utf-8")
        except (OSError, ValueError, UnicodeDecodeError):
            self._say(_("The file cannot be read as a protocol file."), "error")
            return False
        saved = self._call(
            lambda s: protocol_service.save_protocol(s, actor=self.ctx.actor, text=text)
        )
        if saved is None:
            return False
        self.refresh()
        self._say(_("Protocol imported; new protocol runs use it."), "ok")
        return True

    def _on_export_clicked(self) -> None:
        name = file_dialogs.save_file(self, _("Export protocol"), "protocol.json", "JSON (*.json)")
        if name:
            self.export_to(Path(name))

    def _on_import_clicked(self) -> None:
        name = file_dialogs.open_file(self, _("Import protocol"), "JSON (*.json)")
        if name:
            self.import_from(Path(name))

    def _on_reset_clicked(self) -> None:
        key = self.combo.currentData()
        if key and self._call(lambda s: _reset(s, self.ctx, key)):
            self.refresh()
            self._say(_("The default protocol is in force again."), "ok")


def _reset(session: Any, ctx: UiContext, key: str) -> bool:
    protocol_service.reset_protocol(session, actor=ctx.actor, key=key)
    return True
