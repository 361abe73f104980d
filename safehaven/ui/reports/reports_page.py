"""Reports: funder-shaped tables for one fixed period, bar charts, and the de-identified export.

The period is picked as a year plus "whole year / half / quarter" — never free dates. Directors
see exact counts (VIEW_EXACT_COUNTS); every other role sees the protected numbers, the same ones
an export would publish. Export… runs `export_period` in the background with progress and Cancel.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from safehaven.i18n import N_, _
from safehaven.models.period import Period
from safehaven.models.permissions import Permission
from safehaven.services.reports import reports
from safehaven.services.reports.reports import ExportResult, PeriodReport, ReportTable
from safehaven.ui.a11y.fields import enable_with_reason
from safehaven.ui.context import UiContext, failure_text, present
from safehaven.ui.pages import PageWidget
from safehaven.ui.reports.widgets import BarChart, ReportTableModel
from safehaven.ui.widgets import file_dialogs
from safehaven.ui.widgets.banner import Banner
from safehaven.ui.widgets.message_line import message_slot

PARTS: tuple[tuple[str, str, int], ...] = (
    (N_("Whole year"), "year", 1),
    (N_("First half (January–June)"), "half", 1),
    (N_("Second half (July–December)"), "half", 2),
    (N_("First quarter"), "quarter", 1),
    (N_("Second quarter"), "quarter", 2),
    (N_("Third quarter"), "quarter", 3),
    (N_("Fourth quarter"), "quarter", 4),
)
FolderChooser = Callable[[QWidget, str], str]


def _choose_folder(parent: QWidget, title: str) -> str:
    return file_dialogs.existing_folder(parent, title)


class ReportsPage(PageWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.ctx = ctx
        self.report: PeriodReport | None = None
        self.choose_folder: FolderChooser = _choose_folder
        self.handle: object | None = None
        self._reading = False  # a report is being prepared
        self._build_ui()
        self._connect_signals()

    def _build_ui(self) -> None:
        self.year = QSpinBox(self)
        self.year.setRange(2000, 2100)
        self.year.setValue(dt.date.today().year)
        self.year.setAccessibleName(_("Year"))
        self.part = QComboBox(self)
        for title, _kind, _index in PARTS:
            self.part.addItem(_(title))
        self.part.setAccessibleName(_("Part of the year"))
        self.show_button = QPushButton(_("&Show"), self)
        self.export_button = QPushButton(_("&Export…"), self)
        self.export_button.setVisible(self.ctx.actor.can(Permission.EXPORT_DEIDENTIFIED))
        enable_with_reason(self.export_button, _("Show a report first; the export is of it."))
        self.table_choice = QComboBox(self)
        self.table_choice.setAccessibleName(_("Table"))
        self.mode = QLabel(self)
        self.message = Banner("info", self)
        self.error = Banner("error", self)
        self.model = ReportTableModel(self)
        self.view = QTableView(self)
        self.view.setTabKeyNavigation(False)  # Tab leaves; arrows move inside
        self.view.setModel(self.model)
        self.view.setAccessibleName(_("Report table"))
        self.view.verticalHeader().setVisible(True)
        self.chart = BarChart(self)
        chart_area = QScrollArea(self)
        chart_area.setWidgetResizable(True)
        chart_area.setFrameShape(QFrame.Shape.NoFrame)
        chart_area.setWidget(self.chart)
        bar = QHBoxLayout()
        year_label = QLabel(_("&Year:"), self)
        year_label.setBuddy(self.year)
        part_label = QLabel(_("&Period:"), self)
        part_label.setBuddy(self.part)
        for w in (year_label, self.year, part_label, self.part, self.show_button):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.export_button)
        table_label = QLabel(_("&Table:"), self)
        table_label.setBuddy(self.table_choice)
        chooser = QHBoxLayout()
        chooser.addWidget(table_label)
        chooser.addWidget(self.table_choice, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.mode)
        layout.addWidget(message_slot(self, self.message, self.error))
        layout.addLayout(chooser)
        body = QHBoxLayout()
        body.addWidget(self.view, 3)
        body.addWidget(chart_area, 2)
        layout.addLayout(body, 1)

    def _connect_signals(self) -> None:
        self.show_button.clicked.connect(self.show_report)
        self.export_button.clicked.connect(self.export)
        self.table_choice.currentIndexChanged.connect(self._on_table_choice_changed)

    # -- period ------------------------------------------------------------------------------

    def period(self) -> Period:
        _title, kind, index = PARTS[max(self.part.currentIndex(), 0)]
        return Period(self.year.value(), kind, index)

    def set_period(self, period: Period) -> None:
        self.year.setValue(period.year)
        for i, (_title, kind, index) in enumerate(PARTS):
            if (kind, index) == (period.kind, period.index):
                self.part.setCurrentIndex(i)

    # -- showing -----------------------------------------------------------------------------

    def refresh(self) -> None:
        """The first time the page is shown (and after a lock): this year's report at once, read
        in the background; later the user picks another period and presses Show."""
        if self.report is None and not self._reading:
            self.show_report()

    def clear(self) -> None:
        self.report = None
        self.model.set_table(None)
        self.chart.set_table(None)
        self.table_choice.clear()
        self.message.clear_message()
        self.error.clear_message()
        self.mode.setText("")
        enable_with_reason(self.export_button, _("Show a report first; the export is of it."))

    def show_report(self) -> None:
        self.clear()
        actor, vault, period = self.ctx.actor, self.ctx.vault, self.period()

        def job(progress: Callable[[int, int], None], is_cancelled: Callable[[], bool]) -> object:
            with vault.session() as session:
                return reports.build_period_report(
                    session,
                    actor=actor,
                    period=period,
                    progress=progress,
                    is_cancelled=is_cancelled,
                )

        self._reading = True
        self.handle = self.ctx.runner.run(
            job,
            title=_("Preparing the report…"),
            parent=self,
            on_done=self._on_report_done,
            on_error=self._on_report_failed,
        )

    def _on_report_failed(self, exc: BaseException) -> None:
        self._reading = False
        present(self.error, failure_text(exc))

    def _on_report_done(self, result: object) -> None:
        self._reading = False
        if not isinstance(result, PeriodReport):
            return
        self.report = result
        enable_with_reason(self.export_button, "")
        if result.exact:
            text = _(
                "Exact counts for {period} — only your role sees these. Exports always "
                "contain the protected numbers."
            )
            self.mode.setText(text.format(period=result.period))
        else:
            self.mode.setText(
                _(
                    "Protected numbers for {period}: a dash marks a number hidden to "
                    "protect clients."
                ).format(period=result.period)
            )
        if result.too_few_clients:
            self.message.show_message(
                _(
                    "Too few clients for this period to show statistics safely. Choose a longer "
                    "period."
                )
            )
            return
        self.table_choice.blockSignals(True)
        for table in result.tables:
            self.table_choice.addItem(f"{table.id} · {_(table.title)}", table.id)
        self.table_choice.blockSignals(False)
        self.table_choice.setCurrentIndex(0)
        self._on_table_choice_changed(0)

    def current_table(self) -> ReportTable | None:
        if self.report is None or self.table_choice.currentIndex() < 0:
            return None
        wanted = self.table_choice.currentData()
        return next((t for t in self.report.tables if t.id == wanted), None)

    def _on_table_choice_changed(self, _index: int) -> None:
        table = self.current_table()
        self.model.set_table(table)
        self.chart.set_table(table)
        self.view.resizeColumnsToContents()

    # -- export ------------------------------------------------------------------------------

    def export(self) -> None:
        folder = self.choose_folder(self, _("Choose an empty folder for the export"))
        if not folder:
            return
        self.message.clear_message()
        self.error.clear_message()
        actor, vault, period = self.ctx.actor, self.ctx.vault, self.period()

        def job(progress: Callable[[int, int], None], is_cancelled: Callable[[], bool]) -> object:
            with vault.session() as session:
                return reports.export_period(
                    session,
                    actor=actor,
                    period=period,
                    out_dir=Path(folder),
                    progress=progress,
                    is_cancelled=is_cancelled,
                    head_signer=vault.sign_audit_head,
                )

        self.handle = self.ctx.runner.run(
            job,
            title=_("Exporting and checking privacy…"),
            parent=self,
            writes=True,
            on_done=self._on_export_done,
            on_error=lambda exc: present(self.error, failure_text(exc)),
        )

    def _on_export_done(self, result: object) -> None:
        if not isinstance(result, ExportResult):
            return
        self.message.show_message(
            _(
                "Export for {period} written to {folder}. {hidden} small numbers were hidden and "
                "{more} more to protect them; the privacy check passed."
            ).format(
                period=result.period,
                folder=result.folder,
                hidden=result.primary_suppressed,
                more=result.complementary_suppressed + result.diversity_suppressed,
            )
        )
