"""Role names of an office database and the rules for staff login names."""

from __future__ import annotations

import re

from safehaven.models.permissions import Role

OWNER = "sh_owner"  # NOLOGIN, not superuser, not BYPASSRLS: owns the schema, runs migrations
ROLEMAKER = "sh_rolemaker"  # NOLOGIN + CREATEROLE, used only by the staff-login functions
STAFF = "sh_staff"  # every staff group is a member: CONNECT, USAGE, shared tables
EXCHANGE = "sh_exchange"  # may read the organization's secret exchange keys (a column grant)
CASE_GROUPS = ("sh_intake", "sh_caseworker", "sh_supervisor")  # the groups that see cases

LOGIN_NAME = re.compile(r"^[a-z][a-z0-9_.-]{0,62}$")
RESERVED_PREFIXES = ("sh_", "pg_")


def group_for(role: Role | str) -> str:
    return "sh_" + Role(role).value


ALL_GROUPS = tuple(group_for(r) for r in Role)


def valid_login_name(name: str) -> bool:
    """Lower-case letters, digits, `_ . -`; not a reserved name (the server checks it too)."""
    return (
        bool(LOGIN_NAME.match(name))
        and not name.startswith(RESERVED_PREFIXES)
        and (name != "postgres")
    )
