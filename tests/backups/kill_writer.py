"""Helper process for the kill test (not a test module).

Started once; imports everything, reads the test vault's data key (hex) as its first stdin line,
then for each `run <seed>` line forks a child that opens the database like the application does
(keyed engine with the vault pragmas) and registers clients through the real service, printing
`ACK <name>` after each commit. The test kills the child with SIGKILL; this parent reaps it and
prints `EXIT <status>`.
"""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from safehaven.models.user import User
from safehaven.services.actor import Actor
from safehaven.services.cases.clients import ClientDraft, register_client
from safehaven.storage.engine import make_engine


def child(db: Path, key: bytes, seed: int) -> None:
    engine = make_engine(db, key)
    sessions = sessionmaker(engine, expire_on_commit=False)
    with sessions() as s:
        user = s.execute(select(User).where(User.username == "intake")).scalar_one()
        actor = Actor(user.id, user.username, user.display_name, user.roles)
    out = sys.stdout
    out.write(f"READY {os.getpid()}\n")
    out.flush()
    n = 0
    while True:
        name = f"K{seed}x{n}"
        with sessions() as s:
            register_client(
                s, actor=actor, draft=ClientDraft(chosen_name=name, other_names=name * 8)
            )
        out.write(f"ACK {name}\n")
        out.flush()
        n += 1


def main() -> None:
    db = Path(sys.argv[1])
    key = bytes.fromhex(sys.stdin.readline().strip())
    print("ZYGOTE", flush=True)
    for line in sys.stdin:
        cmd, _, arg = line.strip().partition(" ")
        if cmd != "run":
            break
        pid = os.fork()
        if pid == 0:
            try:
                child(db, key, int(arg))
            except BaseException:
                traceback.print_exc()
            finally:
                os._exit(3)
        _pid, status = os.waitpid(pid, 0)
        print(f"EXIT {status}", flush=True)


if __name__ == "__main__":
    main()
