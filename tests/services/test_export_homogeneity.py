"""l-diversity as a property: a group whose members all share one type of trafficking never has
that type revealed, whatever the rest of the population looks like (reference §4.4, T4, T7)."""

from __future__ import annotations

import csv
import datetime as dt
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safehaven.models.client import AGE_BANDS
from safehaven.models.period import parse_period
from safehaven.services.disclosure.dimensions import DIMENSIONS
from safehaven.services.disclosure.errors import AuditFailed, TooFewClients
from safehaven.services.disclosure.files import build_csv
from safehaven.services.disclosure.policy import load_policy
from safehaven.services.disclosure.protect import protect
from safehaven.services.disclosure.tabulate import Unit
from tests.services.export_attacker import Attacker

H1 = parse_period("2026-H1")
TYPES = DIMENSIONS["trafficking_type"].base
TIMS = {code: group for group, members in DIMENSIONS["trafficking_type"].level("tims")
        for code in members}  # fmt: skip
CLIENT = st.tuples(
    st.integers(0, 240),
    st.sampled_from((*AGE_BANDS[1:], "not_collected")),
    st.sampled_from(("female", "male", "transgender")),
    st.sampled_from(("citizen_or_lpr", "foreign_national")),
    st.sampled_from(TYPES),
)


def frame_of(people: list[tuple[int, str, str, str, str]]) -> dict[str, list[Unit]]:
    units = []
    for day, age, gender, citizenship, ttype in people:
        codes = (
            ("age", age),
            ("gender", gender),
            ("citizenship", citizenship),
            ("trafficking_type", ttype),
        )
        units.append(Unit(dt.date(2025, 11, 1) + dt.timedelta(days=day), None, codes))
    return {"clients": units, "referrals": [], "assessments": [], "placements": []}


def exported(people: list[tuple[int, str, str, str, str]]) -> str | None:
    """The CSV of the export, or None when the engine refused (refusing is always safe)."""
    try:
        protected = protect(
            load_policy(),
            frame_of(people),
            H1,
            [],
            threshold=11,
            progress=lambda a, b: None,
            is_cancelled=lambda: False,
        )
    except (TooFewClients, AuditFailed):
        return None
    return build_csv(protected).decode("utf-8")


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    ttype=st.sampled_from(TYPES),
    minors=st.lists(st.integers(0, 240), min_size=1, max_size=24),
    others=st.lists(CLIENT, min_size=20, max_size=50),
    gender=st.sampled_from(("female", "male")),
)
def test_a_homogeneous_minor_group_never_has_its_type_revealed(
    ttype: str, minors: list[int], others: list[tuple[int, str, str, str, str]], gender: str
) -> None:
    group = [(day, "under_18", gender, "foreign_national", ttype) for day in minors]
    text = exported(group + others)
    if text is None:
        return
    rows = list(csv.reader(io.StringIO(text)))[1:]
    minor = [r for r in rows if r[0] == "T07" and r[2] == "minor" and r[3] != "Total"]
    # The minor row shows none of its categories, not even its zeros (or T07 is withheld).
    assert all(r[5] == "suppressed" for r in minor), minor
    if not minor:
        return
    attacker = Attacker([(H1, text)])
    cells = {c.column: c for c in attacker.cells if c.table == "T07" and c.row == "minor"}
    own = TIMS[ttype]
    size = len(group)
    lo, _ = attacker.bounds(cells[own])
    assert lo < size, ("every minor proved to be", own)
    highs = [attacker.bounds(cells[c])[1] for c in cells if c not in (own, "Total")]
    assert max(highs) >= 11, ("no other type possible for the minors", highs)
    # Knowing the rule, the attacker knows a wholly hidden row is homogeneous: at least two
    # categories must still be able to hold every minor.
    assert len(attacker.homogeneous_candidates("T07", "minor")) >= 2


def population(minors: int, ttype: str, adults: dict[str, int]) -> list[tuple[int, ...]]:
    people: list[tuple[int, ...]] = [
        (i, "under_18", "female", "foreign_national", ttype) for i in range(minors)
    ]
    k = 0
    for adult_type, count in adults.items():
        for _ in range(count):
            band = ("18_24", "25_34", "35_44")[k % 3]
            gender, cit = (("female", "citizen_or_lpr"), ("male", "foreign_national"))[k % 2]
            people.append((k % 200, band, gender, cit, adult_type))
            k += 1
    return people


def test_a_hidden_row_that_only_one_type_could_fill_is_not_published() -> None:
    """14 minors, all sex-trafficked; the other types have 11 or 12 clients in all. The minor
    row hidden for l-diversity tells a reader of the policy that it is homogeneous, and only
    "sex" is large enough to hold 14 — so hiding the row is not enough: T07 must go."""
    people = population(14, "sex", {"sex": 15, "labor": 11, "both": 12, "unknown": 11})
    text = exported(people)
    assert text is not None  # the other tables are safe to publish
    rows = [r for r in csv.reader(io.StringIO(text)) if r[0] == "T07" and r[2] == "minor"]
    if rows:
        assert len(Attacker([(H1, text)]).homogeneous_candidates("T07", "minor")) >= 2
    else:
        assert "T06,Clients by type of trafficking,sex,count,29," in text.splitlines()
