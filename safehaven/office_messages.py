"""Human sentences for office-mode failures (registered in messages.MESSAGES)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.orm.exc import StaleDataError

from safehaven.i18n import N_, _
from safehaven.services.office.accounts import WeakOfficePassword
from safehaven.storage.postgres import errors as o

SETUP_REASONS: dict[str, str] = {
    "database_not_empty": N_(
        "The database is not empty; office init and restore need an empty one."
    ),
    "server_too_old": N_("The server runs a PostgreSQL older than 15; upgrade it first."),
    "login_exists": N_("A database login with that name already exists."),
    "bad_login_name": N_(
        "Use lower-case letters, digits, dots, dashes or underscores for the name."
    ),
    "backup_unreadable": N_("The backup cannot be read with this recovery key."),
    "backup_on_server": N_("Office backups are made on the server with: safehaven office backup"),
    "restore_counts_differ": N_("The restored database does not hold the rows of the backup."),
    "audit_chain_broken": N_(
        "The audit chain does not verify, so nothing was moved; run the audit check first."
    ),
    "export_counts_differ": N_(
        "The new vault does not hold every row of the office database; it was removed."
    ),
    "reports_for_directors": N_(
        "On the office server, reports and exports are made by a director or a supervisor."
    ),
    "bad_profile": N_(
        "This connection profile cannot be read; ask your administrator for a new one."
    ),
    "restricted_unreadable": N_(
        "Some restricted fields of the vault cannot be read with this account; sign in as an "
        "administrator whose key slot holds the restricted key (rotate the key first)."
    ),
}


def _unavailable(exc: o.OfficeUnavailable) -> str:
    if exc.reason == "tls":
        return _(
            "The office server did not prove itself with the office certificate, so SafeHaven "
            "did not connect."
        )
    if exc.reason == "weak_auth":
        return _(
            "The office server did not sign this login in with SCRAM-SHA-256 over TLS, so "
            "SafeHaven did not send the password on. Its administrator must set the method to "
            "scram-sha-256 in pg_hba.conf."
        )
    if exc.reason == "server_too_old":
        return _("The office server runs a PostgreSQL older than 15; SafeHaven needs 15 or later.")
    return _(
        "The office server cannot be reached; your unsaved text stays on screen and SafeHaven "
        "keeps trying."
    )


MESSAGES: dict[type[BaseException], Callable[[Any], str]] = {
    o.OfficeUnavailable: _unavailable,
    o.OfficeLoginRefused: lambda exc: _(
        "The office server refused this name and password (or the login is disabled)."
    ),
    WeakOfficePassword: lambda exc: _(
        "This password is too easy to guess; choose a longer one, for example a few unrelated "
        "words."
    ),
    StaleDataError: lambda exc: _(
        "Someone else saved this record after you opened it. It was reloaded; enter your "
        "changes again."
    ),
    o.OfficeSetupFailed: lambda exc: _(
        SETUP_REASONS.get(exc.reason, "The office database cannot be set up ({reason}).")
    ).format(reason=exc.reason),
}
