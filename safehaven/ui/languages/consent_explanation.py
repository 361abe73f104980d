"""What a consent means, to read to the survivor: the explanation of the chosen purpose in the
staff language and, beside it, in the survivor's language (its direction; a draft notice while
that translation is not reviewed).

The survivor's language is suggested from their record by a read the form runs on the read pool
(`read_preselection`, then `preselect` with its answer); until then the staff language shows.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QComboBox, QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from safehaven.i18n import _, current_language
from safehaven.services.errors import PermissionDenied
from safehaven.services.languages.explanations import load_explanations
from safehaven.services.languages.person import suggest_survivor_language
from safehaven.services.languages.review import language_statuses
from safehaven.ui.a11y.fields import label_field
from safehaven.ui.context import Session, UiContext
from safehaven.ui.languages.direction import language_label, set_text_direction
from safehaven.ui.style import BANNER_STYLES, MUTED


class ConsentExplanation(QFrame):
    def __init__(self, ctx: UiContext, client_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self._client_id = ctx, client_id
        self._explanations = load_explanations()
        self._purpose = ""
        self._drafts: set[str] | None = None
        self._chosen = False  # the staff member picked a language: a late suggestion keeps it
        self._build_ui()
        self.language_combo.setCurrentIndex(
            max(0, self.language_combo.findData(self._staff_language()))
        )
        self.language_combo.currentIndexChanged.connect(lambda _i: self._fill())
        self.language_combo.activated.connect(self._on_language_activated)

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
        self._purpose = purpose
        self._fill()

    def survivor_language(self) -> str:
        return str(self.language_combo.currentData() or "en")

    def read_preselection(self) -> Callable[[Session], tuple[str, set[str]] | None]:
        """The read that suggests the survivor's language and names the draft translations,
        for the read pool (what it needs is taken now); None for a role without intake access."""
        actor, client_id = self.ctx.actor, self._client_id
        available, staff = self._explanations.languages, self._staff_language()

        def read(session: Session) -> tuple[str, set[str]] | None:
            try:
                code = suggest_survivor_language(
                    session,
                    actor=actor,
                    client_id=client_id,
                    available=available,
                    staff_language=staff,
                )
                rows = language_statuses(session, actor=actor)
            except PermissionDenied:  # a role without intake access: the staff picks
                return None
            return code, {r.language for r in rows if r.bank == "consent" and r.is_draft}

        return read

    def preselect(self, found: tuple[str, set[str]] | None) -> None:
        """Show the suggested language (unless one was picked meanwhile) and which are drafts."""
        code, self._drafts = found if found is not None else (self._staff_language(), set())
        if not self._chosen:
            self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(code)))
        self._fill()

    def _on_language_activated(self, _index: int) -> None:
        self._chosen = True

    def _staff_language(self) -> str:
        languages = self._explanations.languages
        return current_language() if current_language() in languages else "en"

    def _fill(self) -> None:
        if not self._purpose:
            return
        staff = self._staff_language()
        survivor = self.survivor_language()
        self.staff_text.setText(self._explanations.text(self._purpose, staff))
        differ = survivor != staff
        self.survivor_text.setText(
            self._explanations.text(self._purpose, survivor) if differ else ""
        )
        set_text_direction(self.survivor_text, survivor)
        self.survivor_text.setVisible(differ)
        self.draft_notice.setVisible(differ and survivor in (self._drafts or set()))
