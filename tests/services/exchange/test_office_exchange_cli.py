"""`safehaven exchange` on an office server (--office-profile): a caseworker sends a package and
opens the partner's answer with their own database login, a director shows the key card, and
a command given both a vault folder and a profile is refused."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from safehaven.cli import main
from safehaven.services.exchange.receive import open_received_file
from safehaven.services.exchange.status import respond_to_referral
from safehaven.services.referrals.referrals import get_referral
from safehaven.storage.postgres.profile import save_profile
from tests.office.conftest import STAFF_PASSWORD
from tests.services.exchange.helpers import Org, make_vault
from tests.services.exchange.office_helpers import (
    OfficeSide,
    office_referral,
    office_side,
    pair_office_with_vault,
)
from tests.services.stores import OfficeTemplate


@pytest.fixture
def side(office_template: OfficeTemplate) -> Iterator[OfficeSide]:
    with office_side(office_template) as made:
        yield made


def _as(side: OfficeSide, tmp_path: Path, who: str) -> list[str]:
    """The sign-in arguments of one office login."""
    profile = save_profile(tmp_path / "laptop", side.team.office.profile)
    password = tmp_path / "pw"
    password.write_text(STAFF_PASSWORD + "\n", "utf-8")
    return ["--office-profile", str(profile), "--user", who, "--password-file", str(password)]


def test_send_and_open_the_answer_from_the_command_line(
    side: OfficeSide, tmp_path: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    clinic: Org = make_vault(tmp_path / "clinic", "Clinic C")
    pairing = pair_office_with_vault(side, clinic)
    referral_id = office_referral(side, pairing.vault_in_office)
    caseworker = side.team.caseworker
    signed = _as(side, tmp_path, caseworker.username)
    out = tmp_path / "out"
    out.mkdir()

    sent = ["exchange", "send", *signed, "--referral", str(referral_id), "--out", str(out)]
    assert main([*sent, "--fields", "chosen_name"]) == 0
    (package,) = out.glob("*.shx")
    assert "client fields: chosen_name" in capsys.readouterr().out

    with clinic.session() as s:
        opened = open_received_file(s, actor=clinic.caseworker, data=package.read_bytes())
    assert opened.incoming is not None
    assert dict(opened.incoming.shared) == {"chosen_name": "Luz"}
    with clinic.session() as s:
        answer = respond_to_referral(
            s,
            actor=clinic.caseworker,
            incoming_id=opened.incoming.id,
            action="accept",
            folder=out,
        ).path

    assert main(["exchange", "open", *signed, str(answer)]) == 0
    assert "the referral is now accepted" in capsys.readouterr().out
    with side.session(caseworker) as s:
        assert get_referral(s, actor=caseworker, referral_id=referral_id).status == "accepted"
    assert main(["exchange", "open", *signed, str(answer)]) == 1  # the same file twice


def test_a_director_shows_the_key_card_and_both_stores_at_once_are_refused(
    side: OfficeSide, tmp_path: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    director = _as(side, tmp_path, side.team.director.username)
    assert main(["exchange", "card", *director]) == 0
    printed = capsys.readouterr().out
    assert "Safety number:" in printed
    assert "AGE-SECRET-KEY" not in printed
    both = ["exchange", "card", "--data-dir", str(tmp_path / "vault"), *director]
    assert main(both) == 1
    assert "not both" in capsys.readouterr().err
