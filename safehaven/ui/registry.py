"""Where pages and case-page tabs are declared. Each area adds one entry.

An entry names the widget class itself (see `ui/pages.py` for what a page and a tab are), so a
missing or misspelt page is an import error when the application starts, not a silent gap.
Page: `PageClass(ctx, parent=None)`; case tab: `TabClass(ctx, client_id, parent=None)`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from safehaven.i18n import N_
from safehaven.models.permissions import Permission, Role
from safehaven.ui.admin.admin_page import AdminPage
from safehaven.ui.cases.case_list_page import CaseListPage
from safehaven.ui.cases.history_tab import HistoryTab
from safehaven.ui.cases.notes_tab import NotesTab
from safehaven.ui.cases.profile_tab import ProfileTab
from safehaven.ui.cases.tasks_page import TasksPage
from safehaven.ui.consent.consent_tab import ConsentTab
from safehaven.ui.directory.directory_page import DirectoryPage
from safehaven.ui.employment.employers_page import EmployersPage
from safehaven.ui.employment.employment_tab import EmploymentTab
from safehaven.ui.exchange.exchange_page import ExchangePage
from safehaven.ui.intake.intake_tab import IntakeTab
from safehaven.ui.pages import CaseTabWidget, PageWidget
from safehaven.ui.referrals.referrals_tab import ReferralsTab
from safehaven.ui.reports.reports_page import ReportsPage
from safehaven.ui.reunification.reunification_tab import ReunificationTab
from safehaven.ui.screening.tab import ScreeningTab
from safehaven.ui.screening.training_page import TrainingPage

W = TypeVar("W", PageWidget, CaseTabWidget)


BOTH_STORES = frozenset({"vault", "office"})
VAULT_ONLY = frozenset({"vault"})  # needs this laptop's vault (its files, keys or key slots)


@dataclass(frozen=True)
class WidgetSpec(Generic[W]):
    key: str
    title: str  # marked with N_(), translated when shown
    permission: Permission
    widget: type[W]
    shortcut: str = ""
    stores: frozenset[str] = BOTH_STORES  # the store kinds (UiContext.store_kind) it works on


P = Permission

PAGES: list[WidgetSpec[PageWidget]] = [
    WidgetSpec("cases", N_("Cases"), P.VIEW_CASE_LIST, CaseListPage, "Ctrl+1"),
    WidgetSpec("tasks", N_("Tasks"), P.VIEW_TASKS, TasksPage, "Ctrl+2"),
    WidgetSpec("directory", N_("Directory"), P.VIEW_DIRECTORY, DirectoryPage, "Ctrl+3"),
    WidgetSpec("reports", N_("Reports"), P.VIEW_REPORTS, ReportsPage, "Ctrl+4"),
    WidgetSpec("admin", N_("Administration"), P.MANAGE_USERS, AdminPage, "Ctrl+5"),
    WidgetSpec("employers", N_("Employers"), P.MANAGE_EMPLOYERS, EmployersPage, "Ctrl+6"),
    WidgetSpec("training", N_("Training"), P.VIEW_TRAINING, TrainingPage, "Ctrl+7"),
    # On an office server only the roles that may use the organization's secret exchange keys
    # can read them (storage/postgres/security.py); the page shows the others the key card.
    WidgetSpec("exchange", N_("Exchange"), P.VIEW_DIRECTORY, ExchangePage, "Ctrl+8"),
]

CASE_TABS: list[WidgetSpec[CaseTabWidget]] = [
    WidgetSpec("profile", N_("Profile"), P.READ_CLIENT, ProfileTab),
    WidgetSpec("history", N_("History"), P.READ_CLIENT, HistoryTab),
    WidgetSpec("intake", N_("Intake"), P.RUN_INTAKE, IntakeTab),
    WidgetSpec("consent", N_("Consent"), P.MANAGE_CONSENT, ConsentTab),
    WidgetSpec("notes", N_("Notes"), P.MANAGE_NOTES, NotesTab),
    WidgetSpec("referrals", N_("Referrals"), P.MANAGE_REFERRALS, ReferralsTab),
    WidgetSpec("reunification", N_("Reunification"), P.MANAGE_REUNIFICATION, ReunificationTab),
    WidgetSpec("employment", N_("Employment"), P.MANAGE_EMPLOYMENT, EmploymentTab),
    WidgetSpec("screening", N_("Screening"), P.RUN_SCREENING, ScreeningTab),
]


def available(
    specs: list[WidgetSpec[W]], permissions: frozenset[Permission], store_kind: str = "vault"
) -> list[WidgetSpec[W]]:
    """The entries the actor may see on this kind of store."""
    return [s for s in specs if s.permission in permissions and store_kind in s.stores]


# The page a role starts on, in this order: whoever works on cases starts on Cases.
FIRST_PAGES: tuple[tuple[str, Role | None], ...] = (
    ("cases", None),
    ("reports", Role.DIRECTOR),
    ("admin", Role.ADMIN),
)


def first_page(keys: list[str], roles: frozenset[Role]) -> str:
    """The page to open after sign-in among `keys` (the pages the actor may see): Cases for
    anyone with case work, Reports for a director, Administration for an administrator."""
    for key, role in FIRST_PAGES:
        if key in keys and (role is None or role in roles):
            return key
    return keys[0] if keys else ""
