"""Roles and the permission matrix: data in one place (docs/architecture.md).

Services check these; the UI only hides what a role cannot do. A user may hold several roles and
gets the union of their permissions.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class Role(StrEnum):
    INTAKE = "intake"
    CASEWORKER = "caseworker"
    SUPERVISOR = "supervisor"
    DIRECTOR = "director"
    ADMIN = "admin"


class Permission(StrEnum):
    VIEW_CASE_LIST = "view_case_list"
    REGISTER_CLIENT = "register_client"
    READ_CLIENT = "read_client"  # open a case page (scope rules in services/access.py)
    EDIT_CLIENT = "edit_client"
    READ_ALL_CLIENTS = "read_all_clients"  # not limited to assigned / own intake cases
    VIEW_LEGAL_NAME = "view_legal_name"  # legal name, date of birth, contact details
    RUN_INTAKE = "run_intake"
    MANAGE_CONSENT = "manage_consent"
    MANAGE_NOTES = "manage_notes"  # case notes: caseworker and supervisor only
    MANAGE_REFERRALS = "manage_referrals"
    OVERRIDE_CONSENT = "override_consent"
    PRINT_LETTER = "print_letter"
    VIEW_DIRECTORY = "view_directory"
    MANAGE_DIRECTORY = "manage_directory"
    MANAGE_REUNIFICATION = "manage_reunification"
    APPROVE_REUNIFICATION = "approve_reunification"
    MANAGE_EMPLOYMENT = "manage_employment"
    MANAGE_EMPLOYERS = "manage_employers"
    VIEW_TASKS = "view_tasks"
    VIEW_REPORTS = "view_reports"
    VIEW_EXACT_COUNTS = "view_exact_counts"
    EXPORT_DEIDENTIFIED = "export_deidentified"
    MANAGE_USERS = "manage_users"
    MANAGE_SETTINGS = "manage_settings"
    BACKUP = "backup"
    RESTORE = "restore"
    ROTATE_KEY = "rotate_key"
    ERASE_CLIENT = "erase_client"
    VERIFY_AUDIT = "verify_audit"
    RUN_SCREENING = "run_screening"  # indicator screening and response protocols on a case
    VIEW_TRAINING = "view_training"  # the staff training list (who is due)
    MANAGE_TRAINING = "manage_training"  # record staff training and supervisors
    # use the organization's secret exchange keys: sign and send packages, open received files,
    # answer them (an office server grants the key columns to exactly these roles' groups)
    USE_EXCHANGE_KEYS = "use_exchange_keys"


P = Permission

_CASEWORK = {
    P.VIEW_CASE_LIST,
    P.REGISTER_CLIENT,
    P.READ_CLIENT,
    P.EDIT_CLIENT,
    P.VIEW_LEGAL_NAME,
    P.RUN_INTAKE,
    P.MANAGE_CONSENT,
    P.MANAGE_NOTES,
    P.MANAGE_REFERRALS,
    P.PRINT_LETTER,
    P.VIEW_DIRECTORY,
    P.MANAGE_REUNIFICATION,
    P.MANAGE_EMPLOYMENT,
    P.MANAGE_EMPLOYERS,
    P.VIEW_TASKS,
    P.RUN_SCREENING,
    P.USE_EXCHANGE_KEYS,
}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.INTAKE: frozenset(
        {
            P.VIEW_CASE_LIST,
            P.REGISTER_CLIENT,
            P.READ_CLIENT,
            P.EDIT_CLIENT,
            P.RUN_INTAKE,
            P.MANAGE_CONSENT,
            P.VIEW_DIRECTORY,
            P.VIEW_TASKS,
            P.RUN_SCREENING,
        }
    ),
    Role.CASEWORKER: frozenset(_CASEWORK),
    Role.SUPERVISOR: frozenset(
        _CASEWORK
        | {P.READ_ALL_CLIENTS, P.OVERRIDE_CONSENT, P.APPROVE_REUNIFICATION, P.VERIFY_AUDIT}
        | {P.VIEW_TRAINING}
    ),
    Role.DIRECTOR: frozenset(
        {P.VIEW_REPORTS, P.VIEW_EXACT_COUNTS, P.EXPORT_DEIDENTIFIED, P.VIEW_DIRECTORY}
    ),
    Role.ADMIN: frozenset(
        {
            P.MANAGE_USERS,
            P.MANAGE_SETTINGS,
            P.MANAGE_DIRECTORY,
            P.VIEW_DIRECTORY,
            P.BACKUP,
            P.RESTORE,
            P.ROTATE_KEY,
            P.ERASE_CLIENT,
            P.VERIFY_AUDIT,
            P.EXPORT_DEIDENTIFIED,
            P.VIEW_REPORTS,
            P.VIEW_TRAINING,
            P.MANAGE_TRAINING,
            P.USE_EXCHANGE_KEYS,  # creates the keys and exports the age identity
        }
    ),
}


def permissions_for(roles: Iterable[Role | str]) -> frozenset[Permission]:
    """The union of the permissions of `roles`."""
    result: set[Permission] = set()
    for role in roles:
        result |= ROLE_PERMISSIONS[Role(role)]
    return frozenset(result)


def parse_roles(text: str) -> tuple[Role, ...]:
    """`"caseworker, supervisor"` → roles; raises ValueError naming an unknown role."""
    roles: list[Role] = []
    for part in (p.strip().lower() for p in text.split(",")):
        if not part:
            continue
        try:
            roles.append(Role(part))
        except ValueError:
            raise ValueError(part) from None
    return tuple(dict.fromkeys(roles))
