"""The exchange file: a ZIP holding `envelope.json` (signed, no personal data) and
`payload.age` (an age v1 file). The Ed25519 signature covers the envelope's fields, which name
the sender, the recipient's fingerprint, a random message id, the creation time and the SHA-256
of the encrypted bytes. See docs/exchange-format.md."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from typing import Any

from nacl.exceptions import BadSignatureError
from nacl.signing import SigningKey, VerifyKey

from safehaven.services.exchange.errors import ExchangeError
from safehaven.services.exchange.keys import b64, unb64

FORMAT = "safehaven-exchange/1"
SIGN_DOMAIN = b"safehaven-exchange/1\n"
ENVELOPE_NAME = "envelope.json"
PAYLOAD_NAME = "payload.age"
MAX_FILE_BYTES = 20 * 1024 * 1024
FIELDS = ("format", "kind", "message_id", "created_at", "sender", "recipient", "payload_sha256")
KINDS = ("referral", "status")


@dataclass(frozen=True)
class Envelope:
    kind: str
    message_id: str
    created_at: dt.datetime
    sender: str  # the sender's card fingerprint
    recipient: str  # the recipient's card fingerprint
    payload_sha256: str

    def signed_fields(self) -> dict[str, str]:
        return {
            "format": FORMAT,
            "kind": self.kind,
            "message_id": self.message_id,
            "created_at": format_time(self.created_at),
            "sender": self.sender,
            "recipient": self.recipient,
            "payload_sha256": self.payload_sha256,
        }


def format_time(at: dt.datetime) -> str:
    return at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def signing_input(fields: dict[str, str]) -> bytes:
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return SIGN_DOMAIN + canonical.encode("ascii")


def pack(envelope: Envelope, payload: bytes, key: SigningKey) -> bytes:
    """The finished file (a stored, uncompressed ZIP with fixed timestamps)."""
    fields = envelope.signed_fields()
    signature = key.sign(signing_input(fields)).signature
    head = json.dumps({**fields, "signature": b64(signature)}, indent=2, sort_keys=True) + "\n"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_STORED) as zf:
        for name, data in ((ENVELOPE_NAME, head.encode("ascii")), (PAYLOAD_NAME, payload)):
            zf.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data)
    return buf.getvalue()


@dataclass(frozen=True)
class Unpacked:
    envelope: Envelope
    signature: bytes
    payload: bytes


def unpack(data: bytes) -> Unpacked:
    """Read the file's structure; anything malformed is `not_a_package`."""
    if len(data) > MAX_FILE_BYTES:
        raise ExchangeError("not_a_package", "size")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = sorted(zf.namelist())
            if names != sorted((ENVELOPE_NAME, PAYLOAD_NAME)):
                raise ExchangeError("not_a_package", "members")
            if sum(i.file_size for i in zf.infolist()) > MAX_FILE_BYTES:
                raise ExchangeError("not_a_package", "size")
            head = zf.read(ENVELOPE_NAME)
            payload = zf.read(PAYLOAD_NAME)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, NotImplementedError):
        raise ExchangeError("not_a_package", "zip") from None
    except (ValueError, RuntimeError, KeyError):
        raise ExchangeError("not_a_package", "zip") from None
    return _parse_head(head, payload)


def _parse_head(head: bytes, payload: bytes) -> Unpacked:
    try:
        obj: Any = json.loads(head.decode("ascii"))
    except (UnicodeDecodeError, ValueError):
        raise ExchangeError("not_a_package", "envelope") from None
    if not isinstance(obj, dict) or obj.get("format") != FORMAT:
        raise ExchangeError("not_a_package", "format")
    if set(obj) != {*FIELDS, "signature"} or not all(isinstance(v, str) for v in obj.values()):
        raise ExchangeError("not_a_package", "fields")
    if obj["kind"] not in KINDS:
        raise ExchangeError("not_a_package", "kind")
    try:
        created = dt.datetime.strptime(obj["created_at"], "%Y-%m-%dT%H:%M:%SZ").replace(
            tzinfo=dt.UTC
        )
        signature = unb64(obj["signature"])
    except ValueError:
        raise ExchangeError("not_a_package", "fields") from None
    envelope = Envelope(
        kind=obj["kind"],
        message_id=obj["message_id"],
        created_at=created,
        sender=obj["sender"],
        recipient=obj["recipient"],
        payload_sha256=obj["payload_sha256"],
    )
    if envelope.signed_fields()["created_at"] != obj["created_at"]:
        raise ExchangeError("not_a_package", "created_at")
    return Unpacked(envelope, signature, payload)


def check_signature(unpacked: Unpacked, key: VerifyKey) -> None:
    """The signature holds for the envelope, and the payload is the one it names."""
    try:
        key.verify(signing_input(unpacked.envelope.signed_fields()), unpacked.signature)
    except (BadSignatureError, ValueError):
        raise ExchangeError("bad_signature") from None
    if hashlib.sha256(unpacked.payload).hexdigest() != unpacked.envelope.payload_sha256:
        raise ExchangeError("bad_signature", "payload")
