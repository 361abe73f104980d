"""What the Screening tab shows beside a screening: the earlier screenings of the case, and the
banners of the open one (the staff's training, a disclosure, a pause)."""

from __future__ import annotations

from PySide6.QtWidgets import QTableView, QWidget

from safehaven.i18n import N_, _
from safehaven.services.screening.bank import load_screening_bank
from safehaven.services.screening.rows import ScreeningRow, ScreeningSummary
from safehaven.ui.models.record_table import RecordTableModel, TableColumn
from safehaven.ui.screening.labels import (
    COURSES,
    DOMAINS,
    FORMS,
    NOTICES,
    OUTCOMES,
    STATUSES,
    label,
)
from safehaven.ui.widgets.banner import Banner
from safehaven.ui.widgets.dates import date_text

HISTORY_COLUMNS: list[TableColumn[ScreeningSummary]] = [
    TableColumn(N_("Started"), lambda r: date_text(r.started_at)),
    TableColumn(N_("Form"), lambda r: label(FORMS, r.form)),
    TableColumn(N_("Outcome"), lambda r: label(OUTCOMES, r.outcome) or label(STATUSES, r.status)),
    TableColumn(
        N_("Domains noted"), lambda r: ", ".join(label(DOMAINS, d) for d in r.domains_noted)
    ),
]


def history_view(model: RecordTableModel[ScreeningSummary], parent: QWidget) -> QTableView:
    view = QTableView(parent)
    view.setTabKeyNavigation(False)  # Tab leaves; arrows move inside
    view.setModel(model)
    view.setAccessibleName(_("Earlier screenings"))
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setStretchLastSection(True)
    return view


def show_banners(training: Banner, disclosure: Banner, row: ScreeningRow | None) -> None:
    """The training notice for the staff member, and what to do after a disclosure or a pause."""
    if row is not None and row.training_notice in NOTICES:
        bank = load_screening_bank(row.form, row.bank_version)
        course = label(COURSES, bank.training)
        training.show_message(_(NOTICES[row.training_notice]).format(course=course))
    else:
        training.clear_message()
    if row is not None and row.disclosure:
        disclosure.show_message(
            _(
                "A disclosure was recorded. Stop the interview now and follow the first step "
                "of the protocol below: report as your jurisdiction requires."
            )
        )
    elif row is not None and row.status == "paused":
        disclosure.show_message(
            _("This screening is paused. Press Resume to continue where it stopped.")
        )
    else:
        disclosure.clear_message()
