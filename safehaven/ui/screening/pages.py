"""The two forms around the questions: the setting checks that come first, and the outcome the
staff member chooses at the end (domains noted, labour/sexual indicators, one of five outcomes)."""

from __future__ import annotations

from collections.abc import Collection

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from safehaven.i18n import _
from safehaven.models.screening import DOMAINS as DOMAIN_CODES
from safehaven.models.screening import OUTCOMES as OUTCOME_CODES
from safehaven.models.screening import SETTING_CHECKS as CHECK_CODES
from safehaven.ui.screening.labels import (
    DISCLAIMER,
    DOMAINS,
    EXPLOITATION,
    OUTCOMES,
    SETTING_CHECKS,
)

INDICATOR_OUTCOMES = ("offer_assessment", "immediate_safety")


class SettingPage(QWidget):
    """Four checks before any question; the person may also decline here."""

    begin_requested = Signal(list)
    declined = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._build_ui()
        self._connect_signals()

    def _build_ui(self) -> None:
        layout = QVBoxLayout(self)
        self.opening = QLabel(self)
        self.opening.setWordWrap(True)
        self.opening.setAccessibleName(_("Read this to the person first"))
        layout.addWidget(self.opening)
        intro = QLabel(_("Before any question, check the setting. Every box must be true."), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.checks: dict[str, QCheckBox] = {}
        for code in CHECK_CODES:
            box = QCheckBox(_(SETTING_CHECKS[code]), self)
            box.setAccessibleName(_(SETTING_CHECKS[code]))
            self.checks[code] = box
            layout.addWidget(box)
        row = QHBoxLayout()
        self.begin_button = QPushButton(_("&Begin the questions"), self)
        self.decline_button = QPushButton(_("The person does &not want to talk"), self)
        row.addWidget(self.begin_button)
        row.addStretch(1)
        row.addWidget(self.decline_button)
        layout.addLayout(row)
        layout.addStretch(1)

    def _connect_signals(self) -> None:
        for box in self.checks.values():
            box.toggled.connect(self._update)
        self.begin_button.clicked.connect(
            lambda: self.begin_requested.emit([c for c, b in self.checks.items() if b.isChecked()])
        )
        self.decline_button.clicked.connect(self.declined.emit)
        self._update()

    def set_opening(self, text: str) -> None:
        self.opening.setText(_("Read this to the person first:") + "\n" + text)

    def show_checks(self, checks: Collection[str]) -> None:
        for code, box in self.checks.items():
            box.setChecked(code in checks)
        self._update()

    def _update(self) -> None:
        ready = all(b.isChecked() for b in self.checks.values())
        self.begin_button.setEnabled(ready)
        self.begin_button.setToolTip("" if ready else _("Confirm every setting check first."))


class OutcomePage(QWidget):
    """The staff member notes domains and indicators and chooses one outcome."""

    save_requested = Signal(str, list, bool, bool)  # outcome, domains, labour, sexual
    back_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._build_ui()
        self._connect_signals()

    def _build_ui(self) -> None:
        layout = QVBoxLayout(self)
        disclaimer = QLabel(_(DISCLAIMER), self)
        disclaimer.setWordWrap(True)
        layout.addWidget(disclaimer)
        domains = QGroupBox(_("Indicator domains noted"), self)
        box = QVBoxLayout(domains)
        self.domain_boxes = {c: QCheckBox(_(DOMAINS[c]), domains) for c in DOMAIN_CODES}
        for widget in self.domain_boxes.values():
            box.addWidget(widget)
        self.labour_box = QCheckBox(_(EXPLOITATION["labour"]), domains)
        self.sexual_box = QCheckBox(_(EXPLOITATION["sexual"]), domains)
        box.addWidget(self.labour_box)
        box.addWidget(self.sexual_box)
        layout.addWidget(domains)
        outcomes = QGroupBox(_("Outcome (your choice)"), self)
        column = QVBoxLayout(outcomes)
        self.outcome_group = QButtonGroup(self)
        self.outcome_buttons: dict[str, QRadioButton] = {}
        for code in OUTCOME_CODES:
            button = QRadioButton(_(OUTCOMES[code]), outcomes)
            self.outcome_group.addButton(button)
            self.outcome_buttons[code] = button
            column.addWidget(button)
        layout.addWidget(outcomes)
        self.reason = QLabel(self)
        self.reason.setWordWrap(True)
        layout.addWidget(self.reason)
        row = QHBoxLayout()
        self.back_button = QPushButton(_("Back to the &questions"), self)
        self.save_button = QPushButton(_("Sa&ve the outcome"), self)
        row.addWidget(self.back_button)
        row.addStretch(1)
        row.addWidget(self.save_button)
        layout.addLayout(row)
        layout.addStretch(1)

    def _connect_signals(self) -> None:
        for button in self.outcome_buttons.values():
            button.toggled.connect(self._update)
        for widget in (*self.domain_boxes.values(), self.labour_box, self.sexual_box):
            widget.toggled.connect(self._update)
        self.back_button.clicked.connect(self.back_requested.emit)
        self.save_button.clicked.connect(self._on_save_clicked)
        self._update()

    def prefill(self, domains: Collection[str], exploitation: Collection[str]) -> None:
        """Start from the domains of the "yes" answers; the staff member reviews them."""
        for code, widget in self.domain_boxes.items():
            widget.setChecked(code in domains)
        self.labour_box.setChecked("labour" in exploitation)
        self.sexual_box.setChecked("sexual" in exploitation)
        self.outcome_group.setExclusive(False)
        for button in self.outcome_buttons.values():
            button.setChecked(False)
        self.outcome_group.setExclusive(True)
        self._update()

    def chosen(self) -> str | None:
        return next((c for c, b in self.outcome_buttons.items() if b.isChecked()), None)

    def _noted(self) -> bool:
        boxes = (*self.domain_boxes.values(), self.labour_box, self.sexual_box)
        return any(b.isChecked() for b in boxes)

    def _update(self) -> None:
        outcome = self.chosen()
        reason = ""
        if outcome is None:
            reason = _("Choose an outcome.")
        elif outcome not in INDICATOR_OUTCOMES and self._noted():
            reason = _("This outcome says no indicators were noted: clear the noted domains first.")
        self.save_button.setEnabled(not reason)
        self.save_button.setToolTip(reason)
        self.reason.setText(reason)

    def _on_save_clicked(self) -> None:
        outcome = self.chosen()
        if outcome is None:
            return
        domains = [c for c, b in self.domain_boxes.items() if b.isChecked()]
        self.save_requested.emit(
            outcome, domains, self.labour_box.isChecked(), self.sexual_box.isChecked()
        )
