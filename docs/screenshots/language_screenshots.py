"""Screenshots of the survivor's language (demo data only).

    safehaven demo --data-dir /tmp/language-shot-vault --clients 60
    xvfb-run -s "-screen 0 1400x900x24" python docs/screenshots/language_screenshots.py \
        /tmp/language-shot-vault

Writes intake-arabic.png (the intake with Arabic as the survivor language: the survivor panel
right to left with the draft notice, each question's Arabic wording beneath the English) and
letter-three-scripts.png (a referral letter with Arabic, Chinese and Cyrillic names, rendered by
pdftoppm) next to this script.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from shot_support import OUT, open_draft_intake, open_main_window, shoot, start_qapp

from safehaven.services.referrals.letter_pdf import LetterContent, render_letter


def intake_in_arabic(vault: Path) -> None:
    _qapp = start_qapp()  # kept alive for the whole run
    app, window = open_main_window(vault)
    open_draft_intake(window, "ar")
    shoot(window, "intake-arabic.png")
    app.shutdown()


def letter_in_three_scripts() -> None:
    pdf = render_letter(
        LetterContent(
            language="en", reference="REF-2026-0042", date_text="4 December 2026",
            sender_name="Casa Segura", sender_address="1 Main Street, Springfield",
            sender_phone="555-0100", logo_png_b64="",
            recipient_lines=("Legal Aid Partners", "22 Court Road"),
            service="Legal help", urgency="Normal", reason="Immigration advice",
            appointment="", notes_to_org="",
            client_fields=(("Chosen name", "ليلى حسن"), ("Other names", "王秀英"),
                           ("Family contact", "Ярослава Коваленко"), ("Languages", "ar, zh, uk")),
            caseworker_name="Dana Roe", caseworker_contact="555-0101",
        )
    )  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "letter.pdf"
        source.write_bytes(pdf)
        target = OUT / "letter-three-scripts"
        subprocess.run(["pdftoppm", "-png", "-r", "90", "-f", "1", "-l", "1", "-singlefile",
                        str(source), str(target)], check=True)  # fmt: skip
    print(f"wrote {target}.png")


def main() -> int:
    letter_in_three_scripts()
    intake_in_arabic(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/language-shot-vault"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
