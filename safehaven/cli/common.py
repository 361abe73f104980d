"""What every command shares: the data folder, passwords, signing in, exit codes."""

from __future__ import annotations

import argparse
import contextlib
import getpass
import sys
from collections.abc import Iterator
from pathlib import Path

from safehaven.cli.arguments import env_text, folder_path, read_secret_file
from safehaven.paths import default_data_dir
from safehaven.services.accounts.accounts import SignedIn, sign_in
from safehaven.services.office.sign_in import OfficeSignedIn, sign_in_office
from safehaven.services.vault_ops.key_errors import TemporaryPasswordMustChange

PASSWORD_ENV = "SAFEHAVEN_PASSWORD"  # noqa: S105 - the name of an environment variable, not a password


class CliError(Exception):
    """A failure with a ready one-line message (exit code 1)."""


def add_data_dir(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        type=folder_path,
        default=None,
        help="vault folder (default: SAFEHAVEN_HOME or the platform's data folder)",
    )


def add_user(parser: argparse.ArgumentParser, *, office: bool = False) -> None:
    """--user and --password-file, with --data-dir (a laptop vault) or, where the command works on
    an office server too (`office=True`), --office-profile instead."""
    add_data_dir(parser)
    if office:
        parser.add_argument(
            "--office-profile",
            type=Path,
            default=None,
            help="connection profile of the office server (instead of --data-dir)",
        )
    parser.add_argument("--user", required=True, help="the account acting (you)")
    parser.add_argument("--password-file", type=Path, help="read your password from this file")


def data_dir(args: argparse.Namespace) -> Path:
    return Path(args.data_dir) if args.data_dir else default_data_dir()


def read_password(args: argparse.Namespace, *, prompt: str = "Password: ") -> str:
    """From --password-file, SAFEHAVEN_PASSWORD or a prompt; never from the command line."""
    path = getattr(args, "password_file", None)
    if path is not None:
        return read_secret_file(path, what="the password file")
    if (from_env := env_text(PASSWORD_ENV)) is not None:
        return from_env
    if not sys.stdin or not sys.stdin.isatty():
        raise CliError(f"no password given: use --password-file FILE or {PASSWORD_ENV}")
    return getpass.getpass(prompt)


def read_new_password(args: argparse.Namespace, attr: str = "new_password_file") -> str | None:
    path = getattr(args, attr, None)
    if path is None:
        return None
    return read_secret_file(path, what="the password file")


def open_as_user(args: argparse.Namespace, *, temporary_ok: bool = False) -> SignedIn:
    """Sign in as --user. A temporary password (set by an administrator) is good for one thing
    only, changing it: anything else is refused and the vault closed again."""
    signed = sign_in(data_dir(args), args.user, read_password(args))
    if signed.must_change_password and not temporary_ok:
        signed.vault.close()
        raise TemporaryPasswordMustChange(args.user)
    return signed


@contextlib.contextmanager
def signed_in_user(args: argparse.Namespace, *, temporary_ok: bool = False) -> Iterator[SignedIn]:
    """`open_as_user` for a block: the vault is closed when the block ends, however it ends."""
    signed = open_as_user(args, temporary_ok=temporary_ok)
    try:
        yield signed
    finally:
        signed.vault.close()


@contextlib.contextmanager
def signed_in_anywhere(args: argparse.Namespace) -> Iterator[SignedIn | OfficeSignedIn]:
    """`signed_in_user`, or with --office-profile (see `add_user(office=True)`) the office server
    with the person's own login, closed when the block ends. A temporary password is refused
    on both, as by `open_as_user`."""
    profile = getattr(args, "office_profile", None)
    if profile is None:
        with signed_in_user(args) as signed:
            yield signed
        return
    if args.data_dir is not None:
        raise CliError("give either --data-dir (a vault) or --office-profile, not both")
    office = sign_in_office(profile, args.user, read_password(args))
    try:
        if office.must_change_password:
            raise TemporaryPasswordMustChange(args.user)
        yield office
    finally:
        office.vault.close()
