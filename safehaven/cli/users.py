"""`users add | list | reset-password | deactivate` (the acting user is always --user)."""

from __future__ import annotations

import argparse
from pathlib import Path

from safehaven.cli.common import CliError, add_user, read_new_password, signed_in_user
from safehaven.models.permissions import parse_roles
from safehaven.services.accounts import accounts


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
    with signed_in_user(args) as signed:
        with signed.vault.session() as session:
            user_id = accounts.find_user_id(session, args.username)
        accounts.deactivate_user(signed.vault, actor=signed.actor, user_id=user_id)
    print(f"Account {args.username} deactivated; its key slot was removed.")
    return 0
