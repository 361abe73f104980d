"""Office load: N clients, S staff at once for T seconds — on PostgreSQL (office mode, TLS, RLS,
each staff member with their own login) and, beside it, the same workload on the single-user
vault. Prints `name value unit`.

Each simulated staff member loops: search (the first two letters of a first name, as typed), open
a case, add a note, edit the case profile. Five caseworkers (share the assigned cases) and five
supervisors.

Run: .venv/bin/python benchmarks/office_load.py [--clients 100000] [--staff 10] [--seconds 60]
Needs the PostgreSQL 15 server binaries (a throwaway server is started and removed).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import Engine, create_engine, insert, text
from sqlalchemy.orm import Session

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from safehaven.demo.names import FAMILY, GIVEN
from safehaven.models.client import Client, format_case_number
from safehaven.models.permissions import Role
from safehaven.services import audit
from safehaven.services.accounts import accounts
from safehaven.services.actor import Actor
from safehaven.services.cases import case_list, clients, notes
from safehaven.services.cases.case_list import CaseQuery
from safehaven.services.cases.clients import ClientDraft
from safehaven.services.office import accounts as office_accounts
from safehaven.storage.keyslots import FAST_TEST_KDF
from safehaven.storage.postgres.setup import initialize_office, sqlalchemy_url
from safehaven.storage.stores.office_store import open_office
from tests.office.pgserver import start_server

PASSWORD = "benchmark staff passphrase 3141"
NAMES = GIVEN  # the demo's name pools: a realistic spread of first letters


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


def _bulk(engine: Engine, rows: list[dict[str, Any]], *, owner: bool) -> None:
    with Session(engine) as session, session.begin():
        if owner:
            session.execute(text('SET LOCAL ROLE "sh_owner"'))
        for start in range(0, len(rows), 5000):
            session.execute(insert(Client.__table__), rows[start : start + 5000])
        next_serial = len(rows) + 1
        session.execute(
            text("UPDATE setting SET value = :v WHERE key = 'next_case_serial'"),
            {"v": str(next_serial)},
        )


def _workload(
    open_session: Callable[[], Session], actor: Actor, ids: list[int], stop: threading.Event
) -> tuple[list[float], list[float], list[str]]:
    rng = random.Random(actor.user_id)
    reads: list[float] = []
    writes: list[float] = []
    errors: list[str] = []  # the kind of each failed step
    while not stop.is_set():
        case_id = rng.choice(ids)
        try:
            started = time.perf_counter()
            with open_session() as session:
                case_list.case_ids(
                    session, actor=actor, query=CaseQuery(text=rng.choice(NAMES)[:2])
                )[:50]
            reads.append(time.perf_counter() - started)
            with open_session() as session:
                row = clients.get_client(session, actor=actor, client_id=case_id)
            started = time.perf_counter()
            with open_session() as session:
                notes.add_note(
                    session, actor=actor, client_id=case_id, dated=dt.date.today(), text="visit"
                )
            writes.append(time.perf_counter() - started)
            started = time.perf_counter()
            with open_session() as session:
                clients.update_client(
                    session,
                    actor=actor,
                    client_id=case_id,
                    draft=ClientDraft(
                        chosen_name=row.chosen_name,
                        pronouns=rng.choice(("she", "he", "they")),
                        assigned_caseworker_id=row.assigned_caseworker_id,
                        intake_date=row.intake_date,
                    ),
                )
            writes.append(time.perf_counter() - started)
        except Exception as exc:  # counted and named, so the run goes on
            errors.append(type(exc).__name__)
    return reads, writes, errors


def _run(
    label: str,
    sessions: list[Callable[[], Session]],
    actors: list[Actor],
    scope: list[list[int]],
    seconds: float,
) -> None:
    stop = threading.Event()
    results: list[tuple[list[float], list[float], list[str]]] = []
    lock = threading.Lock()

    def one(i: int) -> None:
        outcome = _workload(sessions[i], actors[i], scope[i], stop)
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(actors))]
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join()
    reads = sorted(x for r in results for x in r[0])
    writes = sorted(x for r in results for x in r[1])
    errors = Counter(kind for r in results for kind in r[2])

    def p95(values: list[float]) -> float:
        return values[int(len(values) * 0.95)] * 1000 if values else float("nan")

    print(f"{label}_search_p95 {p95(reads):.1f} ms")
    print(f"{label}_search_count {len(reads)} searches")
    print(f"{label}_write_p95 {p95(writes):.1f} ms")
    print(f"{label}_write_count {len(writes)} writes")
    kinds = ", ".join(f"{kind} {n}" for kind, n in errors.most_common())
    print(f"{label}_errors {errors.total()} errors" + (f" ({kinds})" if kinds else ""))


def _scope(count_ids: list[int], workers: list[Actor], actors: list[Actor]) -> list[list[int]]:
    return [
        [cid for n, cid in enumerate(count_ids) if n % 3 and workers[n % len(workers)] is a]
        if a.has_role(Role.CASEWORKER) and not a.has_role(Role.SUPERVISOR)
        else count_ids
        for a in actors
    ]


def office_run(args: argparse.Namespace) -> None:
    server = start_server()
    try:
        with psycopg.connect(server.superuser_dsn(), autocommit=True) as conn:
            conn.execute('CREATE DATABASE "bench"')
        dsn = server.superuser_dsn("bench")
        initialize_office(dsn, admin_username="benchadmin", admin_password=PASSWORD)
        from safehaven.storage.postgres.profile import ConnectionProfile

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
        workers = [a for a in actors if a.has_role(Role.CASEWORKER)]
        started = time.perf_counter()
        engine = create_engine(sqlalchemy_url(dsn))
        _bulk(engine, _client_rows(args.clients, [w.user_id for w in workers]), owner=True)
        with engine.connect() as conn:
            conn.exec_driver_sql("ANALYZE")
            ids = [int(r[0]) for r in conn.exec_driver_sql("SELECT id FROM client ORDER BY id")]
        engine.dispose()
        print(f"office_load_{args.clients}_clients {time.perf_counter() - started:.1f} s")
        stores = [open_office(profile, a.username, PASSWORD) for a in actors]
        _run(
            "office",
            [s.session for s in stores],
            actors,
            _scope(ids, workers, actors),
            args.seconds,
        )
        for store in stores:
            store.close()
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
        workers = [a for a in actors if a.has_role(Role.CASEWORKER)]
        _bulk(vault.engine, _client_rows(args.clients, [w.user_id for w in workers]), owner=False)
        with vault.engine.connect() as conn:
            ids = [int(r[0]) for r in conn.exec_driver_sql("SELECT id FROM client ORDER BY id")]
        _run(
            "vault",
            [vault.session] * len(actors),
            actors,
            _scope(ids, workers, actors),
            args.seconds,
        )
        with vault.session() as session:
            report = audit.verify_chain(session, actor=admin)
        print(f"vault_chain_breaks {0 if report.ok else 1} breaks ({report.checked} events)")
        vault.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--staff", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()
    office_run(args)
    vault_run(args)


if __name__ == "__main__":
    main()
