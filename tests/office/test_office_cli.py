"""`safehaven office` end to end: init a database, make certificates, check as a staff member."""

from __future__ import annotations

import psycopg

from safehaven.cli import main
from tests.office.conftest import ADMIN_PASSWORD, STAFF_PASSWORD, Team


def test_init_profile_check_and_add_user(team: Team, tmp_path, capsys) -> None:
    server = team.office.server
    name = f"cli_{team.office.dbname}"
    with psycopg.connect(server.superuser_dsn(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')  # type: ignore[arg-type]
    pw = tmp_path / "pw"
    pw.write_text("cli admin passphrase 4410\n")
    admin = f"cliadmin.{name}"
    assert (
        main(
            [
                "office",
                "init",
                "--dsn",
                server.superuser_dsn(name),
                "--admin",
                admin,
                "--password-file",
                str(pw),
            ]
        )
        == 0
    )
    assert (
        main(
            [
                "office",
                "init",
                "--dsn",
                server.superuser_dsn(name),
                "--admin",
                admin,
                "--password-file",
                str(pw),
            ]
        )
        == 1
    )
    assert "not empty" in capsys.readouterr().err
    assert (
        main(
            [
                "office",
                "profile",
                "--out",
                str(tmp_path),
                "--host",
                "localhost",
                "--port",
                str(server.port),
                "--dbname",
                name,
                "--ca",
                str(server.ca_cert),
            ]
        )
        == 0
    )
    profile = tmp_path / "office.json"
    assert "password" not in profile.read_text()
    assert (
        main(
            [
                "office",
                "check",
                "--profile",
                str(profile),
                "--user",
                admin,
                "--password-file",
                str(pw),
            ]
        )
        == 0
    )
    staff_pw = tmp_path / "staff"
    staff_pw.write_text("new staff passphrase 6620\n")
    assert (
        main(
            [
                "office",
                "add-user",
                "--profile",
                str(profile),
                "--user",
                admin,
                "--password-file",
                str(pw),
                f"worker.{name}",
                "--roles",
                "caseworker",
                "--new-password-file",
                str(staff_pw),
            ]
        )
        == 0
    )
    assert (
        main(
            [
                "office",
                "check",
                "--profile",
                str(profile),
                "--user",
                f"worker.{name}",
                "--password-file",
                str(staff_pw),
            ]
        )
        == 0
    )
    assert main(["office", "tls", "--out", str(tmp_path / "tls"), "--host", "office.lan"]) == 0
    assert "hostnossl" in capsys.readouterr().out


def test_roles_reset_and_deactivation_from_the_command_line(team: Team, tmp_path) -> None:
    from safehaven.storage.postgres.profile import save_profile

    profile = save_profile(tmp_path, team.office.profile)
    admin_pw = tmp_path / "admin"
    admin_pw.write_text(ADMIN_PASSWORD)
    staff_pw = tmp_path / "staff"
    staff_pw.write_text(STAFF_PASSWORD)
    name = f"mover.{team.office.dbname}"
    signed = [
        "--profile",
        str(profile),
        "--user",
        team.admin.username,
        "--password-file",
        str(admin_pw),
    ]
    assert (
        main(
            [
                "office",
                "add-user",
                *signed,
                name,
                "--roles",
                "intake",
                "--new-password-file",
                str(staff_pw),
            ]
        )
        == 0
    )
    assert main(["office", "set-roles", *signed, name, "--roles", "supervisor"]) == 0
    with team.office.raw(name) as conn:
        groups = {
            r[0]
            for r in conn.execute(
                "SELECT b.rolname FROM pg_auth_members m JOIN pg_roles b ON b.oid = m.roleid "
                "JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = current_user"
            )
        }
    assert "sh_supervisor" in groups
    assert "sh_intake" not in groups
    new_pw = tmp_path / "new"
    new_pw.write_text("completely new passphrase 8080")
    assert (
        main(["office", "reset-password", *signed, name, "--new-password-file", str(new_pw)]) == 0
    )
    team.office.store(name, "completely new passphrase 8080").close()
    assert main(["office", "deactivate", *signed, name]) == 0
    assert (
        main(
            [
                "office",
                "check",
                "--profile",
                str(profile),
                "--user",
                name,
                "--password-file",
                str(new_pw),
            ]
        )
        == 1
    )
