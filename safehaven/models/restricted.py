"""Restricted fields: the columns kept under the restricted key (docs/vault-format.md).

A value in one of these columns is readable only by a session that holds the restricted key,
which is wrapped only into the key slots of accounts whose roles may hold it.
"""

from __future__ import annotations

from collections.abc import Iterable

from safehaven.models.permissions import Permission, Role, permissions_for

# table → columns sealed per value (AES-256-GCM, associated data = table, column, row id)
RESTRICTED_COLUMNS: dict[str, tuple[str, ...]] = {
    "client": ("legal_name", "date_of_birth", "phone", "email", "address", "safe_contact"),
    "family_contact": ("name", "location", "address", "phone", "contact_notes"),
    "note": ("text",),  # case notes (MANAGE_NOTES: caseworker and supervisor)
    # the organization's secret exchange keys: only holders of R sign, send and open packages
    "exchange_identity": ("signing_seed", "age_identity"),
}

# (table, JSON column) → members sealed one by one inside the JSON object; each member's
# associated data names the column as `column.member` (a referral received from a partner
# keeps the shared fields other than these in clear, under the data key only).
RESTRICTED_MEMBERS: dict[tuple[str, str], tuple[str, ...]] = {
    ("incoming_referral", "shared_fields"): RESTRICTED_COLUMNS["client"],
}

# Roles that read restricted fields, and the administrator, who wraps the key into the slots of
# new accounts (services still refuse administrators the reads: they lack VIEW_LEGAL_NAME).
READ_PERMISSION = Permission.VIEW_LEGAL_NAME


def holds_restricted_key(roles: Iterable[Role | str]) -> bool:
    """Whether an account with `roles` gets the restricted key in its key slot."""
    roles = tuple(roles)
    return READ_PERMISSION in permissions_for(roles) or Role.ADMIN in {Role(r) for r in roles}
