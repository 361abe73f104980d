"""`settings show | set`: the shelter's letterhead (name, address, phone, e-mail, logo) and other
settings an administrator may script (the acting user is always --user)."""

from __future__ import annotations

import argparse
import base64
from pathlib import Path

from safehaven.cli.common import CliError, add_user, signed_in_user
from safehaven.services import settings as settings_service
from safehaven.services.organization.sender import logo_problem, missing_details

MAX_LOGO_BYTES = 1_000_000
TEXT_OPTIONS = {
    "name": "organization_name",
    "address": "organization_address",
    "phone": "organization_phone",
    "email": "organization_email",
}
SHOWN = (*TEXT_OPTIONS.values(), "auto_lock_minutes", "lock_hides_username", "language")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("settings", help="show or change the shelter's details and settings")
    commands = p.add_subparsers(dest="settings_command", required=True)
    show = commands.add_parser("show", help="print the settings")
    add_user(show)
    show.set_defaults(func=run_show)
    change = commands.add_parser("set", help="change one or more settings")
    add_user(change)
    for option, key in TEXT_OPTIONS.items():
        change.add_argument(f"--{option}", dest=key, help=f"the shelter's {option} (letters)")
    change.add_argument("--logo", type=Path, help="letterhead logo, a PNG file under 1 MB")
    change.add_argument("--no-logo", action="store_true", help="remove the letterhead logo")
    change.add_argument("--auto-lock-minutes", type=int, dest="auto_lock_minutes")
    change.add_argument("--language", help="en or es")
    change.add_argument(
        "--lock-hides-username",
        choices=("yes", "no"),
        help="yes on shared computers: the lock screen does not show who was signed in",
    )
    change.set_defaults(func=run_set)


def run_show(args: argparse.Namespace) -> int:
    with signed_in_user(args) as signed, signed.vault.session() as session:
        values = settings_service.all_settings(session)
    for key in SHOWN:
        print(f"{key:<22} {values[key]}")
    logo = "set" if values["letterhead_logo_png_b64"] else "none"
    print(f"{'letterhead_logo':<22} {logo}")
    missing = missing_details(values)
    if missing:
        print(f"Letters cannot be printed until these are set: {', '.join(missing)}")
    return 0


def run_set(args: argparse.Namespace) -> int:
    changes: dict[str, object] = {
        key: getattr(args, key).strip()
        for key in TEXT_OPTIONS.values()
        if getattr(args, key) is not None
    }
    if args.auto_lock_minutes is not None:
        changes["auto_lock_minutes"] = args.auto_lock_minutes
    if args.language is not None:
        changes["language"] = args.language
    if args.lock_hides_username is not None:
        changes["lock_hides_username"] = args.lock_hides_username == "yes"
    if args.logo is not None and args.no_logo:
        raise CliError("give either --logo FILE or --no-logo, not both")
    if args.no_logo:
        changes["letterhead_logo_png_b64"] = ""
    elif args.logo is not None:
        changes["letterhead_logo_png_b64"] = _read_logo(args.logo)
    if not changes:
        raise CliError("nothing to change: give at least one option (see settings set --help)")
    with signed_in_user(args) as signed, signed.vault.session() as session:
        settings_service.update_settings(session, actor=signed.actor, changes=changes)
    print(f"Saved: {', '.join(sorted(changes))}.")
    return 0


def _read_logo(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CliError(f"cannot read {path}: {exc.strerror or type(exc).__name__}") from None
    if len(data) > MAX_LOGO_BYTES:
        raise CliError("the logo must be smaller than 1 MB")
    encoded = base64.b64encode(data).decode("ascii")
    if logo_problem(encoded):
        raise CliError(f"{path} is not a PNG image")
    return encoded
