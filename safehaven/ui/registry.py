"""Where pages and case-page tabs are declared. Each area adds one entry.

Widgets are named by dotted path and imported when first shown, so areas stay independent.
Page protocol: `Page(ctx: UiContext, parent=None)`; optional `refresh()` when shown and `clear()`
on lock (drop every piece of client data). Case tab protocol: `Tab(ctx, client_id, parent=None)`,
optional `refresh()` and `clear()` likewise.
"""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass
from typing import Any

from safehaven.i18n import N_
from safehaven.models.permissions import Permission


@dataclass(frozen=True)
class WidgetSpec:
    key: str
    title: str  # marked with N_(), translated when shown
    permission: Permission
    widget: str  # "package.module:ClassName"
    shortcut: str = ""

    def load(self) -> Any:
        module, _, name = self.widget.partition(":")
        return getattr(importlib.import_module(module), name)


P = Permission

PAGES: list[WidgetSpec] = [
    WidgetSpec("cases", N_("Cases"), P.VIEW_CASE_LIST, "safehaven.ui.case_list_page:CaseListPage",
               "Ctrl+1"),
    WidgetSpec("tasks", N_("Tasks"), P.VIEW_TASKS, "safehaven.ui.tasks_page:TasksPage", "Ctrl+2"),
    WidgetSpec("directory", N_("Directory"), P.VIEW_DIRECTORY,
               "safehaven.ui.directory_page:DirectoryPage", "Ctrl+3"),
    WidgetSpec("reports", N_("Reports"), P.VIEW_REPORTS, "safehaven.ui.reports_page:ReportsPage",
               "Ctrl+4"),
    WidgetSpec("admin", N_("Administration"), P.MANAGE_USERS, "safehaven.ui.admin_page:AdminPage",
               "Ctrl+5"),
    WidgetSpec("employers", N_("Employers"), P.MANAGE_EMPLOYERS,
               "safehaven.ui.employers_page:EmployersPage", "Ctrl+6"),
    WidgetSpec("exchange", N_("Exchange"), P.VIEW_DIRECTORY,
               "safehaven.ui.exchange.exchange_page:ExchangePage", "Ctrl+7"),
]  # fmt: skip

CASE_TABS: list[WidgetSpec] = [
    WidgetSpec("profile", N_("Profile"), P.READ_CLIENT, "safehaven.ui.profile_tab:ProfileTab"),
    WidgetSpec("history", N_("History"), P.READ_CLIENT, "safehaven.ui.history_tab:HistoryTab"),
    WidgetSpec("intake", N_("Intake"), P.RUN_INTAKE, "safehaven.ui.intake_tab:IntakeTab"),
    WidgetSpec("consent", N_("Consent"), P.MANAGE_CONSENT, "safehaven.ui.consent_tab:ConsentTab"),
    WidgetSpec("notes", N_("Notes"), P.MANAGE_NOTES, "safehaven.ui.notes_tab:NotesTab"),
    WidgetSpec(
        "referrals", N_("Referrals"), P.MANAGE_REFERRALS, "safehaven.ui.referrals_tab:ReferralsTab"
    ),
    WidgetSpec(
        "reunification",
        N_("Reunification"),
        P.MANAGE_REUNIFICATION,
        "safehaven.ui.reunification_tab:ReunificationTab",
    ),
    WidgetSpec(
        "employment",
        N_("Employment"),
        P.MANAGE_EMPLOYMENT,
        "safehaven.ui.employment_tab:EmploymentTab",
    ),
]


def available(specs: list[WidgetSpec], permissions: frozenset[Permission]) -> list[WidgetSpec]:
    """The entries the actor may see whose widget module exists."""
    out = []
    for spec in specs:
        if spec.permission not in permissions:
            continue
        module = spec.widget.partition(":")[0]
        if importlib.util.find_spec(module) is None:
            continue
        out.append(spec)
    return out
