"""Reports and exports count ages from the derived age at intake: the same figures as the date
of birth gave before, and the same for a session without the restricted key (a director)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

from sqlalchemy import select

from safehaven.demo import vault as demo
from safehaven.models.client import Client, age_band, age_on
from safehaven.models.period import parse_period
from safehaven.services.accounts import accounts
from safehaven.services.cases.restricted import read_client_field
from safehaven.services.disclosure.dimensions import NC
from safehaven.services.disclosure.tabulate import load_frame
from safehaven.storage.fields import Restricted
from safehaven.storage.keyslots import FAST_TEST_KDF

TODAY = dt.date(2026, 11, 30)


def _ages(folder: Path, username: str) -> tuple[Counter, Counter, bool]:
    signed = accounts.sign_in(folder, username, demo.DEMO_PASSWORD)
    try:
        with signed.vault.session() as s:
            from_dob: Counter = Counter()
            readable = True
            for client in s.execute(select(Client)).scalars():
                dob = read_client_field(s, client, "date_of_birth")
                if isinstance(dob, Restricted):
                    readable = False
                    continue
                old = age_band(age_on(dob, client.estimated_age, client.intake_date))
                from_dob[(client.intake_date, old or NC)] += 1
            frame = load_frame(
                s, [parse_period("2024"), parse_period("2025"), parse_period("2026")]
            )
            counted = Counter((u.start, u.code("age")) for u in frame["clients"])
    finally:
        signed.vault.close()
    return from_dob, counted, readable


def test_age_figures_match_the_birth_dates_and_need_no_key(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    demo.create_demo_vault(folder, clients=120, kdf=FAST_TEST_KDF, today=TODAY)
    from_dob, counted, readable = _ages(folder, "supervisor")
    assert readable
    assert sum(1 for v in from_dob if v[1] != NC) > 50
    in_frame = Counter({k: v for k, v in from_dob.items() if k in counted})
    assert in_frame == counted
    _none, director_counted, director_reads = _ages(folder, "director")
    assert not director_reads
    assert director_counted == counted
