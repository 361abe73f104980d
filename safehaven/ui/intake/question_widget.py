"""One intake question: the staff's text with the survivor's beside it, "why we ask" one click
away, an input for its answer type, and the non-answers (doesn't know, prefers not, not now).

The widget only emits what the user did (`answered(key, value, state)`, `skipped(key)`); the tab
saves it through the service and calls `show_answer` with the stored result.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from safehaven.i18n import _
from safehaven.services.intake.question_bank import Choice, Question
from safehaven.services.intake.rows import AnswerRow
from safehaven.ui.a11y.announce import announce
from safehaven.ui.a11y.fields import mark_invalid
from safehaven.ui.intake.labels import ANSWER_STATES
from safehaven.ui.languages.direction import set_text_direction
from safehaven.ui.messages import label
from safehaven.ui.style import ERROR, MUTED
from safehaven.ui.widgets.message_line import OneLineLabel

TEXT_SAVE_DELAY_MS = 1200
NON_ANSWER_STATE = {"doesnt_know": "doesnt_know", "prefers_not_to_answer": "prefers_not"}


class QuestionWidget(QFrame):
    answered = Signal(str, object, str)  # question key, value, state
    skipped = Signal(str)

    def __init__(
        self,
        question: Question,
        *,
        staff_language: str,
        survivor_language: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.question = question
        self._staff, self._survivor = staff_language, survivor_language
        self._loading = False
        self._saved_text: str | None = None
        self.editor: QLineEdit | None = None
        self.choice_group: QGroupBox | None = None
        self.choice_buttons: dict[str, QAbstractButton] = {}
        self._group: QButtonGroup | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TEXT_SAVE_DELAY_MS)
        self._build_ui()
        self._connect_signals()

    # -- public ------------------------------------------------------------------------------

    def show_known(self, value: Any) -> None:
        """What the profile already holds (the question is not answered yet), or None."""
        self.known_label.setVisible(value is not None)
        if value is None:
            self.known_label.clear()
            return
        q = self.question
        if isinstance(value, list):
            text = ", ".join(self._choice_text(v) for v in value)
        else:
            text = self._choice_text(str(value)) if q.closed else str(value)
        self.known_label.setText(_("Already in the profile: {value}").format(value=text))

    def _choice_text(self, code: str) -> str:
        choice = self.question.choice(code)
        return choice.label.get(self._staff, choice.label["en"]) if choice else code

    def show_answer(self, answer: AnswerRow | None, *, locked: bool = False) -> None:
        """Show the stored answer (None: nothing recorded yet)."""
        self._loading = True
        value = answer.value if answer is not None else None
        state = answer.state if answer is not None else None
        for code, button in self.choice_buttons.items():
            if isinstance(value, list):
                button.setChecked(code in value)
            else:
                button.setChecked(code == value or NON_ANSWER_STATE.get(code, "") == state)
        if self.editor is not None and self.pending_text() is None:
            text = "" if value is None else str(value)
            self.editor.setText(text)
            self._saved_text = text
        self.state_label.setText(label(ANSWER_STATES, state) if state else "")
        self.show_error("")
        self.setEnabled(not locked)
        self.locked_label.setVisible(locked)
        self._loading = False

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        if self.editor is not None:
            mark_invalid(self.editor, message)
            if message:
                self.editor.setFocus()
        announce(self.error_label, message)

    def pending_text(self) -> str | None:
        """Typed text not saved yet (None: nothing pending)."""
        if self.editor is None or (self._saved_text is None and not self.editor.text().strip()):
            return None
        text = self.editor.text()
        return None if text == (self._saved_text or "") else text

    def flush(self) -> None:
        """Save typed text now (before a pause, a lock or closing the window)."""
        self._timer.stop()
        if self.pending_text() is not None:
            self._commit_text()

    def set_languages(self, staff: str, survivor: str) -> None:
        self._staff, self._survivor = staff, survivor
        self._fill_texts()

    # -- building ----------------------------------------------------------------------------

    def _build_ui(self) -> None:
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.text_label = QLabel(self)
        self.text_label.setWordWrap(True)
        self.text_label.setStyleSheet("font-weight: 600;")
        self.why_button = QToolButton(self)
        self.why_button.setText(_("Why we ask"))
        self.why_button.setCheckable(True)
        self.why_button.setAccessibleName(_("Why we ask this question"))
        top.addWidget(self.text_label, 1)
        top.addWidget(self.why_button)
        layout.addLayout(top)
        self.survivor_label = QLabel(self)
        self.survivor_label.setWordWrap(True)
        self.survivor_label.setStyleSheet(f"font-style: italic; color: {MUTED};")
        layout.addWidget(self.survivor_label)
        self.why_label = QLabel(self)
        self.why_label.setWordWrap(True)
        self.why_label.setStyleSheet(f"color: {MUTED}; padding-left: 12px;")
        self.why_label.setVisible(False)
        layout.addWidget(self.why_label)
        self.known_label = QLabel(self)
        self.known_label.setWordWrap(True)
        self.known_label.setStyleSheet(f"color: {MUTED};")
        self.known_label.setVisible(False)
        layout.addWidget(self.known_label)
        self.locked_label = QLabel(
            _("Record the consent for this question on the Consent tab first."), self
        )
        self.locked_label.setWordWrap(True)
        self.locked_label.setVisible(False)
        layout.addWidget(self.locked_label)
        layout.addWidget(self._input())
        layout.addLayout(self._footer())
        self._fill_texts()

    def _input(self) -> QWidget:
        box = QWidget(self)
        q = self.question
        if not q.closed:
            row = QHBoxLayout(box)
            row.setContentsMargins(0, 0, 0, 0)
            self.editor = QLineEdit(box)
            self.text_label.setBuddy(self.editor)
            if q.type == "date":
                self.editor.setPlaceholderText(_("YYYY-MM-DD"))
            row.addWidget(self.editor)
            return box
        # The choices are one group named by the question (spoken when focus enters it).
        self.choice_group = QGroupBox(self)
        self.choice_group.setFlat(True)
        grid = QGridLayout(self.choice_group)
        grid.setContentsMargins(0, 0, 0, 0)
        outer = QVBoxLayout(box)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.choice_group)
        box = self.choice_group
        multiple = q.type == "multiple"
        if not multiple:
            self._group = QButtonGroup(box)
            self._group.setExclusive(True)
        real = [c for c in q.choices if not (multiple and c.is_non_answer)]
        columns = _columns(real, self._staff, self._survivor)
        for n, choice in enumerate(real):
            button: QAbstractButton = QCheckBox(box) if multiple else QRadioButton(box)
            if self._group is not None:
                self._group.addButton(button)
            self.choice_buttons[choice.code] = button
            grid.addWidget(button, n // columns, n % columns)
        return box

    def _footer(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.non_answer_buttons: dict[str, QPushButton] = {}
        if not self.question.closed or self.question.type == "multiple":
            for code, text in (
                ("doesnt_know", _("Doesn't know")),
                ("prefers_not_to_answer", _("Prefers not to answer")),
            ):
                button = QPushButton(text, self)
                self.non_answer_buttons[code] = button
                row.addWidget(button)
        self.skip_button = QPushButton(_("Not now"), self)
        self.skip_button.setToolTip(_("Skip this question; it is recorded as not asked."))
        row.addWidget(self.skip_button)
        self.state_label = QLabel(self)
        # the error shares the buttons' row and never wraps: it appears without moving anything
        self.error_label = OneLineLabel(self)
        self.error_label.setStyleSheet(f"color: {ERROR};")
        self.error_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(self.error_label, 1)
        row.addWidget(self.state_label)
        return row

    def _fill_texts(self) -> None:
        q = self.question
        staff, survivor = self._staff, self._survivor
        question = q.text.get(staff, q.text["en"])
        self.text_label.setText(question)
        self._name_parts(question)
        differ = survivor != staff and survivor in q.text
        self.survivor_label.setText(q.text[survivor] if differ else "")
        self.survivor_label.setVisible(differ)
        set_text_direction(self.survivor_label, survivor)
        why = q.why.get(staff, q.why["en"])
        if differ:
            why += "\n" + q.why[survivor]
        self.why_label.setText(why)
        for code, button in self.choice_buttons.items():
            choice = q.choice(code)
            assert choice is not None  # noqa: S101 - narrows a type; never guards a permission
            text = choice.label.get(staff, choice.label["en"])
            if differ:
                text += " · " + choice.label[survivor]
            button.setText(text)

    def _name_parts(self, question: str) -> None:
        """Every part of the question says which question it belongs to."""
        self.setAccessibleName(question)
        if self.editor is not None:
            self.editor.setAccessibleName(question)
        if self.choice_group is not None:
            self.choice_group.setAccessibleName(question)
        for button in [
            self.why_button,
            self.skip_button,
            *self.non_answer_buttons.values(),
            *self.choice_buttons.values(),
        ]:
            button.setAccessibleDescription(question)

    def _connect_signals(self) -> None:
        self.why_button.toggled.connect(self.why_label.setVisible)
        self.skip_button.clicked.connect(lambda: self.skipped.emit(self.question.key))
        for code, button in self.non_answer_buttons.items():
            state = NON_ANSWER_STATE[code]
            button.clicked.connect(lambda _c=False, s=state: self._emit(None, s))
        if self.editor is not None:
            self.editor.editingFinished.connect(self._commit_text)
            self.editor.textEdited.connect(lambda _t: self._timer.start())
            self._timer.timeout.connect(self._commit_text)
        for choice_button in self.choice_buttons.values():
            choice_button.toggled.connect(self._on_choice_toggled)

    # -- handlers ----------------------------------------------------------------------------

    def _on_choice_toggled(self, checked: bool) -> None:
        if self._loading:
            return
        if self.question.type == "multiple":
            codes = [c for c, b in self.choice_buttons.items() if b.isChecked()]
            self._emit(codes, "answered")
        elif checked:
            code = next(c for c, b in self.choice_buttons.items() if b.isChecked())
            self._emit(code, "answered")

    def _commit_text(self) -> None:
        self._timer.stop()
        if self._loading or self.editor is None or self.pending_text() is None:
            return
        text = self.editor.text().strip()
        value: Any = text
        try:
            if text and self.question.type == "number":
                value = float(text) if "." in text else int(text)
            elif text and self.question.type == "date":
                value = dt.date.fromisoformat(text).isoformat()
        except ValueError:
            self.show_error(_("This does not look right."))
            return
        self._saved_text = self.editor.text()
        self._emit(value if text else None, "answered" if text else "not_asked")

    def _emit(self, value: Any, state: str) -> None:
        if not self._loading:
            self.answered.emit(self.question.key, value, state)


def _columns(choices: list[Choice], staff: str, survivor: str) -> int:
    """Three columns of short choices, two of medium ones, one of long ones (no side scrolling)."""
    longest = max(
        (len(c.label.get(staff, "")) + len(c.label.get(survivor, "")) for c in choices), default=0
    )
    return 3 if longest <= 26 else 2 if longest <= 44 else 1
