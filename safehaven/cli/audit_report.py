"""Sentences for `audit verify` and `check`: what the chain and its recorded heads show."""

from __future__ import annotations

from pathlib import Path

from safehaven.cli.common import CliError
from safehaven.i18n import N_, _
from safehaven.services.audit_trail.heads import keyless_heads
from safehaven.services.audit_trail.verify import AuditVerdict

PROBLEMS = {
    "shortened": N_(
        "the audit chain is shorter than the head recorded in {source} (event {seq}): "
        "events were deleted"
    ),
    "rewritten": N_(
        "audit event {seq} differs from the head recorded in {source}: the chain was rewritten"
    ),
    "untrusted": N_(
        "{source} was damaged or not written with this vault's key when the vault was last unlocked"
    ),
}


def describe_verdict(verdict: AuditVerdict) -> list[str]:
    """One line per finding, then what was compared."""
    lines = [
        _(PROBLEMS[f.problem]).format(source=f.source, seq=f.seq) for f in verdict.heads.findings
    ]
    if verdict.heads.head_file == "damaged":
        lines.append(_("the head file audit-head.json is damaged"))
    if verdict.heads.head_file == "unauthenticated":
        lines.append(_("the head file audit-head.json was not written with this vault's key"))
    for name in verdict.triggers_restored:
        lines.append(
            _("the append-only trigger {name} was missing; it has been put back").format(name=name)
        )
    heads = verdict.heads
    lines.append(
        _(
            "{compared} recorded head(s) compared; {skipped} not comparable "
            "({unauth} from another key, {before} from before the last restore, {none} without "
            "a head)"
        ).format(
            compared=heads.compared,
            skipped=heads.unauthenticated + heads.before_restore + heads.without_head,
            unauth=heads.unauthenticated,
            before=heads.before_restore,
            none=heads.without_head,
        )
    )
    return lines


def verdict_summary(verdict: AuditVerdict) -> str:
    chain = verdict.chain
    if not chain.ok:
        return _(
            "audit chain broken at event {event} ({problem}); {checked} events before it are intact"
        ).format(event=chain.first_broken_id, problem=chain.problem, checked=chain.checked)
    if verdict.heads.findings:
        return _(
            "audit trail NOT intact: {count} recorded head(s) show a shorter or rewritten chain"
        ).format(count=len(verdict.heads.findings))
    if verdict.heads.head_file in ("damaged", "unauthenticated"):
        return _("audit trail NOT intact: the head file cannot be trusted")
    return _("audit trail NOT intact: append-only protection had been removed (now restored)")


def ok_line(verdict: AuditVerdict) -> str:
    return _("ok: {count} audit events, chain intact").format(count=verdict.chain.checked)


def report_keyless_heads(folder: Path) -> None:
    """Print what the recorded heads show without the key; CliError when they disagree."""
    found = keyless_heads(folder)
    if found.head_file == "damaged":
        raise CliError(_("vault check failed: the audit head file audit-head.json is damaged"))
    if found.held:
        raise CliError(
            _(
                "vault check failed: {name} holds an audit head the chain did not reach at the "
                "last unlock (events deleted or rewritten). Run: safehaven audit verify"
            ).format(name=found.held[0])
        )
    if found.ahead_of_head_file:
        raise CliError(
            _(
                "vault check failed: backup {source} recorded a longer audit chain than the head "
                "file; the database or the head file was rolled back. Run: safehaven audit verify"
            ).format(source=found.ahead_of_head_file[0])
        )
    where = (
        _("head file at event {seq}").format(seq=found.head_seq)
        if found.head_seq is not None
        else _("no head file yet")
    )
    print(
        _(
            "audit heads: {where}, {count} backup head(s) consistent with it; without the key "
            "the chain itself cannot be read nor the heads authenticated (use --user)"
        ).format(where=where, count=found.backups_with_head)
    )
