"""The Profile tab: the client's profile, validated as you type, saved through the service.

Legal name, date of birth and contact details are shown and edited only for roles that may see
them (`ClientRow.legal_visible`); for others those rows are absent.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from safehaven.i18n import N_, _
from safehaven.models.client import CITIZENSHIP, GENDERS, STATUSES, TRAFFICKING_TYPES
from safehaven.models.permissions import Permission
from safehaven.services.cases.case_list import caseworker_choices
from safehaven.services.cases.clients import (
    ClientDraft,
    ClientRow,
    get_client,
    update_client,
    validate_draft,
)
from safehaven.services.errors import ChangedElsewhere, ValidationFailed
from safehaven.ui.a11y.fields import focus_first_invalid, label_field
from safehaven.ui.cases.labels import FORM_ERRORS, field_label
from safehaven.ui.cases.profile_fields import FieldEditor, FieldSpec, FormatError, Kind
from safehaven.ui.context import UiContext, present
from safehaven.ui.messages import explain, field_error
from safehaven.ui.pages import CaseTabWidget
from safehaven.ui.style import MUTED

GROUPS: tuple[tuple[str, tuple[FieldSpec, ...]], ...] = (
    (
        N_("Person"),
        (
            FieldSpec("chosen_name", required=True),
            FieldSpec("other_names"),
            FieldSpec("pronouns"),
            FieldSpec("gender", Kind.CHOICE, GENDERS),
            FieldSpec("estimated_age", Kind.NUMBER),
            FieldSpec("languages", Kind.LANGUAGES, placeholder=N_("e.g. Spanish, English")),
            FieldSpec("interpreter_needed", Kind.YES_NO),
            FieldSpec("preferred_language", Kind.LANGUAGE, placeholder=N_("e.g. Arabic")),
        ),
    ),
    (
        N_("Background"),
        (
            FieldSpec("country_of_origin", Kind.COUNTRY),
            FieldSpec("citizenship_category", Kind.CHOICE, CITIZENSHIP),
            FieldSpec("trafficking_type", Kind.CHOICE, TRAFFICKING_TYPES),
        ),
    ),
    (
        N_("Case"),
        (
            FieldSpec("status", Kind.CHOICE, STATUSES, required=True),
            FieldSpec("assigned_caseworker_id", Kind.STAFF),
            FieldSpec("intake_date", Kind.DATE),
            FieldSpec("closure_date", Kind.DATE),
        ),
    ),
    (
        N_("Restricted: identity and contact"),
        (
            FieldSpec("legal_name", restricted=True),
            FieldSpec("date_of_birth", Kind.DATE, restricted=True),
            FieldSpec("phone", restricted=True),
            FieldSpec("email", restricted=True),
            FieldSpec("address", restricted=True),
            FieldSpec("safe_contact", restricted=True),
        ),
    ),
)


class ProfileTab(CaseTabWidget):
    def __init__(self, ctx: UiContext, client_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, client_id, parent)
        self.ctx = ctx
        self._client_id = client_id
        self._row: ClientRow | None = None
        self._saving = False
        self._loading = False
        self._cleared = False
        self.editors: dict[str, FieldEditor] = {}
        self._groups: list[tuple[QGroupBox, str]] = []
        self.labels: dict[str, QLabel] = {}
        self._shown: dict[str, str | int] = {}  # what each input held when the row was shown
        self._build_ui()
        self._connect_signals()
        self.load()

    # -- tab protocol ------------------------------------------------------------------------

    def load(self) -> None:
        """Read the profile (this is the audited "view" of the case)."""
        loaded = self.ctx.call(
            lambda s: (
                get_client(s, actor=self.ctx.actor, client_id=self._client_id),
                caseworker_choices(s, actor=self.ctx.actor),
            ),
            where=self.status,
        )
        if loaded is None:
            return
        row, staff = loaded
        choices = [(c.id, c.display_name) for c in staff]
        self.editors["assigned_caseworker_id"].set_staff(choices)
        self._show(row)

    def clear(self) -> None:
        """Drop every piece of client data (called on lock)."""
        self._row = None
        self._cleared = True  # a save still on its way must not fill the form again
        self._loading = True
        for editor in self.editors.values():
            editor.clear()
        self._loading = False
        self.save_button.setEnabled(False)
        self.save_reason.clear()
        self.status.clear()

    # -- building ----------------------------------------------------------------------------

    def _build_ui(self) -> None:
        body = QWidget(self)
        columns = QHBoxLayout(body)
        left, right = QVBoxLayout(), QVBoxLayout()
        for number, (title, specs) in enumerate(GROUPS):
            box = self._group(title, specs, body)
            (left if number % 2 == 0 else right).addWidget(box)
            if specs[0].restricted:
                self.restricted_box = box
        left.addStretch(1)
        right.addStretch(1)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        self.scroll_area = scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        self.save_button = QPushButton(self)
        self.save_button.setEnabled(False)
        self.save_reason = QLabel(self)
        self.save_reason.setStyleSheet(f"color:{MUTED};")
        self.status = QLabel(self)
        footer = QHBoxLayout()
        footer.addWidget(self.status, 1)
        footer.addWidget(self.save_reason)
        footer.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addLayout(footer)
        self.retranslate()
        if not self.ctx.actor.can(Permission.EDIT_CLIENT):
            self.save_button.setVisible(False)
            for editor in self.editors.values():
                editor.set_editable(False)

    def _group(self, title: str, specs: tuple[FieldSpec, ...], parent: QWidget) -> QGroupBox:
        box = QGroupBox(parent)
        form = QFormLayout(box)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # label above when narrow
        self._groups.append((box, title))
        for spec in specs:
            editor = FieldEditor(spec, box)
            self.labels[spec.name] = QLabel(box)
            form.addRow(self.labels[spec.name], editor.input)
            form.addRow("", editor.error)
            self.editors[spec.name] = editor
        return box

    def retranslate(self) -> None:
        for box, title in self._groups:
            box.setTitle(_(title))
        for editor in self.editors.values():
            editor.retranslate()
            name = editor.spec.name
            label_field(
                self.labels[name], editor.input, field_label(name), required=editor.spec.required
            )
        self.save_button.setText(_("&Save profile"))
        self._on_editor_changed()

    def _connect_signals(self) -> None:
        for editor in self.editors.values():
            editor.changed.connect(self._on_editor_changed)
        self.save_button.clicked.connect(self.save)

    # -- state -------------------------------------------------------------------------------

    def _show(self, row: ClientRow) -> None:
        self._row = row
        self._loading = True
        for name, editor in self.editors.items():
            editor.set_value(getattr(row, name))
            editor.show_error("", keep_room=False)
        self._loading = False
        self._shown = self._raw()
        self.restricted_box.setVisible(row.legal_visible)
        self._on_editor_changed()

    # -- unsaved work ------------------------------------------------------------------------

    def _raw(self) -> dict[str, str | int]:
        """Each input as typed (text, or the chosen entry), readable or not."""
        return {
            name: e.input.text() if isinstance(e.input, QLineEdit) else e.input.currentIndex()
            for name, e in self.editors.items()
        }

    def pending_changes(self) -> object | None:
        if self._row is None or not self.ctx.actor.can(Permission.EDIT_CLIENT):
            return None
        raw = self._raw()
        return raw if raw != self._shown else None

    def _reload_keeping_changes(self) -> None:
        """Show the version saved by someone else, with this person's own edits on top."""
        raw = self._raw()
        mine = {name: value for name, value in raw.items() if value != self._shown.get(name)}
        self.load()
        self.restore_changes(mine)

    def restore_changes(self, changes: object) -> None:
        if not isinstance(changes, dict) or self._row is None:
            return
        for name, value in changes.items():
            box = self.editors[name].input if name in self.editors else None
            if isinstance(box, QLineEdit) and isinstance(value, str):
                box.setText(value)
            elif isinstance(box, QComboBox) and isinstance(value, int):
                box.setCurrentIndex(value)

    def save_changes(self) -> bool:
        """Save now (not on the task runner): the page is about to be left."""
        if self._row is None:
            return True
        draft, errors = self.draft()
        if errors:
            self._on_editor_changed()
            return False
        try:
            row = self.ctx.call(
                self._update(draft),
                where=self.status,
                passthrough=(ChangedElsewhere,),
            )
        except ChangedElsewhere as exc:
            self._on_failed(exc)
            return False
        if row is None:
            return False
        self._on_saved(row)
        return True

    def _update(self, draft: ClientDraft) -> Callable[[Any], ClientRow]:
        """The save of `draft` over the version on screen (refused if saved since)."""
        assert self._row is not None  # noqa: S101 - narrows a type; never guards a permission
        actor, client_id, version = self.ctx.actor, self._client_id, self._row.version
        return lambda s: update_client(
            s, actor=actor, client_id=client_id, draft=draft, expected_version=version
        )

    def discard_changes(self) -> None:
        if self._row is not None:
            self._show(self._row)

    def draft(self) -> tuple[ClientDraft, dict[str, str]]:
        """(draft, field → error code) from what is on screen."""
        assert self._row is not None  # noqa: S101 - narrows a type; never guards a permission
        values: dict[str, Any] = {}
        errors: dict[str, str] = {}
        for name, editor in self.editors.items():
            if editor.spec.restricted and not self._row.legal_visible:
                continue
            try:
                values[name] = editor.value()
            except FormatError as exc:
                errors[name] = exc.code
        kept = {f.name: getattr(self._row, f.name) for f in dataclasses.fields(ClientDraft)}
        draft = ClientDraft(**{**kept, **values})
        return draft, {**validate_draft(draft), **errors}

    def _dirty(self, draft: ClientDraft) -> bool:
        assert self._row is not None  # noqa: S101 - narrows a type; never guards a permission
        return any(
            getattr(draft, name) != getattr(self._row, name)
            for name in self.editors
            if not (self.editors[name].spec.restricted and not self._row.legal_visible)
        )

    def _on_editor_changed(self) -> None:
        if self._loading or self._row is None:
            return
        draft, errors = self.draft()
        for name, editor in self.editors.items():
            editor.show_error(_message(errors.get(name)))
        if errors:
            reason = _("Correct the fields marked in red to save: {fields}.").format(
                fields=", ".join(field_label(name) for name in self.editors if name in errors)
            )
        elif not self._dirty(draft):
            reason = _("No changes to save.")
        else:
            reason = ""
        self.save_reason.setText(reason)
        self.save_button.setToolTip(reason)
        self.save_button.setEnabled(not reason and not self._saving)

    def save(self) -> None:
        if self._row is None or self._saving:
            return
        draft, errors = self.draft()
        if errors:
            self._on_editor_changed()
            return
        self._saving = True
        self.save_button.setEnabled(False)
        self.ctx.call(
            self._update(draft),
            where=self.status,
            passthrough=(ChangedElsewhere,),
            on_done=self._on_saved,
            on_failed=self._on_failed,
            writes=True,
        )

    def _on_saved(self, row: ClientRow) -> None:
        self._saving = False
        if self._cleared:
            return
        self._show(row)
        self.status.setText(_("Saved."))
        self.saved.emit(row)

    def _on_failed(self, exc: BaseException) -> None:
        self._saving = False
        if isinstance(exc, ChangedElsewhere):
            self._reload_keeping_changes()
            present(self.status, explain(exc))
            return
        if isinstance(exc, ValidationFailed):
            for name, code in exc.errors.items():
                if name in self.editors:
                    self.editors[name].show_error(_message(code))
        self._on_editor_changed()
        focus_first_invalid(editor.input for editor in self.editors.values())


def _message(code: str | None) -> str:
    if code is None:
        return ""
    if code in FORM_ERRORS:
        return _(FORM_ERRORS[code])
    return field_error(code)
