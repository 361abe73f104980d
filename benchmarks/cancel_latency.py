"""How long Cancel takes to stop long work on a demo vault (target: 0.5 s), and that it leaves no
file behind. Prints `name value unit`.

For each kind of work (backup, de-identified export, directory import, key rotation up to its
re-encryption) the work starts on a thread and Cancel is pressed after several delays spread
over the work's own length; the figure is the time from the press to the work's return. A press
after the work ended is not counted. Key rotation runs to its end once the re-encryption starts
(on purpose), so its figure covers only presses during the safety backup.

Run: .venv/bin/python benchmarks/cancel_latency.py [--clients 100000] [--vault DIR]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from safehaven.demo.vault import DEMO_PASSWORD
from safehaven.models.period import parse_period
from safehaven.services.accounts import accounts
from safehaven.services.directory import csv_io
from safehaven.services.languages import pdf_fonts
from safehaven.services.reports import reports
from safehaven.services.vault_ops import backups
from safehaven.services.vault_ops.key_rotation import rotate_key

FRACTIONS = (0.1, 0.3, 0.5, 0.7, 0.9)
Work = Callable[[Callable[[], bool], Path], object]


class _Press:
    """A Cancel button pressed at a set moment; remembers when."""

    def __init__(self, after: float) -> None:
        self.after = after
        self.started = time.perf_counter()
        self.pressed_at: float | None = None

    def __call__(self) -> bool:
        now = time.perf_counter()
        if now - self.started < self.after:
            return False
        if self.pressed_at is None:
            self.pressed_at = self.started + self.after
        return True


def _once(work: Work, out: Path, after: float | None) -> tuple[float, float | None, bool]:
    """(run seconds, seconds from the press to the return or None, files left in `out`)."""
    out.mkdir(parents=True, exist_ok=True)
    press = _Press(after if after is not None else float("inf"))
    box: dict[str, float] = {}

    def run() -> None:
        with contextlib.suppress(Exception):  # a cancelled job ends with its own exception
            work(press, out)
        box["end"] = time.perf_counter()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    end = box["end"]
    latency = None if press.pressed_at is None else end - press.pressed_at
    left = any(out.rglob("*")) if after is not None and press.pressed_at is not None else False
    shutil.rmtree(out, ignore_errors=True)
    return end - press.started, latency, left


def _measure(label: str, work: Work, scratch: Path) -> None:
    full, _latency, _left = _once(work, scratch / f"{label}-full", None)
    print(f"{label}_uncancelled {full:.2f} s", flush=True)
    latencies, leftovers = [], 0
    for n, fraction in enumerate(FRACTIONS):
        _run, latency, left = _once(work, scratch / f"{label}-{n}", full * fraction)
        if latency is not None:
            latencies.append(latency)
            leftovers += int(left)
    if latencies:
        print(f"{label}_cancel_max {max(latencies):.3f} s", flush=True)
        print(f"{label}_cancel_p50 {sorted(latencies)[len(latencies) // 2]:.3f} s", flush=True)
    print(f"{label}_cancel_presses {len(latencies)} count", flush=True)
    print(f"{label}_files_left_after_cancel {leftovers} count", flush=True)


def _directory_csv(rows: int, tag: str) -> bytes:
    """`rows` new organizations, named after `tag` so that every run adds new ones."""
    head = "name,org_type,scope,services,languages,city,phone\n"
    body = "".join(
        f"Partner {tag} {n},legal_service,local,legal,en,Springfield,555-01{n % 100:02d}\n"
        for n in range(rows)
    )
    return (head + body).encode("utf-8")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--vault", type=Path, help="the vault benchmarks/ui_scale.py builds")
    parser.add_argument("--year", default="2026")
    args = parser.parse_args()
    now = dt.datetime.now(dt.UTC)
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        source = args.vault or scratch / "built"
        if not source.exists():
            script = Path(__file__).with_name("ui_scale.py")
            build = [sys.executable, str(script), "--build-only", "--vault", str(source)]
            subprocess.run([*build, "--clients", str(args.clients)], check=True)
        work_copy = scratch / "vault"
        shutil.copytree(source, work_copy, ignore=shutil.ignore_patterns("backups", "*.lock"))
        print(f"load_average_1min {os.getloadavg()[0]:.2f} load", flush=True)
        signed = accounts.sign_in(work_copy, "admin", DEMO_PASSWORD)
        vault, admin = signed.vault, signed.actor
        try:
            _measure(
                "backup",
                lambda cancelled, out: backups.create_backup(
                    vault, actor=admin, now=now, folder=out, is_cancelled=cancelled
                ),
                scratch,
            )

            def directory_import(cancelled: Callable[[], bool], out: Path) -> object:
                data = _directory_csv(5_000, out.name)
                with vault.session() as session:
                    return csv_io.import_directory(
                        session, actor=admin, data=data, is_cancelled=cancelled
                    )

            _measure("directory_import_5000_rows", directory_import, scratch)
        finally:
            vault.close()

        pdf_fonts.font_set()  # the app reads the fonts in the background after sign-in
        director = accounts.sign_in(work_copy, "director", DEMO_PASSWORD)
        try:

            def export(cancelled: Callable[[], bool], out: Path) -> object:
                with director.vault.session() as session:
                    return reports.export_period(
                        session,
                        actor=director.actor,
                        period=parse_period(args.year),
                        out_dir=out,
                        is_cancelled=cancelled,
                    )

            _measure("export_year", export, scratch)
        finally:
            director.vault.close()

        signed = accounts.sign_in(work_copy, "admin", DEMO_PASSWORD)
        try:
            cancelled_rotation = _Press(0.2)
            started = time.perf_counter()
            try:
                rotate_key(
                    signed.vault,
                    actor=signed.actor,
                    admin_password=DEMO_PASSWORD,
                    now=now,
                    is_cancelled=cancelled_rotation,
                )
                print("rotation_cancelled_during_safety_backup 0 bool", flush=True)
            except Exception:  # the cancelled rotation's own exception
                took = time.perf_counter() - started - 0.2
                print("rotation_cancelled_during_safety_backup 1 bool", flush=True)
                print(f"rotation_cancel_latency {took:.3f} s", flush=True)
        finally:
            signed.vault.close()


if __name__ == "__main__":
    main()
