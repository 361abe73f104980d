"""`init`, `demo`, `check` and `audit verify`."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import sys
from pathlib import Path

from safehaven.cli.arguments import new_file_path
from safehaven.cli.audit_report import describe_verdict, ok_line, verdict_summary
from safehaven.cli.check import run_check_command
from safehaven.cli.common import (
    CliError,
    add_data_dir,
    add_user,
    data_dir,
    read_password,
    signed_in_user,
)
from safehaven.demo.vault import create_demo_vault
from safehaven.services.accounts.accounts import initialize_vault
from safehaven.services.audit_trail.verify import verify_audit
from safehaven.services.exchange.identity import set_up_identity
from safehaven.services.vault_ops.recovery_kit import build_recovery_kit
from safehaven.storage.files import write_atomic


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("init", help="create a new vault with its first administrator")
    add_data_dir(p)
    p.add_argument("--admin", required=True, help="username of the first administrator")
    p.add_argument("--organization", default="", help="organization name for letters")
    p.add_argument("--password-file", type=Path, help="read the new password from this file")
    p.add_argument(
        "--recovery-kit", type=new_file_path, help="also write the recovery kit PDF here"
    )
    p.set_defaults(func=run_init)

    p = sub.add_parser("demo", help="create a demo vault with synthetic data only")
    add_data_dir(p)
    p.add_argument("--clients", type=_positive, default=500)
    p.add_argument("--seed", type=int, default=1)
    p.set_defaults(func=run_demo)

    p = sub.add_parser("check", help="check the vault files without unlocking")
    add_data_dir(p)
    p.add_argument("--user", help="also unlock and run the full integrity and audit checks")
    p.add_argument("--password-file", type=Path, help="read your password from this file")
    p.set_defaults(func=run_check_command)

    p = sub.add_parser("audit", help="audit trail commands")
    audit_sub = p.add_subparsers(dest="audit_command", required=True)
    v = audit_sub.add_parser("verify", help="verify the audit hash chain")
    add_user(v)
    v.add_argument(
        "--against",
        type=Path,
        action="append",
        default=[],
        metavar="FILE",
        help="also compare with the head in this backup file or export folder (repeatable)",
    )
    v.set_defaults(func=run_audit_verify)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError("must be a whole number") from None
    if not 1 <= value <= 1_000_000:
        raise argparse.ArgumentTypeError("must be between 1 and 1,000,000")
    return value


def _new_password(args: argparse.Namespace) -> str:
    if args.password_file is not None or not sys.stdin.isatty():
        return read_password(args)
    first = getpass.getpass("New administrator password: ")
    if getpass.getpass("Repeat the password: ") != first:
        raise CliError("the two passwords differ; nothing was created")
    return first


def run_init(args: argparse.Namespace) -> int:
    folder = data_dir(args)
    password = _new_password(args)
    created = initialize_vault(
        folder,
        setup=set_up_identity,
        admin_username=args.admin,
        admin_password=password,
        organization_name=args.organization,
    )
    created.signed_in.vault.close()
    if args.recovery_kit is not None:
        pdf = build_recovery_kit(
            created.recovery_key, organization_name=args.organization, created=dt.date.today()
        )
        write_atomic(args.recovery_kit, pdf)
    print(f"Vault created in {folder}.")
    print("Recovery key (shown once; store it safely, away from this computer):")
    print(f"  {created.recovery_key}")
    return 0


def run_demo(args: argparse.Namespace) -> int:
    folder = data_dir(args)
    summary = create_demo_vault(folder, clients=args.clients, seed=args.seed)
    print(f"Demo vault with {summary.clients} synthetic clients created in {folder}.")
    print(f"Sign in as one of: {', '.join(summary.accounts)} — password: {summary.password}")
    return 0


def run_audit_verify(args: argparse.Namespace) -> int:
    for path in args.against:
        if not Path(path).exists():
            raise CliError(f"{path} does not exist; give a backup file or an export folder")
    with signed_in_user(args) as signed:
        verdict = verify_audit(signed.vault, actor=signed.actor, extra=tuple(args.against))
    for line in describe_verdict(verdict):
        print(line, file=sys.stderr if not verdict.ok else sys.stdout)
    if verdict.ok:
        print(ok_line(verdict))
        return 0
    raise CliError(verdict_summary(verdict))
