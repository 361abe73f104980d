"""Size and time of a typical referral package and status file between two vaults.

Prints `name value unit` lines: package bytes, envelope bytes, build/open milliseconds.
"""

from __future__ import annotations

import datetime as dt
import io
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from safehaven.services.exchange.packages import send_package
from safehaven.services.exchange.receive import open_received_file
from safehaven.services.exchange.status import respond_to_referral
from tests.services.exchange.helpers import make_world
from tests.services.referral_helpers import make_referral

ROUNDS = 10
FIELDS = ("chosen_name", "pronouns", "languages", "phone", "date_of_birth", "address")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        w = make_world(folder, fields=FIELDS)
        out = folder / "box"
        out.mkdir()
        sends, opens, answers, sizes = [], [], [], []
        for _ in range(ROUNDS):
            with w.a.session() as s:
                rid = make_referral(s, w.a.caseworker, w.client_id, w.a_partner_org)
            started = time.perf_counter()
            with w.a.session() as s:
                sent = send_package(s, actor=w.a.caseworker, referral_id=rid, folder=out)
            sends.append(time.perf_counter() - started)
            data = sent.path.read_bytes()
            sizes.append(len(data))
            started = time.perf_counter()
            with w.b.session() as s:
                opened = open_received_file(s, actor=w.b.caseworker, data=data)
            opens.append(time.perf_counter() - started)
            started = time.perf_counter()
            with w.b.session() as s:
                status = respond_to_referral(
                    s,
                    actor=w.b.caseworker,
                    incoming_id=opened.incoming.id,
                    action="decline",
                    folder=out,
                    decline_reason="no_capacity",
                    at=dt.datetime.now(dt.UTC),
                )
            answers.append(time.perf_counter() - started)
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            envelope = zf.getinfo("envelope.json").file_size
            payload = zf.getinfo("payload.age").file_size
        print(f"package_size {statistics.median(sizes)} bytes")
        print(f"package_envelope {envelope} bytes")
        print(f"package_payload_age {payload} bytes")
        print(f"status_file_size {status.path.stat().st_size} bytes")
        print(f"send_package_median {statistics.median(sends) * 1000:.1f} ms")
        print(f"open_package_median {statistics.median(opens) * 1000:.1f} ms")
        print(f"answer_with_status_median {statistics.median(answers) * 1000:.1f} ms")
        w.a.vault.close()
        w.b.vault.close()


if __name__ == "__main__":
    main()
