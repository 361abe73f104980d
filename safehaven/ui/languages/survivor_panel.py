"""The survivor panel of the intake: the section's title and introduction in the survivor's
language, laid out in that language's direction, and a notice while the translation is a draft.

The staff language stays in the rest of the tab; each question shows the survivor's wording
beneath the staff's.
"""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QFrame, QLabel, QVBoxLayout, QWidget

from safehaven.i18n import _
from safehaven.ui.languages.direction import qt_direction, set_text_direction
from safehaven.ui.style import BANNER_STYLES


class SurvivorPanel(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.language = ""
        self._build_ui()

    def _build_ui(self) -> None:
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(_("Survivor's language"))
        layout = QVBoxLayout(self)
        self.draft_notice = QLabel(
            _("Draft translation \u2014 confirm meaning with an interpreter."), self
        )
        self.draft_notice.setWordWrap(True)
        self.draft_notice.setStyleSheet(BANNER_STYLES["warning"])
        self.draft_notice.setVisible(False)
        self.title = QLabel(self)
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-weight: 600;")
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        for widget in (self.draft_notice, self.title, self.intro):
            layout.addWidget(widget)

    def show_texts(self, language: str, *, title: str, intro: str, draft: bool) -> None:
        """Show the survivor's texts in `language` (its direction) and the draft notice."""
        self.language = language
        self.setLayoutDirection(qt_direction(language))
        for label, text in ((self.title, title), (self.intro, intro)):
            label.setText(text)
            label.setVisible(bool(text))
            set_text_direction(label, language)
        self.draft_notice.setLayoutDirection(QApplication.layoutDirection())  # staff language
        self.draft_notice.setVisible(draft)
