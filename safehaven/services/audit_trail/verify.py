"""`audit verify` in full: the chain, every recorded head, and the append-only triggers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from safehaven.models.permissions import Permission
from safehaven.services.access import require
from safehaven.services.actor import Actor
from safehaven.services.audit import ChainReport, verify_chain
from safehaven.services.audit_trail.heads import HeadReport, compare_heads
from safehaven.services.audit_trail.triggers import missing_triggers, restore_triggers
from safehaven.storage.vault import OpenVault


@dataclass(frozen=True)
class AuditVerdict:
    chain: ChainReport
    heads: HeadReport
    triggers_restored: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return self.chain.ok and self.heads.ok and not self.triggers_restored

    def problems(self) -> tuple[str, ...]:
        """Codes, e.g. `audit:edited@12`, `audit_head:shortened@40:backup.shbackup`."""
        out = []
        if not self.chain.ok:
            out.append(f"audit:{self.chain.problem}@{self.chain.first_broken_id}")
        out += [f"audit_head:{f.problem}@{f.seq}:{f.source}" for f in self.heads.findings]
        if self.heads.head_file in ("damaged", "unauthenticated"):
            out.append(f"audit_head_file:{self.heads.head_file}")
        out += [f"audit_trigger_restored:{name}" for name in self.triggers_restored]
        return tuple(out)


def verify_audit(
    vault: OpenVault,
    *,
    actor: Actor,
    extra: tuple[Path, ...] = (),
    progress: Callable[[int, int], None] | None = None,
) -> AuditVerdict:
    """Walk the chain, compare it with every recorded head, and put back missing triggers
    (audited). Reports; never changes an existing audit row."""
    require(actor, Permission.VERIFY_AUDIT)
    with vault.session() as session:
        chain = verify_chain(session, actor=actor, progress=progress)
        heads = compare_heads(session, data_key=vault.data_key, folder=vault.folder, extra=extra)
        missing = missing_triggers(session)
    if missing:
        with vault.session() as session:
            restore_triggers(session, actor=actor, names=missing)
    return AuditVerdict(chain, heads, missing)
