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

from shot_support import open_main_window, settle, shoot, start_qapp
from sqlalchemy import select

from safehaven.models.intake import IntakeSession


def main() -> int:
    vault = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/intake-shot-vault")
    _qapp = start_qapp()  # kept alive for the whole run
    app, window = open_main_window(vault)
    with window.ctx.vault.session() as session:  # a case whose intake is in progress
        client_id = session.execute(
            select(IntakeSession.client_id).where(IntakeSession.status == "draft").limit(1)
        ).scalar_one()
    page = window.open_case(client_id)
    assert page is not None
    page.show_tab("intake")
    intake = page.tab("intake")
    settle()
    index = intake.language_combo.findData("es")
    intake.language_combo.setCurrentIndex(index)
    intake.section_view.clicked.emit(intake.section_model.index(1))  # B: about you
    first = next(iter(intake.question_widgets.values()))
    first.why_button.click()
    shoot(window, "intake-tab.png")
    page.show_tab("consent")
    shoot(window, "consent-tab.png")
    app.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
