"""`safehaven office` end to end: init a database, make certificates, check as a staff member."""

from __future__ import annotations

import psycopg

from safehaven.cli import main
from tests.office.conftest import Team


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
