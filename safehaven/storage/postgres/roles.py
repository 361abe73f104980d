"""Role names of an office database and the rules for staff login names."""

from __future__ import annotations

import re
from collections.abc import Iterator

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


def function_for(signature: str, callers: str, owner: str = OWNER) -> Iterator[str]:
    """A function that runs with `owner`'s rights (security definer), callable only by the
    roles named in `callers` (already quoted, comma-separated)."""
    yield f'ALTER FUNCTION {signature} OWNER TO "{owner}"'
    yield f"REVOKE ALL ON FUNCTION {signature} FROM PUBLIC"
    yield f"GRANT EXECUTE ON FUNCTION {signature} TO {callers}"
