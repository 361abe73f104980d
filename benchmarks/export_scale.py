"""De-identified export at 100,000 clients, reconstruction audit included: a year, and a year
after a half-year export of the same months (the overlapping case, audited against it).

Prints `name value unit`, with the audit's model size (variables, constraints, programmes
solved). Works on a copy of the vault (an export writes a ledger entry that later audits read).
Targets (issue 17): a year ≤ 5 s; the overlapping case ≤ 10 s.

Run: .venv/bin/python benchmarks/export_scale.py [--vault DIR] [--clients 100000]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from safehaven.demo.vault import DEMO_PASSWORD
from safehaven.models.period import parse_period
from safehaven.services.accounts import accounts
from safehaven.services.disclosure import audit_milp
from safehaven.services.languages import pdf_fonts
from safehaven.services.reports import reports


class ModelSizes:
    """Records each audit model's size as it is built."""

    def __init__(self) -> None:
        self.models: list[audit_milp.AttackModel] = []
        original = audit_milp.AttackModel.__init__

        def record(model: audit_milp.AttackModel, *args: object, **kwargs: object) -> None:
            original(model, *args, **kwargs)  # type: ignore[arg-type]
            self.models.append(model)

        audit_milp.AttackModel.__init__ = record  # type: ignore[method-assign]

    def figures(self, label: str) -> list[tuple[str, float, str]]:
        variables = sum(m.size for m in self.models)
        rows = sum(m._constraint.A.shape[0] for m in self.models)
        solves = sum(m.solves for m in self.models)
        self.models.clear()
        return [
            (f"{label}_audit_variables", variables, "vars"),
            (f"{label}_audit_constraints", rows, "rows"),
            (f"{label}_audit_programmes_solved", solves, "solves"),
        ]


def export(folder: Path, period: str, out: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds of all threads) of one export, sign-in left out."""
    signed = accounts.sign_in(folder, "director", DEMO_PASSWORD)
    out.mkdir()
    try:
        with signed.vault.session() as session:
            started, cpu = time.perf_counter(), time.process_time()
            reports.export_period(
                session, actor=signed.actor, period=parse_period(period), out_dir=out
            )
            return time.perf_counter() - started, time.process_time() - cpu
    finally:
        signed.vault.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--vault", type=Path, help="the vault benchmarks/ui_scale.py builds")
    parser.add_argument("--year", default="2026")
    parser.add_argument("--half", default="2026-H1")
    args = parser.parse_args()
    sizes = ModelSizes()
    with tempfile.TemporaryDirectory() as tmp:
        source = args.vault or Path(tmp) / "built"
        if not source.exists():
            script = Path(__file__).with_name("ui_scale.py")
            subprocess.run(
                [
                    sys.executable,
                    str(script),
                    "--build-only",
                    "--vault",
                    str(source),
                    "--clients",
                    str(args.clients),
                ],
                check=True,
            )
        print(f"load_average_1min {os.getloadavg()[0]:.2f} load", flush=True)
        # The app reads the PDF fonts in its warm-up after sign-in (ui/responsive/warm_up.py),
        # so an export a person starts does not; measured here on its own, not in the exports.
        began = time.perf_counter()
        pdf_fonts.font_set()
        print(f"export_fonts_read_at_sign_in {time.perf_counter() - began:.2f} s", flush=True)
        for label, periods in (
            ("export_year", [args.year]),
            ("export_overlapping", [args.half, args.year]),
        ):
            work = Path(tmp) / label
            shutil.copytree(source, work, ignore=shutil.ignore_patterns("backups", "*.lock"))
            runs = [export(work, p, Path(tmp) / f"{label}-{n}") for n, p in enumerate(periods)]
            print(f"{label} {runs[-1][0]:.2f} s", flush=True)
            print(f"{label}_cpu {runs[-1][1]:.2f} s", flush=True)
            if len(runs) > 1:
                print(f"{label}_first_half_year {runs[0][0]:.2f} s", flush=True)
            for name, value, unit in sizes.figures(label):
                print(f"{name} {value:.0f} {unit}", flush=True)
            shutil.rmtree(work)


if __name__ == "__main__":
    main()
