"""`users add | list | reset-password | deactivate` (the acting user is always --user)."""

from __future__ import annotations

import argparse
from pathlib import Path

from safehaven.cli.common import (
    CliError,
    add_user,
    read_new_password,
    read_password,
    signed_in_user,
)
from safehaven.models.permissions import parse_roles
from safehaven.services.accounts import accounts
from safehaven.services.vault_ops.revocation import deactivate_account, rotation_recommended
from safehaven.storage.files import write_atomic


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("users", help="manage staff accounts")
    users = p.add_subparsers(dest="users_command", required=True)

    a = users.add_parser("add", help="add an account (prints a temporary password)")
    add_user(a)
    a.add_argument("username")
    a.add_argument(
        "--roles",
        required=True,
        help="comma list: " + "intake,caseworker,supervisor,director,admin",
    )
    a.add_argument("--display-name", default="")
    a.add_argument("--new-password-file", type=Path, help="initial password (else generated)")
    a.set_defaults(func=run_add)

    listing = users.add_parser("list", help="list accounts")
    add_user(listing)
    listing.set_defaults(func=run_list)

    r = users.add_parser("reset-password", help="give an account a temporary password")
    add_user(r)
    r.add_argument("username")
    r.set_defaults(func=run_reset)

    d = users.add_parser("deactivate", help="deactivate an account and remove its key slot")
    add_user(d)
    d.add_argument("username")
    rotation = d.add_mutually_exclusive_group()
    rotation.add_argument(
        "--rotate-key",
        action="store_true",
        default=None,
        help="also rotate the data key now: earlier copies of the vault get no new data",
    )
    rotation.add_argument("--no-rotate-key", dest="rotate_key", action="store_false")
    d.add_argument(
        "--left-on-bad-terms",
        action="store_true",
        help="the person left on bad terms: rotate the data key unless --no-rotate-key",
    )
    d.add_argument("--recovery-kit", type=Path, help="where to write the new recovery kit PDF")
    d.set_defaults(func=run_deactivate)


def run_add(args: argparse.Namespace) -> int:
    try:
        roles = parse_roles(args.roles)
    except ValueError as exc:
        raise CliError(f"unknown role: {exc}") from None
    if not roles:
        raise CliError("give at least one role with --roles")
    chosen = read_new_password(args)
    password = chosen or accounts.generate_temporary_password()
    with signed_in_user(args) as signed:
        accounts.create_user(
            signed.vault,
            actor=signed.actor,
            username=args.username,
            display_name=args.display_name,
            roles=roles,
            password=password,
            must_change_password=True,
            check_strength=chosen is not None,
        )
    print(f"Account {args.username} created ({', '.join(r.value for r in roles)}).")
    if chosen is None:
        print(f"Temporary password (must be changed at first sign-in): {password}")
    return 0


def run_list(args: argparse.Namespace) -> int:
    with signed_in_user(args) as signed, signed.vault.session() as session:
        rows = accounts.list_users(session, actor=signed.actor)
    for row in rows:
        state = "active" if row.active else "deactivated"
        roles = ",".join(r.value for r in row.roles)
        print(f"{row.username:<20} {roles:<32} {state}")
    return 0


def run_reset(args: argparse.Namespace) -> int:
    with signed_in_user(args) as signed:
        with signed.vault.session() as session:
            user_id = accounts.find_user_id(session, args.username)
        temporary = accounts.reset_password(signed.vault, actor=signed.actor, user_id=user_id)
    print(f"Temporary password for {args.username} (must be changed at next sign-in): {temporary}")
    return 0


def run_deactivate(args: argparse.Namespace) -> int:
    rotate = args.rotate_key
    if rotate is None:
        rotate = rotation_recommended(left_on_bad_terms=args.left_on_bad_terms)
    if rotate and args.recovery_kit is None:
        raise CliError("rotating the key makes a new recovery key: give --recovery-kit FILE.pdf")
    password = read_password(args)
    with signed_in_user(args) as signed:
        with signed.vault.session() as session:
            user_id = accounts.find_user_id(session, args.username)
        outcome = deactivate_account(
            signed.vault,
            actor=signed.actor,
            user_id=user_id,
            rotate=rotate,
            admin_password=password,
        )
    print(f"Account {args.username} deactivated; its key slot was removed from every copy here.")
    if outcome.rotation is None:
        print(
            "The data key was not rotated: a copy of the vault or a backup taken before now still "
            "opens with the old password (run safehaven rotate-key to close that)."
        )
        return 0
    write_atomic(args.recovery_kit, outcome.rotation.recovery_kit_pdf)
    print("The data key was rotated; earlier copies no longer open anything written from now on.")
    print(f"New recovery key (shown once): {outcome.rotation.recovery_key}")
    print(f"Recovery kit written to {args.recovery_kit}")
    for name, temporary in sorted(outcome.rotation.temporary_passwords.items()):
        print(f"  temporary password for {name}: {temporary}")
    return 0
