"""Screenshots of the case list and a case page from the real application (demo data only).

    safehaven demo --data-dir /tmp/shot-vault --clients 300
    xvfb-run -s "-screen 0 1400x900x24" python docs/screenshots/case_screenshots.py /tmp/shot-vault

Writes case-list.png and case-page.png next to this script.
"""

from __future__ import annotations

import sys
from pathlib import Path

from shot_support import open_main_window, shoot, start_qapp, wait_until


def main() -> int:
    vault = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/shot-vault")
    _qapp = start_qapp()  # kept alive for the whole run
    app, window = open_main_window(vault)
    page = window.pages["cases"]
    wait_until(lambda: page.model.rowCount() > 0)
    shoot(window, "case-list.png")
    page.view.selectRow(2)
    client_id = page.model.case_id(2)
    window.open_case(client_id)
    shoot(window, "case-page.png")
    app.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
