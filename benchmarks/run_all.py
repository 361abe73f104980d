"""Run every benchmark script in this folder (`make bench`); each prints `name value unit`.

One 100,000-client demo vault is built first and shared by the scripts that accept `--vault`
(ui_scale, ui_walk, export_scale, cancel_latency); the others build what they measure
themselves. Pass `--vault DIR` to keep (or reuse) that vault between runs.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

SHARED_VAULT = ("ui_scale.py", "ui_walk.py", "export_scale.py", "cancel_latency.py")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--vault", type=Path, help="build (or reuse) the 100k vault here")
    args = parser.parse_args()
    here = Path(__file__).resolve().parent
    failed = []
    with tempfile.TemporaryDirectory() as tmp:
        vault = args.vault or Path(tmp) / "vault-100k"
        if not vault.exists():
            build = [
                sys.executable,
                str(here / "ui_scale.py"),
                "--build-only",
                "--vault",
                str(vault),
            ]
            subprocess.run(build, check=True)
        for script in sorted(here.glob("*.py")):
            if script.name == Path(__file__).name or script.name.startswith("_"):
                continue
            print(f"# {script.name}", flush=True)
            command = [sys.executable, str(script)]
            if script.name in SHARED_VAULT:
                command += ["--vault", str(vault)]
            if subprocess.run(command, check=False).returncode != 0:
                failed.append(script.name)
    if failed:
        print(f"# failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
