"""Sentences the windows show: the shared `safehaven.messages` plus UI-only wording."""

from __future__ import annotations

import logging

from safehaven.i18n import N_, _
from safehaven.messages import PASSWORD_REASONS, describe, field_error, is_expected
from safehaven.models.permissions import Role
from safehaven.services.reunification.records import ChecksNotMet
from safehaven.ui.reunification.labels import checks_text

log = logging.getLogger(__name__)

ROLE_NAMES: dict[Role, str] = {
    Role.INTAKE: N_("Intake"),
    Role.CASEWORKER: N_("Caseworker"),
    Role.SUPERVISOR: N_("Supervisor"),
    Role.DIRECTOR: N_("Program director"),
    Role.ADMIN: N_("Administrator"),
}


def role_name(role: Role | str) -> str:
    return _(ROLE_NAMES.get(Role(role), str(role)))


def role_list(roles: tuple[Role, ...]) -> str:
    return ", ".join(role_name(r) for r in roles)


def label(table: dict[str, str], code: str | None) -> str:
    """The translated word for a stored code (an unknown code is shown as it is)."""
    if code is None:
        return ""
    return _(table[code]) if code in table else code


def password_reason(code: str) -> str:
    return _(PASSWORD_REASONS.get(code, "The password is too weak."))


def explain(exc: BaseException) -> str:
    """A translated sentence for any failure; unexpected ones are logged (type only)."""
    if isinstance(exc, ChecksNotMet):
        return checks_text(exc.reasons)
    if is_expected(exc):
        return describe(exc)
    log.error("unexpected failure in the window: %s", type(exc).__name__)
    return _("Something went wrong ({kind}). Details are in the log file.").format(
        kind=type(exc).__name__
    )


__all__ = [
    "ROLE_NAMES",
    "describe",
    "explain",
    "field_error",
    "is_expected",
    "label",
    "password_reason",
    "role_list",
    "role_name",
]
