"""Malformed received files are refused with a reason, never a crash, and change nothing."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safehaven.services.exchange.errors import REFUSALS, ExchangeError
from safehaven.services.exchange.receive import open_received_file
from tests.services.exchange.helpers import database_hash, make_vault

FIELDS = (
    "format",
    "kind",
    "message_id",
    "created_at",
    "sender",
    "recipient",
    "payload_sha256",
    "signature",
)


@pytest.fixture(scope="module")
def receiver(tmp_path_factory):
    org = make_vault(tmp_path_factory.mktemp("receiver") / "v", "Receiver", track=False)
    yield org
    org.vault.close()


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


_envelopes = st.fixed_dictionaries(
    {}, optional={f: st.one_of(st.text(max_size=20), st.integers(), st.none()) for f in FIELDS}
).map(lambda d: {**d, "format": "safehaven-exchange/1"} if d.get("kind") else d)

_files = st.one_of(
    st.binary(max_size=300),
    st.builds(
        lambda e, p: _zip({"envelope.json": json.dumps(e).encode(), "payload.age": p}),
        _envelopes,
        st.binary(max_size=100),
    ),
    st.builds(
        lambda names: _zip(dict.fromkeys(names, b"x")),
        # names zipfile itself can write (a NUL or a lone surrogate makes it fail before our
        # code runs)
        st.lists(
            st.text(
                st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                min_size=1,
                max_size=12,
            ),
            max_size=3,
            unique=True,
        ),
    ),
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=_files)
def test_malformed_files_are_refused_never_crash(receiver, data) -> None:
    before = database_hash(receiver.vault)
    with receiver.session() as s, pytest.raises(ExchangeError) as err:
        open_received_file(s, actor=receiver.caseworker, data=data)
    assert err.value.code in REFUSALS
    assert database_hash(receiver.vault) == before
