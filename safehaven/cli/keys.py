"""`change-password` (your own; the only thing a temporary password may do) and `orphan-slots`."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from safehaven.cli.common import (
    CliError,
    add_user,
    read_new_password,
    read_password,
    signed_in_user,
)
from safehaven.services.accounts import accounts
from safehaven.services.vault_ops.orphan_slots import find_orphan_slots, remove_orphan_slots


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("change-password", help="change your own password")
    add_user(p)
    p.add_argument("--new-password-file", type=Path, help="read the new password from this file")
    p.set_defaults(func=run_change_password)

    p = sub.add_parser("orphan-slots", help="list (or --remove) key slots owned by no account")
    add_user(p)
    p.add_argument("--remove", action="store_true", help="remove them (audited)")
    p.set_defaults(func=run_orphan_slots)


def _new_password(args: argparse.Namespace) -> str:
    chosen = read_new_password(args)
    if chosen is not None:
        return chosen
    if not sys.stdin or not sys.stdin.isatty():
        raise CliError("no new password given: use --new-password-file FILE")
    first = getpass.getpass("New password: ")
    if getpass.getpass("Repeat the new password: ") != first:
        raise CliError("the two passwords differ; nothing was changed")
    return first


def run_change_password(args: argparse.Namespace) -> int:
    current = read_password(args)
    new = _new_password(args)
    if new == current:
        raise CliError("the new password must differ from the current one; nothing was changed")
    with signed_in_user(args, temporary_ok=True) as signed:
        accounts.change_own_password(
            signed.vault, actor=signed.actor, current_password=current, new_password=new
        )
    print(f"ok: the password of {args.user} was changed")
    return 0


def run_orphan_slots(args: argparse.Namespace) -> int:
    with signed_in_user(args) as signed:
        if args.remove:
            removed = remove_orphan_slots(signed.vault, actor=signed.actor)
            print(f"ok: {removed} orphan key slot(s) removed")
            return 0
        orphans = find_orphan_slots(signed.vault)
    for slot_id in orphans:
        print(slot_id)
    print(f"{len(orphans)} orphan key slot(s); remove them with --remove")
    return 0
