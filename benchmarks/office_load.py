"""Office load: N clients, S staff at once for T seconds — on PostgreSQL (office mode, TLS, RLS,
each staff member with their own login, each in an OS process of their own as on their own
laptop) and, beside it, the same workload on the single-user vault. Prints `name value unit`.

The loop each staff member runs is in `office_staff.py` (search, the rest of the search, open a
case, add a note, change a referral status, save the profile). Half the staff are caseworkers
(sharing the assigned cases, row security limits each to their own and unassigned ones), half
supervisors.

Besides each operation's p50/p95/max (wall time in the staff process) and the CPU time the staff
process spent on it, it prints the one-minute load average during the run, the audit chain's
breaks after it, and the server's own time per statement (`pg_stat_statements`, nested
statements of functions and triggers included): the difference between an operation's wall
time and the server's time is the client's own work and its wait for a core.

`--pause S` makes each person take 0.5–1.5 × S seconds between steps (reading the answer); by
default nobody pauses, the stress workload of the office issue.

Run: .venv/bin/python benchmarks/office_load.py [--clients 100000] [--staff 10] [--seconds 60]
     [--no-vault] [--explain] [--fsync] [--pause 1]
Needs the PostgreSQL ≥ 15 server binaries (a throwaway server is started and removed).
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing
import os
import random
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import Engine, create_engine, insert, text
from sqlalchemy.orm import Session

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from office_staff import StaffPlan, Timings, print_timings, run_staff, warm_up

from safehaven.demo.names import FAMILY, GIVEN
from safehaven.models.client import Client, format_case_number
from safehaven.models.permissions import Role
from safehaven.models.referral import Referral
from safehaven.services import audit
from safehaven.services.accounts import accounts
from safehaven.services.actor import Actor
from safehaven.services.office import accounts as office_accounts
from safehaven.storage.keyslots import FAST_TEST_KDF
from safehaven.storage.postgres.profile import ConnectionProfile
from safehaven.storage.postgres.setup import initialize_office, sqlalchemy_url
from safehaven.storage.stores.office_store import open_office
from tests.office.pgserver import PgServer, start_server

PASSWORD = "benchmark staff passphrase 3141"
REFERRAL_EVERY = 4  # one case in four has a referral waiting for the partner's answer


def _client_rows(count: int, workers: list[int]) -> list[dict[str, Any]]:
    rng = random.Random(7)
    today = dt.date(2026, 6, 1)
    now = dt.datetime.now(dt.UTC)
    return [
        {
            "case_number": format_case_number(2026, i + 1),
            "chosen_name": f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}",
            "age_is_estimated": False,
            "status": "active",
            "assigned_caseworker_id": workers[i % len(workers)] if i % 3 else None,
            "intake_date": today - dt.timedelta(days=i % 900),
            "created_at": now,
            "updated_at": now,
            "version": 1,
        }
        for i in range(count)
    ]


def _referral_rows(client_ids: list[int]) -> list[dict[str, Any]]:
    now = dt.datetime.now(dt.UTC)
    return [
        {
            "reference": f"R-2026-{n:06d}",
            "client_id": cid,
            "service_type": "legal_aid",
            "status": "sent",
            "sent_at": now,
            "follow_up_due": now.date() + dt.timedelta(days=7),
            "created_at": now,
            "updated_at": now,
        }
        for n, cid in enumerate(client_ids[::REFERRAL_EVERY])
    ]


def _bulk(engine: Engine, count: int, workers: list[int], *, owner: bool) -> None:
    with Session(engine) as session, session.begin():
        if owner:
            session.execute(text('SET LOCAL ROLE "sh_owner"'))
        rows = _client_rows(count, workers)
        for start in range(0, len(rows), 5000):
            session.execute(insert(Client.__table__), rows[start : start + 5000])
        session.execute(
            text("UPDATE setting SET value = :v WHERE key = 'next_case_serial'"),
            {"v": str(count + 1)},
        )
        ids = [int(v) for v in session.execute(text("SELECT id FROM client ORDER BY id")).scalars()]
        session.execute(insert(Referral.__table__), _referral_rows(ids))


def _plans(engine: Engine, actors: list[Actor]) -> list[StaffPlan]:
    """Each actor's cases (what row security lets them open) and the referrals they own."""
    with engine.connect() as conn:
        cases = conn.exec_driver_sql("SELECT id, assigned_caseworker_id FROM client").all()
        refs = conn.exec_driver_sql("SELECT id, client_id FROM referral ORDER BY id").all()
    worker_of = {int(cid): worker for cid, worker in cases}
    plans = []
    for actor in actors:
        if actor.has_role(Role.SUPERVISOR):
            mine = sorted(worker_of)
        else:
            mine = sorted(c for c, w in worker_of.items() if w in (None, actor.user_id))
        plans.append(StaffPlan(actor, mine, []))
    scopes = [set(p.case_ids) for p in plans]
    for n, (rid, cid) in enumerate(refs):  # each referral to one staff member whose scope has it
        able = [i for i, scope in enumerate(scopes) if cid in scope]
        plans[able[n % len(able)]].referral_ids.append(int(rid))
    return plans


def _staff_process(
    profile: ConnectionProfile, plan: StaffPlan, seconds: float, pause: float, go: Any, out: Any
) -> None:
    """One staff member's laptop: their own login, their own process."""
    store = open_office(profile, plan.actor.username, PASSWORD)
    try:
        warm_up(store.session, plan)
        out.put(("ready", plan.actor.username))
        go.wait()
        until = time.time() + seconds
        timings = run_staff(store.session, plan, until, seed=plan.actor.user_id, pause=pause)
    finally:
        store.close()
    out.put(("done", timings))


class _LoadSampler:
    """The one-minute load average, sampled every 5 s while the run lasts."""

    def __init__(self) -> None:
        self.samples = [os.getloadavg()[0]]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.wait(5):
            self.samples.append(os.getloadavg()[0])

    def __enter__(self) -> _LoadSampler:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.samples.append(os.getloadavg()[0])

    def report(self, label: str) -> None:
        s = self.samples
        print(
            f"{label}_load_average start {s[0]:.2f}, end {s[-1]:.2f}, max {max(s):.2f} "
            f"(1-minute, {os.cpu_count()} cores)"
        )


def _run_processes(
    profile: ConnectionProfile, plans: list[StaffPlan], seconds: float, pause: float
) -> Timings:
    ctx = multiprocessing.get_context("spawn")
    go, out = ctx.Event(), ctx.Queue()
    procs = [
        ctx.Process(target=_staff_process, args=(profile, plan, seconds, pause, go, out))
        for plan in plans
    ]
    for proc in procs:
        proc.start()
    for _ in procs:
        out.get(timeout=120)
    total = Timings()
    with _LoadSampler() as load:
        go.set()
        for _ in procs:
            _kind, timings = out.get(timeout=seconds + 120)
            total.merge(timings)
    for proc in procs:
        proc.join()
    load.report("office")
    return total


def _server(fsync: bool) -> PgServer:
    """The tests' throwaway server, with PostgreSQL's default shared_buffers and the statement
    statistics the figures below need."""
    server = start_server()
    with (server.data / "postgresql.conf").open("a") as conf:
        conf.write(
            "shared_preload_libraries = 'pg_stat_statements'\n"
            "pg_stat_statements.track = all\nshared_buffers = 128MB\n"
            + ("fsync = on\n" if fsync else "")
        )
    server.stop()
    server.start()
    return server


def _server_statements(dsn: str, seconds: float) -> None:
    """The server's own time per statement during the run (all logins), the busiest first."""
    with psycopg.connect(dsn) as conn:
        rows = conn.execute(
            "SELECT sum(calls), sum(total_exec_time), sum(total_exec_time) / sum(calls), "
            "max(max_exec_time), toplevel, query FROM pg_stat_statements "
            "WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) "
            "GROUP BY toplevel, query ORDER BY 2 DESC LIMIT 16"
        ).fetchall()
        busy = conn.execute(
            "SELECT coalesce(sum(total_exec_time), 0) FROM pg_stat_statements "
            "WHERE toplevel AND dbid = (SELECT oid FROM pg_database "
            "WHERE datname = current_database())"
        ).fetchone()
    total = float(busy[0] if busy else 0) / 1000
    print(f"server_statement_time {total:.1f} s in {seconds:.0f} s (top level, all logins)")
    for calls, total, mean, most, top, query in rows:
        shape = " ".join(str(query).split())[:110]
        print(
            f"server_stmt mean {mean:.2f} ms, max {most:.1f} ms, calls {calls}, total "
            f"{total / 1000:.1f} s, {'top' if top else 'nested'}: {shape}"
        )


def _setup_office(server: PgServer, args: argparse.Namespace) -> tuple[Any, ...]:
    with psycopg.connect(server.superuser_dsn(), autocommit=True) as conn:
        conn.execute('CREATE DATABASE "bench"')
    dsn = server.superuser_dsn("bench")
    initialize_office(dsn, admin_username="benchadmin", admin_password=PASSWORD)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
    profile = ConnectionProfile("localhost", server.port, "bench", str(server.ca_cert))
    admin_store = open_office(profile, "benchadmin", PASSWORD)
    with admin_store.session() as session:
        admin = office_accounts.signed_in_actor(session)
    actors = []
    for i in range(args.staff):
        role = Role.CASEWORKER if i < args.staff // 2 else Role.SUPERVISOR
        with admin_store.session() as session:
            row = office_accounts.add_office_user(
                session,
                actor=admin,
                username=f"staff{i}",
                display_name=f"Staff {i}",
                roles=(role,),
                password=PASSWORD,
            )
        actors.append(Actor(row.id, row.username, row.username, (role,)))
    admin_store.close()
    return dsn, profile, admin, actors


def office_run(args: argparse.Namespace) -> None:
    server = _server(args.fsync)
    try:
        dsn, profile, admin, actors = _setup_office(server, args)
        workers = [a.user_id for a in actors if not a.has_role(Role.SUPERVISOR)]
        started = time.perf_counter()
        engine = create_engine(sqlalchemy_url(dsn))
        _bulk(engine, args.clients, workers, owner=True)
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE")
        plans = _plans(engine, actors)
        engine.dispose()
        print(f"office_load_{args.clients}_clients {time.perf_counter() - started:.1f} s")
        if args.explain:
            from office_explain import explain_round

            explain_round(profile, plans, PASSWORD)
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute("SELECT pg_stat_statements_reset()")
        print_timings("office", _run_processes(profile, plans, args.seconds, args.pause))
        _server_statements(dsn, args.seconds)
        verifier = open_office(profile, "benchadmin", PASSWORD)
        with verifier.session() as session:
            report = audit.verify_chain(session, actor=admin)
        verifier.close()
        print(f"office_chain_breaks {0 if report.ok else 1} breaks ({report.checked} events)")
    finally:
        server.remove()


def vault_run(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        made = accounts.initialize_vault(
            Path(tmp) / "vault", admin_username="admin", admin_password=PASSWORD, kdf=FAST_TEST_KDF
        )
        vault, admin = made.signed_in.vault, made.signed_in.actor
        actors = []
        for i in range(args.staff):
            role = Role.CASEWORKER if i < args.staff // 2 else Role.SUPERVISOR
            row = accounts.create_user(
                vault,
                actor=admin,
                username=f"staff{i}",
                display_name=f"Staff {i}",
                roles=(role,),
                password=PASSWORD,
                must_change_password=False,
            )
            actors.append(Actor(row.id, row.username, row.username, (role,)))
        workers = [a.user_id for a in actors if not a.has_role(Role.SUPERVISOR)]
        _bulk(vault.engine, args.clients, workers, owner=False)
        plans = _plans(vault.engine, actors)
        total = Timings()
        until = time.time() + args.seconds
        results: list[Timings] = []

        for plan in plans:
            warm_up(vault.session, plan)

        def one(plan: StaffPlan) -> None:
            seed = plan.actor.user_id
            results.append(run_staff(vault.session, plan, until, seed=seed, pause=args.pause))

        threads = [threading.Thread(target=one, args=(p,)) for p in plans]
        with _LoadSampler() as load:
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        load.report("vault")
        for timings in results:
            total.merge(timings)
        print_timings("vault", total)
        with vault.session() as session:
            report = audit.verify_chain(session, actor=admin)
        print(f"vault_chain_breaks {0 if report.ok else 1} breaks ({report.checked} events)")
        vault.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--staff", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--no-vault", action="store_true", help="the office run only")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN one round's reads")
    parser.add_argument("--fsync", action="store_true", help="the server flushes commits")
    parser.add_argument(
        "--pause",
        type=float,
        default=0.0,
        help="seconds a person takes between steps (0.5-1.5 times this; default 0: each "
        "clicks as soon as the answer comes, the issue's stress workload)",
    )
    args = parser.parse_args()
    office_run(args)
    if not args.no_vault:
        vault_run(args)


if __name__ == "__main__":
    main()
