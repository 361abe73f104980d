"""`office_load.py --explain`: the plans of one round's statements under a staff login's rules.

One round of the staff loop runs as a caseworker and as a supervisor, each signed in with their
own login (so row-level security applies), with every statement the services send recorded.
Each recorded SELECT and UPDATE then runs again under `EXPLAIN (ANALYZE, BUFFERS)` in a
transaction that is rolled back; the plan, its time and its buffers are printed.
"""

from __future__ import annotations

import time
from typing import Any

from office_staff import StaffPlan, run_staff
from sqlalchemy import event

from safehaven.models.permissions import Role
from safehaven.storage.postgres.profile import ConnectionProfile
from safehaven.storage.stores.office_store import open_office


def explain_round(profile: ConnectionProfile, plans: list[StaffPlan], password: str) -> None:
    caseworker = next(p for p in plans if not p.actor.has_role(Role.SUPERVISOR))
    supervisor = next(p for p in plans if p.actor.has_role(Role.SUPERVISOR))
    _explain_as(profile, caseworker, password, "caseworker")
    _explain_as(profile, supervisor, password, "supervisor")


def _explain_as(profile: ConnectionProfile, plan: StaffPlan, password: str, label: str) -> None:
    store = open_office(profile, plan.actor.username, password)
    seen: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, params: Any, *_rest: Any) -> None:
        if statement.lstrip().upper().startswith(("SELECT", "UPDATE")):
            seen.append((statement, params))

    event.listen(store.engine, "before_cursor_execute", record)
    run_staff(store.session, plan, time.time() + 0.001, seed=1)  # exactly one round
    event.remove(store.engine, "before_cursor_execute", record)
    shown: set[str] = set()
    with store.engine.connect() as conn:
        for statement, params in seen:
            if statement in shown:
                continue
            shown.add(statement)
            rows = conn.exec_driver_sql("EXPLAIN (ANALYZE, BUFFERS) " + statement, params)
            print(f"-- explain as {label}: " + " ".join(statement.split())[:300])
            for (line,) in rows:
                print("   " + line)
            conn.rollback()
    store.close()
