"""Screenshots of the Intake and Consent tabs from the real application (demo data only).

    safehaven demo --data-dir /tmp/intake-shot-vault --clients 300
    xvfb-run -s "-screen 0 1400x900x24" python docs/screenshots/intake_screenshots.py \
        /tmp/intake-shot-vault

Writes intake-tab.png (Spanish questions beside the English ones) and consent-tab.png next to
this script.
"""

from __future__ import annotations

import sys
from pathlib import Path

from shot_support import open_draft_intake, open_main_window, shoot, start_qapp


def main() -> int:
    vault = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/intake-shot-vault")
    _qapp = start_qapp()  # kept alive for the whole run
    app, window = open_main_window(vault)
    page = open_draft_intake(window, "es")
    shoot(window, "intake-tab.png")
    page.show_tab("consent")
    shoot(window, "consent-tab.png")
    app.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
