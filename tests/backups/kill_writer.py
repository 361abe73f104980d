"""Helper process for the kill test (not a test module).

Started once; imports everything, then for each `run <seed>` line on stdin forks a child that
signs in and registers clients through the real service, printing `ACK <name>` after each commit.
The test kills the child with SIGKILL; this parent reaps it and prints `EXIT`.
"""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path

from safehaven.services import accounts
from safehaven.services.clients import ClientDraft, register_client


def child(folder: Path, password: str, seed: int) -> None:
    signed = accounts.sign_in(folder, "intake", password)
    out = sys.stdout
    out.write(f"READY {os.getpid()}\n")
    out.flush()
    n = 0
    while True:
        name = f"K{seed}x{n}"
        with signed.vault.session() as s:
            register_client(
                s, actor=signed.actor, draft=ClientDraft(chosen_name=name, other_names=name * 8)
            )
        out.write(f"ACK {name}\n")
        out.flush()
        n += 1


def main() -> None:
    folder, password = Path(sys.argv[1]), sys.argv[2]
    print("ZYGOTE", flush=True)
    for line in sys.stdin:
        cmd, _, arg = line.strip().partition(" ")
        if cmd != "run":
            break
        pid = os.fork()
        if pid == 0:
            try:
                child(folder, password, int(arg))
            except BaseException:
                traceback.print_exc()
            finally:
                os._exit(3)
        _pid, status = os.waitpid(pid, 0)
        print(f"EXIT {status}", flush=True)


if __name__ == "__main__":
    main()
