"""`safehaven check`: key-less file checks; with --user the full checks; always a way forward."""

from __future__ import annotations

import argparse

from safehaven.cli.audit_report import report_keyless_heads
from safehaven.cli.common import CliError, data_dir, signed_in_user
from safehaven.services.keys import orphans as _orphans  # noqa: F401 - adds the slot check
from safehaven.services.vault_ops.health import check_vault
from safehaven.storage.check import FileCheck, check_vault_files

ADVICE = {
    "keyslots_missing": "keyslots.json is missing",
    "keyslots_damaged": "keyslots.json is damaged",
    "db_missing": "the database file is missing",
    "db_not_encrypted": "the database is NOT encrypted",
    "db_truncated": "the database file is truncated",
    "no_recovery_slot": "there is no recovery key slot",
}


def run_check_command(args: argparse.Namespace) -> int:
    report = check_vault_files(data_dir(args))
    if not report.ok:
        problems = ", ".join(ADVICE.get(p, p) for p in report.problems)
        raise CliError(f"vault check failed: {problems}. {way_forward(report)}")
    print(
        f"ok: database {report.db_bytes} bytes, encrypted; {report.user_slots} account "
        f"slot(s), {report.recovery_slots} recovery slot(s)"
    )
    report_keyless_heads(data_dir(args))
    if args.user:
        with signed_in_user(args) as signed:
            health = check_vault(signed.vault, actor=signed.actor)
        if not health.ok:
            raise CliError(
                "vault check failed: " + "; ".join(health.problems[:3]) + ". " + way_forward(report)
            )
        print(f"ok: integrity and page checksums; audit chain of {health.audit_events} events")
    return 0


def way_forward(report: FileCheck) -> str:
    """One sentence: what to do next (nothing here ever overwrites the damaged files)."""
    slots_bad = {"keyslots_missing", "keyslots_damaged"} & set(report.problems)
    if slots_bad and report.keyslots_backup_ok:
        return (
            "Rebuild the key file with: safehaven repair-keyslots --data-dir DIR --user ADMIN "
            "(or --recovery-key-file FILE)"
        )
    if report.latest_backup is not None:
        return (
            f"Restore the latest backup into a new folder: safehaven restore "
            f"{report.latest_backup} --data-dir NEW_FOLDER"
        )
    return "Restore your latest backup (e.g. from a USB stick) with: safehaven restore FILE"
