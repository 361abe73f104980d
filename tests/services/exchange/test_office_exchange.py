"""Exchange between organizations with an office server on one side: the office's keys are made
by its administrator, its caseworkers send, open and answer through their own logins, the
database's row-level security keeps each case's messages to those who reach the case, and only
the roles that may use the keys can read them, even with psql."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from fhir.resources.R4B.bundle import Bundle

from safehaven.cli import main
from safehaven.services.cases.clients import get_client
from safehaven.services.errors import NotFound, PermissionDenied
from safehaven.services.exchange.errors import ExchangeError
from safehaven.services.exchange.identity import (
    create_organization_identity,
    export_age_identity,
    has_identity,
)
from safehaven.services.exchange.incoming import list_incoming
from safehaven.services.exchange.packages import send_package
from safehaven.services.exchange.receive import open_received_file
from safehaven.services.exchange.status import respond_to_referral
from safehaven.services.referrals.referrals import get_referral
from safehaven.storage.postgres.setup import upgrade_office
from tests.office.conftest import Team
from tests.office.pgserver import PgServer
from tests.services.exchange.helpers import Org, age_tool_decrypt, make_vault, members, repack
from tests.services.exchange.office_helpers import (
    OfficeSide,
    Pairing,
    office_card,
    office_database_hash,
    office_referral,
    office_side,
    pair_office_with_vault,
    pin_in_vault,
    send_from_office,
)
from tests.services.referral_helpers import (
    LEGAL_NAME,
    grant,
    make_client,
    make_org,
    make_referral,
)
from tests.services.stores import OfficeTemplate

SECRETS = ("signing_seed", "age_identity")


@pytest.fixture
def side(office_template: OfficeTemplate) -> Iterator[OfficeSide]:
    with office_side(office_template) as made:
        yield made


@pytest.fixture
def clinic(tmp_path: Path) -> Org:
    return make_vault(tmp_path / "clinic", "Clinic B")


def _referral_status(side: OfficeSide, referral_id: int) -> str:
    caseworker = side.team.caseworker
    with side.session(caseworker) as s:
        return get_referral(s, actor=caseworker, referral_id=referral_id).status


def _open_in_vault(org: Org, path: Path):  # type: ignore[no-untyped-def]
    with org.session() as s:
        return open_received_file(s, actor=org.caseworker, data=path.read_bytes())


def _answer_in_vault(org: Org, incoming_id: int, action: str, folder: Path) -> Path:
    with org.session() as s:
        return respond_to_referral(
            s, actor=org.caseworker, incoming_id=incoming_id, action=action, folder=folder
        ).path


def test_office_to_vault_round_trip(side: OfficeSide, clinic: Org, tmp_path: Path) -> None:
    pairing = pair_office_with_vault(side, clinic)
    referral_id = office_referral(side, pairing.vault_in_office)
    package = send_from_office(
        side, referral_id, tmp_path / "out", fields=("chosen_name", "pronouns", "languages")
    )
    assert _referral_status(side, referral_id) == "sent"

    opened = _open_in_vault(clinic, package)
    assert opened.incoming is not None
    assert dict(opened.incoming.shared) == {
        "chosen_name": "Luz",
        "pronouns": "she/her",
        "languages": "es, en",
    }
    assert opened.partner.organization_name.startswith("Office Shelter")

    accepted = _answer_in_vault(clinic, opened.incoming.id, "accept", tmp_path / "out")
    caseworker = side.team.caseworker
    with side.session(caseworker) as s:
        back = open_received_file(s, actor=caseworker, data=accepted.read_bytes())
    assert back.status is not None
    assert back.status.applied
    assert _referral_status(side, referral_id) == "accepted"

    completed = _answer_in_vault(clinic, opened.incoming.id, "complete", tmp_path / "out")
    with side.session(caseworker) as s:
        open_received_file(s, actor=caseworker, data=completed.read_bytes())
    assert _referral_status(side, referral_id) == "completed"


def test_vault_to_office_round_trip_within_the_case_scope(
    side: OfficeSide, clinic: Org, tmp_path: Path
) -> None:
    """The vault sends to the office; the office's caseworker accepts (a new case of theirs),
    the vault's referral follows. Another caseworker no longer sees that referral once it is
    a case they cannot reach, and the same file again is refused as already opened."""
    pairing = pair_office_with_vault(side, clinic)
    with clinic.session() as s:
        client_id = make_client(s, clinic.caseworker)
        grant(s, clinic.caseworker, client_id, pairing.office_in_vault, fields=("chosen_name",))
        referral_id = make_referral(s, clinic.caseworker, client_id, pairing.office_in_vault)
    out = tmp_path / "out"
    out.mkdir()
    with clinic.session() as s:
        package = send_package(s, actor=clinic.caseworker, referral_id=referral_id, folder=out).path

    team = side.team
    with side.session(team.caseworker) as s:
        opened = open_received_file(s, actor=team.caseworker, data=package.read_bytes())
    assert opened.incoming is not None
    with side.session(team.caseworker2) as s:  # not yet anyone's case: every caseworker sees it
        assert [r.id for r in list_incoming(s, actor=team.caseworker2)] == [opened.incoming.id]

    with side.session(team.caseworker) as s:
        accepted = respond_to_referral(
            s, actor=team.caseworker, incoming_id=opened.incoming.id, action="accept", folder=out
        )
    assert accepted.client_id is not None
    with side.session(team.caseworker) as s:
        client = get_client(s, actor=team.caseworker, client_id=accepted.client_id)
    assert client.chosen_name == "Luz"
    assert client.legal_name is None  # never shared
    with side.session(team.caseworker2) as s:
        assert list_incoming(s, actor=team.caseworker2) == []
    before = office_database_hash(team)
    with side.session(team.caseworker2) as s, pytest.raises(ExchangeError) as err:
        open_received_file(s, actor=team.caseworker2, data=package.read_bytes())
    assert err.value.code == "replayed"
    assert office_database_hash(team) == before

    with clinic.session() as s:
        open_received_file(s, actor=clinic.caseworker, data=accepted.path.read_bytes())
        assert get_referral(s, actor=clinic.caseworker, referral_id=referral_id).status == (
            "accepted"
        )
    with side.session(team.caseworker) as s:
        done = respond_to_referral(
            s,
            actor=team.caseworker,
            incoming_id=opened.incoming.id,
            action="complete",
            folder=out,
        )
    with clinic.session() as s:
        open_received_file(s, actor=clinic.caseworker, data=done.path.read_bytes())
        row = get_referral(s, actor=clinic.caseworker, referral_id=referral_id)
    assert row.status == "completed"


def _refused_on_office(side: OfficeSide, data: bytes, **kw: object) -> str:
    before = office_database_hash(side.team)
    caseworker = side.team.caseworker
    with side.session(caseworker) as s, pytest.raises(ExchangeError) as err:
        open_received_file(s, actor=caseworker, data=data, **kw)  # type: ignore[arg-type]
    assert office_database_hash(side.team) == before
    return err.value.code


def _vault_package(clinic: Org, pairing: Pairing, folder: Path) -> bytes:
    with clinic.session() as s:
        client_id = make_client(s, clinic.caseworker)
        grant(s, clinic.caseworker, client_id, pairing.office_in_vault)
        referral_id = make_referral(s, clinic.caseworker, client_id, pairing.office_in_vault)
    folder.mkdir(exist_ok=True)
    with clinic.session() as s:
        sent = send_package(
            s,
            actor=clinic.caseworker,
            referral_id=referral_id,
            folder=folder,
            confirm_unverified=True,
        )
    return sent.path.read_bytes()


def test_refused_files_leave_the_office_database_unchanged(
    side: OfficeSide, clinic: Org, tmp_path: Path
) -> None:
    pairing = pair_office_with_vault(side, clinic)
    data = _vault_package(clinic, pairing, tmp_path / "out")
    envelope, payload = members(data)
    flipped = payload[:-20] + bytes([payload[-20] ^ 1]) + payload[-19:]
    assert _refused_on_office(side, repack(envelope, flipped)) == "bad_signature"
    assert _refused_on_office(side, data[:100]) == "not_a_package"
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=31)
    assert _refused_on_office(side, data, at=later) == "expired"

    stranger = make_vault(tmp_path / "stranger", "Stranger")
    with stranger.session() as s:
        office_there = make_org(s, stranger.admin, "Office Shelter")
    pin_in_vault(stranger, office_there, office_card(side, side.team.admin))
    strange = _vault_package(stranger, Pairing(0, office_there), tmp_path / "stranger-out")
    assert _refused_on_office(side, strange) == "unknown_sender"

    caseworker = side.team.caseworker
    with side.session(caseworker) as s:
        open_received_file(s, actor=caseworker, data=data)
    assert _refused_on_office(side, data) == "replayed"


def test_an_unverified_sender_is_refused_by_the_office(
    side: OfficeSide, clinic: Org, tmp_path: Path
) -> None:
    pairing = pair_office_with_vault(side, clinic, verify=False)
    data = _vault_package(clinic, pairing, tmp_path / "out")
    assert _refused_on_office(side, data) == "unverified_sender"


def test_only_the_exchange_roles_read_the_secret_keys(side: OfficeSide) -> None:
    office = side.team.office
    team = side.team
    for actor in (team.intake, team.director):
        for column in SECRETS:
            with (
                office.raw(actor.username) as conn,
                pytest.raises(psycopg.errors.InsufficientPrivilege),
            ):
                conn.execute(f"SELECT {column} FROM exchange_identity")  # type: ignore[arg-type]
        with office.raw(actor.username) as conn:  # the public half of the card stays readable
            rows = conn.execute("SELECT fingerprint, age_recipient FROM exchange_identity")
            (row,) = rows.fetchall()
            assert str(row[1]).startswith("age1")
    for actor in (team.caseworker, team.supervisor):  # they sign and decrypt (documented cost)
        with office.raw(actor.username) as conn:
            ((_seed, identity),) = conn.execute(
                "SELECT signing_seed, age_identity FROM exchange_identity"
            ).fetchall()
            assert str(identity).startswith("AGE-SECRET-KEY-1")
        with (
            office.raw(actor.username) as conn,
            pytest.raises(psycopg.errors.InsufficientPrivilege),
        ):
            conn.execute("UPDATE exchange_partner SET verified_at = now()")
    with (
        office.raw(team.intake.username) as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        conn.execute("SELECT shared_fields FROM incoming_referral")
    for actor in (team.intake, team.director):
        with side.session(actor) as s:
            assert has_identity(s)  # the Exchange page shows them the card


def test_the_services_refuse_the_keys_to_roles_without_the_permission(
    side: OfficeSide, clinic: Org, tmp_path: Path
) -> None:
    pairing = pair_office_with_vault(side, clinic)
    data = _vault_package(clinic, pairing, tmp_path / "out")
    before = office_database_hash(side.team)
    for actor in (side.team.intake, side.team.director):
        with side.session(actor) as s, pytest.raises(PermissionDenied):
            open_received_file(s, actor=actor, data=data)
        with side.session(actor) as s, pytest.raises(PermissionDenied):
            export_age_identity(s, actor=actor)
    assert office_database_hash(side.team) == before
    with side.session(side.team.admin) as s, pytest.raises(ExchangeError) as err:
        create_organization_identity(s, actor=side.team.admin)
    assert err.value.code == "identity_exists"


def test_the_age_tool_opens_a_package_sent_from_the_office(
    side: OfficeSide, clinic: Org, tmp_path: Path
) -> None:
    pairing = pair_office_with_vault(side, clinic)
    referral_id = office_referral(side, pairing.vault_in_office)
    package = send_from_office(side, referral_id, tmp_path / "out", fields=("chosen_name",))
    with clinic.session() as s:
        secret = export_age_identity(s, actor=clinic.admin)
    plain = age_tool_decrypt(package.read_bytes(), secret, tmp_path)
    bundle = Bundle.model_validate_json(plain)
    kinds = sorted(e.resource.get_resource_type() for e in bundle.entry)
    assert kinds == ["Organization", "Patient", "ServiceRequest", "Task"]
    assert LEGAL_NAME.encode() not in plain
    assert b'"Luz"' in plain


def test_an_older_office_database_gets_the_exchange_rules_on_upgrade(side: OfficeSide) -> None:
    """What an office made before these rules had: no exchange group, partners' cards writable
    by every login, received referrals open to intake staff, a message policy on one link."""
    team: Team = side.team
    with psycopg.connect(team.office.admin_dsn, autocommit=True) as conn:
        for statement in (
            'REVOKE "sh_exchange" FROM "sh_caseworker", "sh_supervisor", "sh_admin"',
            "REVOKE ALL ON exchange_identity FROM sh_exchange, sh_admin, sh_staff",
            "GRANT SELECT, INSERT, UPDATE, DELETE ON exchange_partner TO sh_staff",
            "GRANT SELECT, INSERT, UPDATE, DELETE ON incoming_referral TO sh_intake",
        ):
            conn.execute(statement.encode())
    with (
        team.office.raw(team.caseworker.username) as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        conn.execute("SELECT age_identity FROM exchange_identity")
    upgrade_office(team.office.admin_dsn)
    with team.office.raw(team.caseworker.username) as conn:
        conn.execute("SELECT age_identity FROM exchange_identity").fetchone()
    with (
        team.office.raw(team.intake.username) as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        conn.execute("UPDATE exchange_partner SET verified_at = now()")
    with (
        team.office.raw(team.intake.username) as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        conn.execute("SELECT 1 FROM incoming_referral")


def test_office_init_makes_the_organizations_keys(
    pg_server: PgServer, tmp_path: Path, office_template: OfficeTemplate
) -> None:
    name = f"init_exchange_{office_template.team.office.dbname}"
    with psycopg.connect(pg_server.superuser_dsn(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')  # type: ignore[arg-type]
    try:
        pw = tmp_path / "pw"
        pw.write_text("init admin passphrase 3390\n")
        args = ["office", "init", "--dsn", pg_server.superuser_dsn(name)]
        assert main([*args, "--admin", f"keys.{name}", "--password-file", str(pw)]) == 0
        with psycopg.connect(pg_server.superuser_dsn(name)) as conn:
            rows = conn.execute(
                "SELECT i.age_identity, u.username FROM exchange_identity i "
                'JOIN "user" u ON u.id = i.created_by_id'
            ).fetchall()
        assert len(rows) == 1
        assert str(rows[0][0]).startswith("AGE-SECRET-KEY-1")
        assert rows[0][1] == f"keys.{name}"
    finally:
        with psycopg.connect(pg_server.superuser_dsn(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # type: ignore[arg-type]


def test_a_status_about_a_case_out_of_reach_changes_nothing(
    side: OfficeSide, clinic: Org, tmp_path: Path
) -> None:
    """The answer to the first caseworker's referral, opened by another caseworker who cannot
    reach that case, is refused and stores nothing; its own caseworker then applies it."""
    pairing = pair_office_with_vault(side, clinic)
    referral_id = office_referral(side, pairing.vault_in_office)
    package = send_from_office(side, referral_id, tmp_path / "out")
    opened = _open_in_vault(clinic, package)
    assert opened.incoming is not None
    accepted = _answer_in_vault(clinic, opened.incoming.id, "accept", tmp_path / "out")
    team = side.team
    for actor, visible in ((team.caseworker, 1), (team.caseworker2, 0), (team.supervisor, 1)):
        with team.office.raw(actor.username) as conn:  # the package sent: its case's message
            assert conn.execute("SELECT count(*) FROM exchange_message").fetchall() == [(visible,)]
    before = office_database_hash(team)
    with side.session(team.caseworker2) as s, pytest.raises(ExchangeError) as err:
        open_received_file(s, actor=team.caseworker2, data=accepted.read_bytes())
    assert err.value.code == "unknown_referral"
    assert office_database_hash(team) == before
    with side.session(team.caseworker2) as s, pytest.raises(NotFound):
        get_referral(s, actor=team.caseworker2, referral_id=referral_id)
    with side.session(team.supervisor) as s:  # every case: applies it
        applied = open_received_file(s, actor=team.supervisor, data=accepted.read_bytes())
    assert applied.status is not None
    assert applied.status.applied
    assert _referral_status(side, referral_id) == "accepted"
