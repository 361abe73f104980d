"""One simulated staff member of `office_load.py`: the loop each of them runs, and the figures.

In office mode each staff member runs in an OS process of their own (as on their own laptop),
signed in with their own login, so the database's row-level security applies to every step.
The vault run uses the same loop in threads over the one vault (a single-user store).

One round of the loop, as a person at the case list would do it:
- `search`: two letters of a first name typed; the first screenful of ids and its rows (the
  UI's first step, what the person waits for);
- `search_rest`: every matching id in order (the UI's second step, for the count and the
  scroll bar; it runs while the person already sees the first page);
- `open`: the case opened (an audit event: the view is recorded);
- `note`: a note added;
- `referral`: a referral's status changed (sent -> accepted -> completed);
- `profile`: the case profile saved.
`note`, `referral` and `profile` are the writes.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from safehaven.demo.names import GIVEN
from safehaven.services.actor import Actor
from safehaven.services.cases import case_list, clients, notes
from safehaven.services.cases.case_list import CaseQuery
from safehaven.services.cases.clients import ClientDraft
from safehaven.services.referrals import referrals

FIRST_PAGE = 60  # as ui/search/live_search.py
OPERATIONS = ("search", "search_rest", "open", "note", "referral", "profile")
WRITES = ("note", "referral", "profile")


@dataclass
class StaffPlan:
    """What one staff member works on: the cases in their scope and the referrals they own (each
    referral belongs to one staff member, so no two move the same one at once)."""

    actor: Actor
    case_ids: list[int]
    referral_ids: list[int]


@dataclass
class Timings:
    wall: dict[str, list[float]] = field(default_factory=lambda: {op: [] for op in OPERATIONS})
    cpu: dict[str, list[float]] = field(default_factory=lambda: {op: [] for op in OPERATIONS})
    errors: list[str] = field(default_factory=list)  # the kind of each failed step

    def merge(self, other: Timings) -> None:
        for op in OPERATIONS:
            self.wall[op] += other.wall[op]
            self.cpu[op] += other.cpu[op]
        self.errors += other.errors


class _Clock:
    def __init__(self, timings: Timings, pause: float = 0.0, rng: random.Random | None = None):
        self.timings, self.pause, self.rng = timings, pause, rng or random.Random()

    @contextmanager
    def time(self, op: str) -> Iterator[None]:
        wall, cpu = time.perf_counter(), time.thread_time()
        yield
        self.timings.cpu[op].append(time.thread_time() - cpu)
        self.timings.wall[op].append(time.perf_counter() - wall)
        if self.pause:  # the person reads the answer before the next click
            time.sleep(self.pause * self.rng.uniform(0.5, 1.5))


def run_staff(
    open_session: Callable[[], Session],
    plan: StaffPlan,
    until: float,
    seed: int,
    pause: float = 0.0,
) -> Timings:
    """Loop until `until` (a `time.time()` instant); every failed step is counted by kind.
    `pause`: seconds (on average, 0.5–1.5 times) between one step's answer and the next step."""
    rng = random.Random(seed)
    timings = Timings()
    clock = _Clock(timings, pause, random.Random(seed + 1))
    states = dict.fromkeys(plan.referral_ids, "sent")
    while time.time() < until:
        try:
            _one_round(open_session, plan, rng, clock, states)
        except Exception as exc:  # counted and named, so the run goes on
            timings.errors.append(type(exc).__name__)
    return timings


def warm_up(open_session: Callable[[], Session], plan: StaffPlan) -> None:
    """One round, not counted, before the measured run: a signed-in laptop has compiled its
    statements and set up its models already (the first round of a new process takes up to a
    second of client CPU). Its referrals are left alone: the measured run moves them."""
    quiet = StaffPlan(plan.actor, plan.case_ids, referral_ids=[])
    run_staff(open_session, quiet, time.time() + 0.001, seed=0)


def _one_round(
    open_session: Callable[[], Session],
    plan: StaffPlan,
    rng: random.Random,
    clock: _Clock,
    states: dict[int, str],
) -> None:
    actor = plan.actor
    query = CaseQuery(text=rng.choice(GIVEN)[:2])
    with clock.time("search"), open_session() as session:
        ids = [
            r.id for r in case_list.first_page(session, actor=actor, query=query, limit=FIRST_PAGE)
        ]
    if len(ids) == FIRST_PAGE:
        with clock.time("search_rest"), open_session() as session:
            case_list.case_ids(session, actor=actor, query=query)
    case_id = rng.choice(plan.case_ids)
    with clock.time("open"), open_session() as session:
        row = clients.get_client(session, actor=actor, client_id=case_id)
    with clock.time("note"), open_session() as session:
        notes.add_note(session, actor=actor, client_id=case_id, dated=dt.date.today(), text="visit")
    _change_referral(open_session, actor, rng, clock, states)
    draft = ClientDraft(
        chosen_name=row.chosen_name,
        pronouns=rng.choice(("she", "he", "they")),
        assigned_caseworker_id=row.assigned_caseworker_id,
        intake_date=row.intake_date,
    )
    with clock.time("profile"), open_session() as session:
        clients.update_client(session, actor=actor, client_id=case_id, draft=draft)


def _change_referral(
    open_session: Callable[[], Session],
    actor: Actor,
    rng: random.Random,
    clock: _Clock,
    states: dict[int, str],
) -> None:
    open_ones = [rid for rid, status in states.items() if status != "completed"]
    if not open_ones:
        return
    referral_id = rng.choice(open_ones)
    move: Any = referrals.accept_referral
    if states[referral_id] == "accepted":
        move = referrals.complete_referral
    with clock.time("referral"), open_session() as session:
        moved = move(session, actor=actor, referral_id=referral_id)
    states[referral_id] = moved.status


def percentile(values: list[float], share: float) -> float:
    """The value below which `share` of `values` lie (nearest rank), in milliseconds."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))
    return ordered[rank] * 1000


def print_timings(label: str, timings: Timings) -> None:
    for op in OPERATIONS:
        wall, cpu = timings.wall[op], timings.cpu[op]
        print(
            f"{label}_{op} p50 {percentile(wall, 0.5):.1f} ms, p95 {percentile(wall, 0.95):.1f} "
            f"ms, max {percentile(wall, 1.0):.1f} ms, n {len(wall)}; client CPU p50 "
            f"{percentile(cpu, 0.5):.1f} ms, p95 {percentile(cpu, 0.95):.1f} ms"
        )
    writes = [x for op in WRITES for x in timings.wall[op]]
    print(
        f"{label}_write p50 {percentile(writes, 0.5):.1f} ms, p95 "
        f"{percentile(writes, 0.95):.1f} ms, max {percentile(writes, 1.0):.1f} ms, "
        f"n {len(writes)} ({', '.join(WRITES)})"
    )
    kinds: dict[str, int] = {}
    for kind in timings.errors:
        kinds[kind] = kinds.get(kind, 0) + 1
    named = ", ".join(f"{kind} {n}" for kind, n in sorted(kinds.items()))
    print(f"{label}_errors {len(timings.errors)} errors" + (f" ({named})" if named else ""))
