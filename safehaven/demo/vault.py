"""Demo vaults: deterministic synthetic data (`--seed`) so every screen and report has content.

Each area adds a step to DEMO_STEPS: `step(session, rng, ctx)` runs inside its own transaction.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from safehaven.demo.context import DemoContext, DemoStep, add_rows
from safehaven.demo.intake import add_intake_consent_and_notes
from safehaven.demo.names import CITIES, FAMILY, GIVEN, NICKNAMES, PRONOUNS, STREETS
from safehaven.demo.referrals import add_directory_and_referrals
from safehaven.demo.reunification import add_reunification_and_employment
from safehaven.demo.screening import add_screening_demo
from safehaven.models.client import Client, format_case_number
from safehaven.models.permissions import Role
from safehaven.services import settings as settings_service
from safehaven.services.accounts import accounts
from safehaven.services.audit import record_event
from safehaven.storage.keyslots import KdfParams

T = TypeVar("T")
DEMO_PASSWORD = "safehaven-demo"  # noqa: S105 - the published password of demo vaults
DEMO_ACCOUNTS: tuple[tuple[str, str, tuple[Role, ...]], ...] = (
    ("admin", "Alex Admin", (Role.ADMIN,)),
    ("director", "Dana Director", (Role.DIRECTOR,)),
    ("supervisor", "Sam Supervisor", (Role.SUPERVISOR,)),
    ("caseworker", "Casey Caseworker", (Role.CASEWORKER,)),
    ("intake", "Ira Intake", (Role.INTAKE,)),
)
COUNTRIES = (
    ("US", 30),
    ("MX", 18),
    ("GT", 8),
    ("HN", 7),
    ("SV", 5),
    ("PH", 6),
    ("TH", 4),
    ("VN", 4),
    ("NG", 3),
    ("GH", 2),
    ("UA", 3),
    ("RO", 2),
    ("CN", 3),
    ("IN", 3),
    ("NP", 2),
    ("HT", 3),
    ("VE", 3),
    ("CO", 2),
    ("ER", 1),
    ("ET", 1),
)
GENDER_WEIGHTS = (
    ("female", 62),
    ("male", 30),
    ("transgender", 3),
    ("non_binary", 2),
    ("prefers_not_to_answer", 2),
    (None, 1),
)
TYPE_WEIGHTS = (("sex", 45), ("labor", 35), ("both", 10), ("unknown", 6), (None, 4))
LANGS = {
    "US": "en",
    "MX": "es",
    "GT": "es",
    "HN": "es",
    "SV": "es",
    "VE": "es",
    "CO": "es",
    "PH": "tl,en",
    "TH": "th",
    "VN": "vi",
    "NG": "en,yo",
    "GH": "en,tw",
    "UA": "uk,ru",
    "RO": "ro",
    "CN": "zh",
    "IN": "hi,en",
    "NP": "ne",
    "HT": "ht,fr",
    "ER": "ti",
    "ET": "am",
}


@dataclass(frozen=True)
class DemoSummary:
    clients: int
    accounts: tuple[str, ...]
    password: str


def create_demo_vault(
    folder: Path,
    *,
    clients: int = 500,
    seed: int = 1,
    kdf: KdfParams | None = None,
    today: dt.date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> DemoSummary:
    """A new vault marked as demo, one account per role (password `safehaven-demo`), and data."""
    created = accounts.initialize_vault(
        folder,
        admin_username="admin",
        admin_password=DEMO_PASSWORD,
        admin_display_name="Alex Admin",
        organization_name="Casa Esperanza (demo)",
        demo=True,
        kdf=kdf,
        check_strength=False,
    )
    vault, admin = created.signed_in.vault, created.signed_in.actor
    try:
        users = {"admin": admin.user_id}
        for username, display, roles in DEMO_ACCOUNTS[1:]:
            row = accounts.create_user(
                vault,
                actor=admin,
                username=username,
                display_name=display,
                roles=roles,
                password=DEMO_PASSWORD,
                must_change_password=False,
                check_strength=False,
            )
            users[username] = row.id
        ctx = DemoContext(today=today or dt.date.today(), users=users, clients_wanted=clients)
        rng = random.Random(seed)  # noqa: S311 - synthetic data, not a secret
        steps = DEMO_STEPS
        for done, step in enumerate(steps, start=1):
            with vault.session() as session, session.begin():
                step(session, rng, ctx)
            if progress:
                progress(done, len(steps))
    finally:
        vault.close()
    return DemoSummary(clients, tuple(u for u, _, _ in DEMO_ACCOUNTS), DEMO_PASSWORD)


def add_clients(session: Session, rng: random.Random, ctx: DemoContext) -> None:
    """`ctx.clients_wanted` synthetic clients with intake dates spread over the last three years."""
    caseworkers = [ctx.users["caseworker"], ctx.users["supervisor"], None]
    start = ctx.today - dt.timedelta(days=3 * 365)
    count = ctx.clients_wanted
    rows = [_client_values(rng, ctx, start, caseworkers) for _ in range(count)]
    rows.sort(key=lambda r: _date(r["intake_date"]))
    serials: dict[int, int] = {}
    for row in rows:
        year = _date(row["intake_date"]).year
        serials[year] = serials.get(year, 0) + 1
        row["case_number"] = format_case_number(year, serials[year])
    for i in range(0, len(rows), 5000):
        add_rows(session, Client, rows[i : i + 5000])
    settings_service.put_setting(session, "next_case_serial", max(serials.values(), default=0) + 1)
    ctx.client_ids = list(session.execute(select(Client.id).order_by(Client.id)).scalars())
    record_event(
        session,
        actor_id=ctx.users["admin"],
        action="demo_data_created",
        object_type="vault",
        details={"clients": count},
    )


def _client_values(
    rng: random.Random,
    ctx: DemoContext,
    start: dt.date,
    caseworkers: list[int | None],
) -> dict[str, object]:
    country = _weighted(rng, COUNTRIES)
    intake = start + dt.timedelta(days=rng.randrange((ctx.today - start).days + 1))
    age = rng.choice(
        (rng.randint(13, 17), rng.randint(18, 30), rng.randint(18, 30), rng.randint(31, 60))
    )
    has_dob = rng.random() < 0.6
    dob = intake - dt.timedelta(days=age * 365 + rng.randrange(365)) if has_dob else None
    given, family = rng.choice(GIVEN), rng.choice(FAMILY)
    closed = intake < ctx.today - dt.timedelta(days=120) and rng.random() < 0.55
    closure = intake + dt.timedelta(days=rng.randint(30, 400)) if closed else None
    if closure is not None and closure > ctx.today:
        closed, closure = False, None
    values: dict[str, object] = {
        "chosen_name": given if rng.random() < 0.7 else rng.choice(NICKNAMES),
        "other_names": f"{given} {family}" if rng.random() < 0.35 else None,
        "legal_name": f"{given} {rng.choice(FAMILY)} {family}" if rng.random() < 0.5 else None,
        "date_of_birth": dob,
        "estimated_age": None if has_dob else age,
        "age_is_estimated": not has_dob,
        "gender": _weighted(rng, GENDER_WEIGHTS),
        "pronouns": rng.choice(PRONOUNS),
        "languages": LANGS.get(country, "en"),
        "interpreter_needed": country != "US" and rng.random() < 0.6,
        "country_of_origin": country,
        "citizenship_category": _citizenship(rng, country),
        "trafficking_type": _weighted(rng, TYPE_WEIGHTS),
        "phone": f"+1-555-{rng.randint(100, 999)}-{rng.randint(1000, 9999)}"
        if rng.random() < 0.4
        else None,
        "address": f"{rng.randint(1, 999)} {rng.choice(STREETS)}, {rng.choice(CITIES)}"
        if rng.random() < 0.3
        else None,
        "status": "closed" if closed else "active",
        "assigned_caseworker_id": rng.choice(caseworkers),
        "created_by_id": ctx.users["intake"],
        "intake_date": intake,
        "closure_date": closure,
    }
    return values


def _date(value: object) -> dt.date:
    assert isinstance(value, dt.date)  # noqa: S101 - narrows a type; never guards a permission
    return value


def _citizenship(rng: random.Random, country: str) -> str | None:
    if rng.random() < 0.04:
        return rng.choice(("doesnt_know", "prefers_not_to_answer", None))
    if country == "US":
        return "citizen_or_lpr"
    return "citizen_or_lpr" if rng.random() < 0.1 else "foreign_national"


def _weighted(rng: random.Random, options: tuple[tuple[T, int], ...]) -> T:
    values = [v for v, _ in options]
    weights = [w for _, w in options]
    return rng.choices(values, weights)[0]


DEMO_STEPS: tuple[DemoStep, ...] = (
    add_clients,
    add_reunification_and_employment,
    add_directory_and_referrals,
    add_intake_consent_and_notes,
    add_screening_demo,
)
