"""The response protocols of a case: each run with its steps, marked done or skipped (a reason is
required to skip). Contacts in the step texts come from the jurisdiction settings."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from safehaven.i18n import _, current_language
from safehaven.services.screening import protocols as protocol_service
from safehaven.services.screening.protocols import ProtocolRunRow, StepRow
from safehaven.ui.context import UiContext
from safehaven.ui.screening.labels import (
    RUN_STATUSES,
    SERVICE_CATEGORIES,
    STEP_STATES,
    TRIGGERS,
    label,
    pick,
)
from safehaven.ui.style import BANNER_STYLES, MUTED
from safehaven.ui.widgets.dates import date_time_text


class StepWidget(QFrame):
    done_requested = Signal(int)
    skip_requested = Signal(int, str)

    def __init__(self, step: StepRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.step = step
        self._build_ui()
        self._connect_signals()

    def _build_ui(self) -> None:
        lang = current_language()
        s = self.step
        layout = QVBoxLayout(self)
        title = QLabel(f"{s.position + 1}. {pick(s.title, lang)}", self)
        title.setObjectName("heading")
        title.setWordWrap(True)
        layout.addWidget(title)
        detail = QLabel(pick(s.detail, lang), self)
        detail.setWordWrap(True)
        layout.addWidget(detail)
        info = QLabel(self._info(), self)
        info.setStyleSheet(f"color: {MUTED};")
        info.setWordWrap(True)
        layout.addWidget(info)
        row = QHBoxLayout()
        self.done_button = QPushButton(_("Mark &done"), self)
        self.reason_edit = QLineEdit(self)
        self.reason_edit.setPlaceholderText(_("Reason for skipping this step"))
        self.reason_edit.setAccessibleName(_("Reason for skipping this step"))
        self.skip_button = QPushButton(_("S&kip with this reason"), self)
        for widget in (self.done_button, self.reason_edit, self.skip_button):
            row.addWidget(widget)
        layout.addLayout(row)
        open_ = s.state == "open"
        for widget in (self.done_button, self.reason_edit, self.skip_button):
            widget.setVisible(open_)
        self._update()

    def _info(self) -> str:
        s = self.step
        parts = [label(STEP_STATES, s.state)]
        if s.due_at is not None:
            parts.append(_("due {when}").format(when=date_time_text(s.due_at)))
        if s.category:
            parts.append(
                _("suggested referral: {category} (Referrals tab)").format(
                    category=label(SERVICE_CATEGORIES, s.category)
                )
            )
        if s.state == "skipped" and s.skip_reason:
            parts.append(_("reason: {reason}").format(reason=s.skip_reason))
        return " · ".join(parts)

    def _connect_signals(self) -> None:
        self.done_button.clicked.connect(lambda: self.done_requested.emit(self.step.id))
        self.reason_edit.textChanged.connect(self._update)
        self.skip_button.clicked.connect(
            lambda: self.skip_requested.emit(self.step.id, self.reason_edit.text())
        )

    def _update(self) -> None:
        has_reason = bool(self.reason_edit.text().strip())
        self.skip_button.setEnabled(has_reason)
        self.skip_button.setToolTip("" if has_reason else _("Write why this step is skipped."))


class ProtocolPanel(QWidget):
    """All protocol runs of one case, newest first."""

    changed = Signal()

    def __init__(self, ctx: UiContext, client_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self._client_id = ctx, client_id
        self.step_widgets: dict[int, StepWidget] = {}
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.message = QLabel(self)
        self.message.setStyleSheet(BANNER_STYLES["error"])
        self._layout.addWidget(self.message)
        self._box = QWidget(self)
        self._box_layout = QVBoxLayout(self._box)
        self._box_layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addWidget(self._box)

    def refresh(self) -> None:
        runs = self._call(
            lambda s: protocol_service.list_protocol_runs(
                s, actor=self.ctx.actor, client_id=self._client_id
            )
        )
        self.show_runs(runs or [])

    def clear(self) -> None:
        self.show_runs([])

    def show_runs(self, runs: list[ProtocolRunRow]) -> None:
        while self._box_layout.count():
            item = self._box_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()  # out of the layout now, so the new runs take its place at once
                widget.deleteLater()
        self.step_widgets = {}
        for run in runs:
            self._box_layout.addWidget(self._run_box(run))

    def _run_box(self, run: ProtocolRunRow) -> QGroupBox:
        lang = current_language()
        box = QGroupBox(
            _("{title} — {status}, {trigger}").format(
                title=pick(run.title, lang),
                status=label(RUN_STATUSES, run.status),
                trigger=label(TRIGGERS, run.trigger),
            ),
            self._box,
        )
        layout = QVBoxLayout(box)
        if run.training_notice:
            notice = QLabel(
                _("Training for this protocol is {state}; a supervisor will review.").format(
                    state=_("missing") if run.training_notice == "missing" else _("expired")
                ),
                box,
            )
            notice.setStyleSheet(BANNER_STYLES["warning"])
            notice.setWordWrap(True)
            layout.addWidget(notice)
        for step in run.steps:
            widget = StepWidget(step, box)
            widget.done_requested.connect(self._on_step_done)
            widget.skip_requested.connect(self._on_step_skipped)
            self.step_widgets[step.id] = widget
            layout.addWidget(widget)
        return box

    def _call(self, fn: Callable[[Any], Any]) -> Any:
        return self.ctx.call(fn, where=self.message)

    def _on_step_done(self, step_id: int) -> None:
        if (
            self._call(
                lambda s: protocol_service.complete_step(s, actor=self.ctx.actor, step_id=step_id)
            )
            is not None
        ):
            self.refresh()
            self.changed.emit()

    def _on_step_skipped(self, step_id: int, reason: str) -> None:
        if (
            self._call(
                lambda s: protocol_service.skip_step(
                    s, actor=self.ctx.actor, step_id=step_id, reason=reason
                )
            )
            is not None
        ):
            self.refresh()
            self.changed.emit()
