"""Full health check of an unlocked vault: both integrity pragmas and the audit chain."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from safehaven.models.permissions import Permission
from safehaven.services.access import require
from safehaven.services.actor import Actor
from safehaven.services.audit_trail.verify import verify_audit
from safehaven.services.vault_ops.orphan_slots import find_orphan_slots
from safehaven.storage.vault import OpenVault


@dataclass(frozen=True)
class HealthReport:
    integrity_ok: bool
    cipher_ok: bool
    audit_ok: bool
    audit_events: int
    problems: tuple[str, ...]
    orphan_slots: int = 0  # account key slots that no active account owns

    @property
    def ok(self) -> bool:
        return self.integrity_ok and self.cipher_ok and self.audit_ok and not self.orphan_slots


def check_vault(
    vault: OpenVault,
    *,
    actor: Actor,
    progress: Callable[[int, int], None] = lambda done, total: None,
    is_cancelled: Callable[[], bool] = lambda: False,
) -> HealthReport:
    """`integrity_check` + `cipher_integrity_check` on the live database, then the audit chain,
    its recorded heads and its append-only triggers (put back when missing, audited)."""
    require(actor, Permission.VERIFY_AUDIT)
    with vault.engine.connect() as conn:
        rows = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check")]
        cipher = [str(r[0]) for r in conn.exec_driver_sql("PRAGMA cipher_integrity_check")]
    integrity_ok = rows == ["ok"]
    problems = ([] if integrity_ok else [str(r) for r in rows[:5]]) + cipher[:5]
    verdict = verify_audit(vault, actor=actor, progress=progress)
    problems += verdict.problems()
    orphans = find_orphan_slots(vault)
    if orphans:
        problems.append(f"orphan key slots:{len(orphans)} (safehaven orphan-slots --remove)")
    return HealthReport(
        integrity_ok, not cipher, verdict.ok, verdict.chain.checked, tuple(problems), len(orphans)
    )
