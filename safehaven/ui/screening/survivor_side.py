"""The survivor's side of the Screening tab: the question languages the form speaks, and a panel
with the opening in the person's language, laid out in that language's direction, with a notice
while the translation is a draft. The staff's side of the tab stays in the staff language."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtWidgets import QComboBox, QWidget

from safehaven.i18n import current_language
from safehaven.services.languages.codes import own_name
from safehaven.services.languages.review import review_status
from safehaven.services.screening.bank import ScreeningBank
from safehaven.ui.context import UiContext
from safehaven.ui.languages.direction import language_label
from safehaven.ui.languages.survivor_panel import SurvivorPanel


def staff_language(bank: ScreeningBank) -> str:
    """The interface language when the form speaks it, else English."""
    return current_language() if current_language() in bank.languages else "en"


def fill_languages(combo: QComboBox, languages: Sequence[str], selected: str) -> None:
    """Offer `languages` (by name, with their own name beside it) and select `selected`, else the
    first; no change signal while filling."""
    combo.blockSignals(True)
    combo.clear()
    for code in languages:
        combo.addItem(language_label(code), code)
    combo.setCurrentIndex(max(0, combo.findData(selected)))
    combo.blockSignals(False)


class ScreeningSurvivorPanel(SurvivorPanel):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._drafts: dict[str, bool] = {}  # survivor language -> draft translation
        self.setVisible(False)

    def know_drafts(self, drafts: dict[str, bool]) -> None:
        """Draft statuses read ahead (on the read pool), so `show_for` need not ask."""
        self._drafts.update(drafts)

    def show_for(
        self,
        bank: ScreeningBank,
        *,
        staff: str,
        survivor: str,
        opening: bool,
        call: Callable[[Callable[[Any], Any]], Any],
    ) -> None:
        """Show the panel when the person hears another language than the staff's: the
        language's own name, the opening (when `opening`) and the draft notice."""
        if survivor == staff or survivor not in bank.languages:
            self.setVisible(False)
            return
        if survivor not in self._drafts:
            status = call(
                lambda s: review_status(
                    s, actor=self._ctx.actor, bank="screening", language=survivor
                )
            )
            self._drafts[survivor] = status is not None and not status.reviewed
        text = bank.opening[survivor] if opening else ""
        self.show_texts(
            survivor, title=own_name(survivor), intro=text, draft=self._drafts[survivor]
        )
        self.setVisible(True)
