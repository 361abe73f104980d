"""Whether the survivor's consent covers sharing with the chosen organization, said at once, with
"Record consent…" where it does not (the Consent tab's form, pre-filled with that organization
and service). Shown in the referral dialog and the letter dialog; the rule is the service's
(`consent_gate.consent_cover`)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from safehaven.i18n import N_, _
from safehaven.models.permissions import Permission
from safehaven.services.referrals.consent_gate import ConsentCover, consent_cover
from safehaven.services.referrals.labels import FIELD_LABELS
from safehaven.ui.consent.record_form import RecordConsentDialog
from safehaven.ui.context import UiContext
from safehaven.ui.messages import label
from safehaven.ui.style import BANNER_STYLES
from safehaven.ui.widgets.banner import Banner

NOT_COVERED = {
    "none": N_("No consent covers {organization} yet."),
    "refused": N_("The survivor refused consent to share with {organization}."),
    "expired": N_("The survivor's consent to share with {organization} has expired."),
    "withdrawn": N_("The survivor withdrew consent to share with {organization}."),
}


def cover_text(cover: ConsentCover) -> str:
    """One sentence: covered (and what may be shared) or why not."""
    if cover.covered:
        shared = ", ".join(label(FIELD_LABELS, f) for f in cover.fields) or _("no client details")
        return _("Consent covers sharing with {organization}. May be shared: {fields}.").format(
            organization=cover.organization_name, fields=shared
        )
    template = NOT_COVERED.get(cover.reason, NOT_COVERED["none"])
    return _(template).format(organization=cover.organization_name)


class ConsentNotice(QWidget):
    """`check(organization_id, service_type)` says whether consent covers it; `recorded` is
    emitted after a decision was recorded through "Record consent…" (and the notice re-checked)."""

    recorded = Signal()

    def __init__(
        self,
        ctx: UiContext,
        client_id: int,
        parent: QWidget | None = None,
        *,
        consequence: str = "",
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.client_id = client_id
        self.consequence = consequence  # added when not covered, e.g. what a letter cannot do
        self.cover: ConsentCover | None = None
        self.last_dialog: QDialog | None = None
        self._organization_id: int | None = None
        self._service_type = ""
        self._build_ui()
        self.record_button.clicked.connect(self._on_record_clicked)

    def _build_ui(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.text = Banner("warning", self)
        self.text.setAccessibleDescription(_("Consent for this organization"))
        self.text.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        layout.addWidget(self.text)
        row = QHBoxLayout()
        self.record_button = QPushButton(_("Record &consent…"), self)
        self.record_button.setToolTip(
            _("Record the survivor's decision for this organization and service.")
        )
        self.record_button.setVisible(False)
        row.addWidget(self.record_button)
        row.addStretch(1)
        layout.addLayout(row)

    def check(self, organization_id: int | None, service_type: str = "") -> ConsentCover | None:
        self._organization_id, self._service_type = organization_id, service_type
        self.cover = None
        if organization_id is None:
            self._say("info", _("Choose an organization to see whether consent covers it."))
            self.record_button.setVisible(False)
            return None
        self.cover = self.ctx.call(
            lambda s: consent_cover(
                s,
                actor=self.ctx.actor,
                client_id=self.client_id,
                organization_id=organization_id,
                service_type=service_type or None,
            ),
            where=self.text,
        )
        if self.cover is None:  # the failure is shown in its place
            self.record_button.setVisible(False)
            return None
        covered = self.cover.covered
        text = cover_text(self.cover)
        if not covered and self.consequence:
            text = f"{text} {self.consequence}"
        self._say("ok" if covered else "warning", text)
        self.record_button.setVisible(not covered and self.ctx.actor.can(Permission.MANAGE_CONSENT))
        return self.cover

    def clear(self) -> None:
        """Forget the answer and close "Record consent…" if open (lock)."""
        self.cover = None
        self.text.clear_message()
        self.record_button.setVisible(False)
        if self.last_dialog is not None:
            self.last_dialog.reject()
            self.last_dialog.deleteLater()
            self.last_dialog = None

    def _say(self, kind: str, text: str) -> None:
        self.text.setStyleSheet(BANNER_STYLES[kind])
        self.text.show_message(text)

    def _on_record_clicked(self) -> None:
        dialog = RecordConsentDialog(
            self.ctx,
            self.client_id,
            organization_id=self._organization_id,
            service_type=self._service_type,
            organization_name=self.cover.organization_name if self.cover else "",
            parent=self.window(),
        )
        self.last_dialog = dialog
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.check(self._organization_id, self._service_type)
            self.recorded.emit()
