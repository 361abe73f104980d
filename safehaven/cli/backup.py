"""`backup`, `backup verify`, `restore`, `rotate-key`, `erase`, `retention`, `repair-keyslots`."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from safehaven.cli.arguments import (
    backup_target,
    env_text,
    existing_file,
    new_file_path,
    read_secret_file,
    record_id,
)
from safehaven.cli.common import (
    CliError,
    add_data_dir,
    add_user,
    data_dir,
    open_as_user,
    signed_in_user,
)
from safehaven.cli.common import read_password as _read_password
from safehaven.services.vault_ops import backups, erasure
from safehaven.services.vault_ops.key_rotation import rotate_key
from safehaven.services.vault_ops.repair import repair_keyslots
from safehaven.storage.backup import SUFFIX
from safehaven.storage.files import write_atomic

RECOVERY_ENV = "SAFEHAVEN_RECOVERY_KEY"


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("backup", help="take an encrypted backup now (or: backup verify FILE)")
    add_data_dir(p)
    p.add_argument("--user", help="the account acting (you)")
    p.add_argument("--password-file", type=Path, help="read your password from this file")
    p.add_argument(
        "--out", type=backup_target, help="backup file or folder (default: the vault's backups/)"
    )
    p.set_defaults(func=run_backup)
    inner = p.add_subparsers(dest="backup_command")
    v = inner.add_parser("verify", help="open a backup file and check it")
    v.add_argument("file", type=existing_file)
    _add_secret(v)
    v.set_defaults(func=run_verify)

    p = sub.add_parser("restore", help="restore a backup into a new data folder")
    p.add_argument("file", type=existing_file)
    add_data_dir(p)
    _add_secret(p)
    p.add_argument(
        "--replace-current",
        action="store_true",
        help="replace the vault in --data-dir (backs it up first; needs --user, --yes)",
    )
    p.add_argument("--yes", action="store_true", help="confirm replacing the current vault")
    p.set_defaults(func=run_restore)

    p = sub.add_parser("rotate-key", help="re-encrypt the vault under a new key (administrator)")
    add_user(p)
    p.add_argument(
        "--recovery-kit", type=new_file_path, required=True, help="write the new kit PDF here"
    )
    p.set_defaults(func=run_rotate)

    p = sub.add_parser("erase", help="erase a client for good (administrator)")
    add_user(p)
    p.add_argument("--client", type=record_id, required=True, help="client id")
    p.add_argument("--reason", choices=erasure.REASONS, default="client_request")
    p.add_argument("--yes", action="store_true", help="confirm the erasure")
    p.set_defaults(func=run_erase)

    p = sub.add_parser("retention", help="list closed cases due for deletion")
    add_user(p)
    p.set_defaults(func=run_retention)

    p = sub.add_parser(
        "repair-keyslots",
        help="rebuild a damaged or missing keyslots.json (administrator or recovery key)",
    )
    add_data_dir(p)
    _add_secret(p)
    p.set_defaults(func=run_repair_keyslots)


def _add_secret(p: argparse.ArgumentParser) -> None:
    p.add_argument("--user", help="open with this account's password (as of the backup)")
    p.add_argument("--password-file", type=Path, help="read the password from this file")
    p.add_argument("--recovery-key-file", type=Path, help="open with the recovery key in FILE")


def _secret(args: argparse.Namespace) -> tuple[str | None, str]:
    if args.user:
        return args.user, _read_password(args)
    if args.recovery_key_file is not None:
        return None, read_secret_file(args.recovery_key_file, what="the recovery key file").strip()
    if (from_env := env_text(RECOVERY_ENV)) is not None:
        return None, from_env
    raise CliError("give --user NAME (with a password) or --recovery-key-file FILE")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def run_backup(args: argparse.Namespace) -> int:
    if not args.user:
        raise CliError("backup needs --user NAME (or: safehaven backup verify FILE)")
    with signed_in_user(args) as signed:
        out: Path | None = args.out
        folder = out.parent if out is not None and out.suffix == SUFFIX else out
        info = backups.create_backup(signed.vault, actor=signed.actor, now=_now(), folder=folder)
        if out is not None and out.suffix == SUFFIX and info.path != out:
            if out.exists():
                raise CliError(f"{out} exists; choose another name")
            Path(info.path).replace(out)
            info = backups.BackupInfo(out, info.kind, info.created_at, info.size_bytes)
    print(f"ok: backup written to {info.path} ({info.size_bytes} bytes, verified)")
    return 0


def run_verify(args: argparse.Namespace) -> int:
    username, secret = _secret(args)
    report = backups.verify_backup(args.file, username=username, secret=secret)
    print(
        f"backup of {report.created_at.isoformat()} ({report.kind}): {report.clients} clients, "
        f"{report.users} users, {report.audit_events} audit events"
    )
    print(
        f"integrity {'ok' if report.integrity_ok else 'FAILED'}, page checksums "
        f"{'ok' if report.cipher_ok else 'FAILED'}, audit chain "
        f"{'ok' if report.audit_ok else 'BROKEN'}"
    )
    if not report.ok:
        raise CliError("the backup is damaged: " + "; ".join(report.problems[:3]))
    return 0


def run_restore(args: argparse.Namespace) -> int:
    folder = data_dir(args)
    if args.replace_current:
        return _restore_over(args, folder)
    if args.user or args.recovery_key_file:
        username, secret = _secret(args)
        report = backups.restore_to_new_folder(args.file, folder, username=username, secret=secret)
    else:
        report = backups.restore_to_new_folder(args.file, folder)
    checked = "verified" if report else "checksums verified"
    print(f"ok: restored into {folder} ({checked}); sign in with the passwords of the backup")
    return 0


def _restore_over(args: argparse.Namespace, folder: Path) -> int:
    if not args.user:
        raise CliError("--replace-current needs --user NAME (an administrator)")
    if not args.yes:
        raise CliError("replacing the current vault needs --yes; nothing was changed")
    args.data_dir = folder
    signed = open_as_user(args)
    try:
        safety = backups.restore_over_vault(
            signed.vault, actor=signed.actor, path=args.file, now=_now(), confirmed=True
        )
    except BaseException:
        signed.vault.close()
        raise
    print(f"ok: vault replaced; the previous state was backed up to {safety.path}")
    return 0


def run_rotate(args: argparse.Namespace) -> int:
    password = _read_password(args)
    with signed_in_user(args) as signed:
        result = rotate_key(signed.vault, actor=signed.actor, admin_password=password, now=_now())
    write_atomic(args.recovery_kit, result.recovery_kit_pdf)
    print(f"ok: key rotated; backup with the old key: {result.backup.path}")
    print(f"New recovery key (shown once): {result.recovery_key}")
    print(f"Recovery kit written to {args.recovery_kit}")
    for name, temporary in sorted(result.temporary_passwords.items()):
        print(f"  temporary password for {name}: {temporary}")
    return 0


def run_erase(args: argparse.Namespace) -> int:
    if not args.yes:
        raise CliError("erasing a client cannot be undone; add --yes to confirm")
    with signed_in_user(args) as signed:
        result = erasure.erase_client(
            signed.vault,
            actor=signed.actor,
            client_id=args.client,
            confirmed=True,
            reason=args.reason,
        )
    print(
        f"ok: client {result.client_id} erased ({result.rows_deleted} rows); older backups "
        "still hold the record until they rotate out"
    )
    return 0


def run_retention(args: argparse.Namespace) -> int:
    with signed_in_user(args) as signed, signed.vault.session() as session:
        due = erasure.due_for_deletion(session, actor=signed.actor, today=dt.date.today())
    for row in due:
        print(f"{row.client_id}\t{row.case_number}\tclosed {row.closure_date}\tdue {row.due_since}")
    print(f"{len(due)} closed case(s) due for deletion")
    return 0


def run_repair_keyslots(args: argparse.Namespace) -> int:
    username, secret = _secret(args)
    result = repair_keyslots(data_dir(args), username=username, secret=secret, now=_now())
    kept = f"; the damaged file is kept as {result.kept_as.name}" if result.kept_as else ""
    print(f"ok: key slots rebuilt from {result.source} ({result.restored} slot(s)){kept}")
    if result.dropped:
        print(f"  {result.dropped} slot(s) no longer valid were left out")
    if result.accounts_without_slot:
        print(
            f"  {result.accounts_without_slot} active account(s) had no slot in that copy: "
            "reset their passwords (safehaven users reset-password)"
        )
    return 0
