"""`safehaven office …`: set up and run the shared office database (PostgreSQL 15+).

init, tls, backup/restore and import/export-vault run on the office server; check and users
run from any laptop with a connection profile (host, port, database, CA file — never a
password).
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from pathlib import Path

from sqlalchemy.orm import Session

from safehaven.cli.arguments import new_file_path
from safehaven.cli.common import CliError, read_password
from safehaven.models.permissions import parse_roles
from safehaven.services.accounts.accounts import sign_in
from safehaven.services.actor import Actor
from safehaven.services.exchange.identity import set_up_identity
from safehaven.services.office import accounts as office_accounts
from safehaven.services.office.exporter import export_office
from safehaven.services.office.importer import import_vault
from safehaven.services.vault_ops.recovery_kit import build_recovery_kit
from safehaven.storage.files import write_atomic
from safehaven.storage.postgres.backup import restore_office_backup, write_office_backup
from safehaven.storage.postgres.profile import ConnectionProfile, load_profile, save_profile
from safehaven.storage.postgres.setup import initialize_office, upgrade_office
from safehaven.storage.postgres.tls import make_office_tls, server_config_lines
from safehaven.storage.stores.office_store import open_office


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    office = sub.add_parser("office", help="the shared office database (PostgreSQL)")
    cmds = office.add_subparsers(dest="office_command", required=True)
    p = cmds.add_parser("init", help="create roles, schema and rules in an empty database")
    p.add_argument("--dsn", required=True, help="a PostgreSQL administrator's connection")
    p.add_argument("--admin", required=True, help="login name of the first administrator")
    p.add_argument("--password-file", type=Path)
    p.set_defaults(func=_init)
    p = cmds.add_parser("upgrade", help="bring an existing office database to this version")
    p.add_argument("--dsn", required=True, help="a PostgreSQL administrator's connection")
    p.set_defaults(func=_upgrade)
    p = cmds.add_parser("tls", help="make the office CA and server certificate")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--host", action="append", required=True, help="server name or IP (repeat)")
    p.add_argument("--subnet", default="192.168.0.0/16", help="office subnet for pg_hba.conf")
    p.set_defaults(func=_tls)
    p = cmds.add_parser("profile", help="write this laptop's connection profile")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--host", required=True)
    p.add_argument("--port", type=int, default=5432)
    p.add_argument("--dbname", default="safehaven")
    p.add_argument("--ca", type=Path, required=True, help="the office CA certificate")
    p.set_defaults(func=_profile)
    p = cmds.add_parser("check", help="report what is wrong with the office connection")
    _signed(p)
    p.set_defaults(func=_check)
    p = cmds.add_parser("add-user", help="add a staff member and their database login")
    _signed(p)
    p.add_argument("name")
    p.add_argument("--roles", required=True)
    p.add_argument("--new-password-file", type=Path, required=True)
    p.set_defaults(func=_add_user)
    p = cmds.add_parser("set-roles", help="change a staff member's roles")
    _signed(p)
    p.add_argument("name")
    p.add_argument("--roles", required=True)
    p.set_defaults(func=_set_roles)
    p = cmds.add_parser("deactivate", help="disable a staff member's login at once")
    _signed(p)
    p.add_argument("name")
    p.set_defaults(func=_deactivate)
    p = cmds.add_parser("reset-password", help="give a staff member a new password")
    _signed(p)
    p.add_argument("name")
    p.add_argument("--new-password-file", type=Path, required=True)
    p.set_defaults(func=_reset_password)
    p = cmds.add_parser("import", help="copy a laptop vault into a new office database")
    p.add_argument("--dsn", required=True, help="a PostgreSQL administrator's connection")
    p.add_argument("--from-vault", type=Path, required=True, dest="from_vault")
    p.add_argument("--user", required=True, help="a vault administrator")
    p.add_argument("--password-file", type=Path)
    p.set_defaults(func=_import)
    p = cmds.add_parser("export-vault", help="copy the office database into a new laptop vault")
    p.add_argument("--dsn", required=True, help="a PostgreSQL administrator's connection")
    p.add_argument("--out", type=Path, required=True, help="folder of the new vault")
    p.add_argument("--admin", required=True, help="administrator of the new vault")
    p.add_argument("--password-file", type=Path, help="the new vault password")
    p.add_argument("--recovery-kit", type=new_file_path, help="also write the recovery kit PDF")
    p.set_defaults(func=_export_vault)
    p = cmds.add_parser("grant-login", help="a database login for an imported account")
    _signed(p)
    p.add_argument("name")
    p.add_argument("--new-password-file", type=Path, required=True)
    p.set_defaults(func=_grant_login)
    p = cmds.add_parser("backup", help="encrypted pg_dump to the office recovery key")
    p.add_argument("--dsn", required=True)
    p.add_argument("--recipient", required=True, help="age public key (age1…)")
    p.add_argument("--out", type=Path, required=True)
    p.set_defaults(func=_backup)
    p = cmds.add_parser("restore", help="restore an office backup into an empty database")
    p.add_argument("file", type=Path)
    p.add_argument("--dsn", required=True)
    p.add_argument("--identity-file", type=Path, required=True, help="the recovery key")
    p.set_defaults(func=_restore)


def _signed(p: argparse.ArgumentParser) -> None:
    p.add_argument("--profile", type=Path, required=True)
    p.add_argument("--user", required=True)
    p.add_argument("--password-file", type=Path)


def _init(args: argparse.Namespace) -> int:
    initialize_office(
        args.dsn,
        admin_username=args.admin,
        admin_password=read_password(args),
        setup=set_up_identity,
    )
    print(f"ok: office database ready; first administrator login: {args.admin}")
    return 0


def _upgrade(args: argparse.Namespace) -> int:
    upgrade_office(args.dsn)
    print("ok: office database schema, rules and functions are up to date")
    return 0


def _tls(args: argparse.Namespace) -> int:
    try:
        files = make_office_tls(args.out, list(args.host))
    except FileExistsError as exc:
        raise CliError(f"refusing to overwrite {exc}") from None
    conf, hba = server_config_lines(files, args.subnet)
    print("# postgresql.conf\n" + "\n".join(conf))
    print("# pg_hba.conf (replace every other line)\n" + "\n".join(hba))
    print(f"# copy {files.ca_cert} (only this file) to each laptop")
    return 0


def _profile(args: argparse.Namespace) -> int:
    target = save_profile(
        args.out, ConnectionProfile(args.host, args.port, args.dbname, str(args.ca.resolve()))
    )
    print(f"ok: profile written to {target}")
    return 0


def _open(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    try:
        return open_office(load_profile(args.profile), args.user, read_password(args))
    except ValueError:
        raise CliError(f"not a connection profile: {args.profile}") from None


def _check(args: argparse.Namespace) -> int:
    store = _open(args)
    try:
        report = store.health()
    finally:
        store.close()
    if not report.ok:
        raise CliError("office check failed: " + ", ".join(report.problems))
    print("ok: TLS verify-full, SCRAM login, no RLS bypass, row security forced on case tables")
    return 0


def _add_user(args: argparse.Namespace) -> int:
    new_password = Path(args.new_password_file).read_text("utf-8").rstrip("\r\n")
    try:
        roles = parse_roles(args.roles)
    except ValueError as exc:
        raise CliError(f"unknown role: {exc}") from None
    store = _open(args)
    try:
        with store.session() as session:
            actor = office_accounts.signed_in_actor(session)
        with store.session() as session:
            office_accounts.add_office_user(
                session,
                actor=actor,
                username=args.name,
                display_name=args.name,
                roles=roles,
                password=new_password,
            )
    finally:
        store.close()
    print(f"ok: {args.name} can now sign in to the office database")
    return 0


def _backup(args: argparse.Namespace) -> int:
    counts = write_office_backup(args.dsn, args.recipient, args.out)
    print(f"ok: encrypted backup {args.out} ({sum(counts.values())} rows)")
    return 0


def _restore(args: argparse.Namespace) -> int:
    identity = Path(args.identity_file).read_text("utf-8").strip()
    counts = restore_office_backup(args.file, identity, args.dsn)
    print(f"ok: restored and verified ({sum(counts.values())} rows)")
    return 0


def _import(args: argparse.Namespace) -> int:
    signed = sign_in(args.from_vault, args.user, read_password(args))
    try:
        report = import_vault(signed.vault.engine, args.dsn, codec=signed.vault.codec())
    finally:
        signed.vault.close()
    print(
        f"ok: {sum(report.counts.values())} rows copied; audit chain of {report.audit_events} "
        "events verified and anchored. Give each account a login with: safehaven office "
        "grant-login"
    )
    return 0


def _export_vault(args: argparse.Namespace) -> int:
    report = export_office(
        args.dsn, args.out, admin_username=args.admin, admin_password=read_password(args)
    )
    if args.recovery_kit is not None:
        pdf = build_recovery_kit(report.recovery_key, organization_name="", created=dt.date.today())
        write_atomic(args.recovery_kit, pdf)
    print(
        f"ok: vault created in {args.out}: {sum(report.counts.values())} rows copied; audit "
        f"chain of {report.audit_events} events verified and anchored."
    )
    print("Recovery key (shown once; store it safely, away from this computer):")
    print(f"  {report.recovery_key}")
    if report.waiting_accounts:
        print(
            f"{report.waiting_accounts} accounts have no vault password yet; give each one with: "
            "safehaven users reset-password"
        )
    return 0


def _grant_login(args: argparse.Namespace) -> int:
    new_password = Path(args.new_password_file).read_text("utf-8").rstrip("\r\n")
    store = _open(args)
    try:
        with store.session() as session:
            actor = office_accounts.signed_in_actor(session)
            user_id = office_accounts.user_id_for(session, args.name)
        with store.session() as session:
            office_accounts.grant_office_login(
                session, actor=actor, user_id=user_id, password=new_password
            )
    finally:
        store.close()
    print(f"ok: {args.name} can now sign in to the office database")
    return 0


def _as_admin(args: argparse.Namespace, work: Callable[[Session, Actor, int], None]) -> None:
    """Run `work(session, admin, target user id)` on a fresh session of the signed-in admin."""
    store = _open(args)
    try:
        with store.session() as session:
            actor = office_accounts.signed_in_actor(session)
            user_id = office_accounts.user_id_for(session, args.name)
        with store.session() as session:
            work(session, actor, user_id)
    finally:
        store.close()


def _set_roles(args: argparse.Namespace) -> int:
    try:
        roles = parse_roles(args.roles)
    except ValueError as exc:
        raise CliError(f"unknown role: {exc}") from None

    def work(session: Session, actor: Actor, user_id: int) -> None:
        office_accounts.set_office_user_roles(session, actor=actor, user_id=user_id, roles=roles)

    _as_admin(args, work)
    print(f"ok: {args.name} now has the roles {', '.join(r.value for r in roles)}")
    return 0


def _deactivate(args: argparse.Namespace) -> int:
    _as_admin(
        args,
        lambda s, actor, uid: office_accounts.deactivate_office_user(s, actor=actor, user_id=uid),
    )
    print(f"ok: {args.name} can no longer sign in; open connections were ended")
    return 0


def _reset_password(args: argparse.Namespace) -> int:
    new_password = Path(args.new_password_file).read_text("utf-8").rstrip("\r\n")
    _as_admin(
        args,
        lambda s, actor, uid: office_accounts.reset_office_password(
            s, actor=actor, user_id=uid, new_password=new_password
        ),
    )
    print(f"ok: new password set for {args.name}")
    return 0
