"""What a consent means, to read to the survivor: the explanation of the chosen purpose in the
staff language and, beside it, in the survivor's language (its direction; a draft notice while
that translation is not reviewed)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from safehaven.i18n import _, current_language
from safehaven.services.errors import PermissionDenied
from safehaven.services.languages.explanations import load_explanations
from safehaven.services.languages.person import suggest_survivor_language
from safehaven.services.languages.review import language_statuses
from safehaven.ui.a11y.fields import label_field
from safehaven.ui.context import UiContext
from safehaven.ui.languages.direction import language_label, set_text_direction
from safehaven.ui.style import BANNER_STYLES, MUTED


class ConsentExplanation(QFrame):
    def __init__(self, ctx: UiContext, client_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self._client_id = ctx, client_id
        self._explanations = load_explanations()
        self._purpose = ""
        self._drafts: set[str] | None = None
        self._build_ui()
        self.language_combo.currentIndexChanged.connect(lambda _i: self._fill())

    def _build_ui(self) -> None:
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        heading = QLabel(_("Read to the person:"), self)
        heading.setStyleSheet("font-weight: 600;")
        self.language_combo = QComboBox(self)
        for code in self._explanations.languages:
            self.language_combo.addItem(language_label(code), code)
        top.addWidget(heading)
        top.addStretch(1)
        language_label_ = QLabel(self)
        label_field(language_label_, self.language_combo, _("Language of the explanation"))
        top.addWidget(language_label_)
        top.addWidget(self.language_combo)
        layout.addLayout(top)
        self.staff_text = QLabel(self)
        self.staff_text.setWordWrap(True)
        self.survivor_text = QLabel(self)
        self.survivor_text.setWordWrap(True)
        self.survivor_text.setStyleSheet(f"font-style: italic; color: {MUTED};")
        self.draft_notice = QLabel(
            _("Draft translation \u2014 confirm meaning with an interpreter."), self
        )
        self.draft_notice.setWordWrap(True)
        self.draft_notice.setStyleSheet(BANNER_STYLES["warning"])
        for widget in (self.staff_text, self.survivor_text, self.draft_notice):
            layout.addWidget(widget)

    def show_purpose(self, purpose: str) -> None:
        if not self._purpose:
            self._preselect()
        self._purpose = purpose
        self._fill()

    def survivor_language(self) -> str:
        return str(self.language_combo.currentData() or "en")

    def _preselect(self) -> None:
        staff = current_language() if current_language() in self._explanations.languages else "en"
        code = staff
        try:
            found = self.ctx.call(
                lambda s: (
                    suggest_survivor_language(
                        s,
                        actor=self.ctx.actor,
                        client_id=self._client_id,
                        available=self._explanations.languages,
                        staff_language=staff,
                    ),
                    language_statuses(s, actor=self.ctx.actor),
                ),
                where=self.staff_text,
                passthrough=(PermissionDenied,),
            )
        except PermissionDenied:  # a role without intake access: the staff picks the language
            found = None
        self._drafts = set()
        if found is not None:
            code, rows = found
            self._drafts = {r.language for r in rows if r.bank == "consent" and r.is_draft}
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(code)))

    def _fill(self) -> None:
        if not self._purpose:
            return
        staff = current_language() if current_language() in self._explanations.languages else "en"
        survivor = self.survivor_language()
        self.staff_text.setText(self._explanations.text(self._purpose, staff))
        differ = survivor != staff
        self.survivor_text.setText(
            self._explanations.text(self._purpose, survivor) if differ else ""
        )
        set_text_direction(self.survivor_text, survivor)
        self.survivor_text.setVisible(differ)
        self.draft_notice.setVisible(differ and survivor in (self._drafts or set()))
