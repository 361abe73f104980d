"""Run every benchmark script in this folder (`make bench`); each prints `name value unit`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def main() -> int:
    here = Path(__file__).resolve().parent
    failed = []
    for script in sorted(here.glob("*.py")):
        if script.name == Path(__file__).name or script.name.startswith("_"):
            continue
        print(f"# {script.name}", flush=True)
        if subprocess.run([sys.executable, str(script)], check=False).returncode != 0:  # noqa: S603 - runs this interpreter with fixed arguments
            failed.append(script.name)
    if failed:
        print(f"# failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
