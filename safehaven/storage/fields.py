"""The field codec: how the store keeps restricted values (docs/vault-format.md, "Restricted").

The SQLCipher vault builds a `SealedFieldCodec` from the restricted key R when the signed-in key
slot unwraps it. Values are text: `r1:` + base64(nonce ‖ AES-256-GCM(R, value)), or, written by a
session without R, `s1:` + base64(ephemeral X25519 public key ‖ nonce ‖ AES-256-GCM(k, value))
with k = HKDF-SHA256(X25519(ephemeral, sealing public key)); the sealing private key is wrapped
under R in `keyslots.json`. Associated data is always `table \\x1f column \\x1f row id`.
A session without R reads `RESTRICTED`, never plaintext. A store that hides columns itself (a
PostgreSQL office server with column privileges) supplies `PassThroughCodec`.
"""

from __future__ import annotations

import base64
import binascii
import secrets
from typing import Final, Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy.orm import Session

SEALED = "r1:"
SEALED_FOR_KEY = "s1:"
SEAL_INFO = b"safehaven-sealed-field-v1"
SESSION_INFO_KEY = "field_codec"


class Restricted:
    """The value exists but this session may not read it."""

    _instance: Restricted | None = None

    def __new__(cls) -> Restricted:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "RESTRICTED"


RESTRICTED: Final = Restricted()


class RestrictedWriteRefused(Exception):
    """This session can neither encrypt nor seal a restricted value (no key at all)."""


class FieldUnreadable(Exception):
    """A stored restricted value does not decrypt with the key (damaged or moved between rows)."""


class FieldCodec(Protocol):
    @property
    def can_read(self) -> bool: ...

    def encode(self, table: str, column: str, row_id: int, value: str | None) -> str | None: ...

    def decode(
        self, table: str, column: str, row_id: int, stored: str | None
    ) -> str | Restricted | None: ...


class PassThroughCodec:
    """Values stored as they are (a store that protects the columns by other means). With
    `can_read` False the database itself refuses this login the columns: they are never
    selected, and nothing (not even whether a value is there) can be learned from them."""

    shows_presence = False

    def __init__(self, *, can_read: bool = True) -> None:
        self.can_read = can_read

    def encode(self, table: str, column: str, row_id: int, value: str | None) -> str | None:
        return value

    def decode(self, table: str, column: str, row_id: int, stored: str | None) -> str | None:
        return stored


class SealedFieldCodec:
    """AES-256-GCM under R for sessions holding it; sealing to the public key for the others."""

    shows_presence = True  # a session without R still sees that a sealed value is there

    def __init__(
        self,
        restricted_key: bytes | None,
        sealing_public_key: bytes | None,
        sealing_private_key: bytes | None = None,
    ) -> None:
        self._key = restricted_key
        self._public = sealing_public_key
        self._private = sealing_private_key

    @property
    def can_read(self) -> bool:
        return self._key is not None

    def encode(self, table: str, column: str, row_id: int, value: str | None) -> str | None:
        if value is None:
            return None
        aad = associated_data(table, column, row_id)
        if self._key is not None:
            nonce = secrets.token_bytes(12)
            body = nonce + AESGCM(self._key).encrypt(nonce, value.encode("utf-8"), aad)
            return SEALED + _b64(body)
        if self._public is not None:
            return SEALED_FOR_KEY + _b64(seal(self._public, value.encode("utf-8"), aad))
        raise RestrictedWriteRefused()

    def decode(
        self, table: str, column: str, row_id: int, stored: str | None
    ) -> str | Restricted | None:
        if stored is None:
            return None
        if self._key is None:
            return RESTRICTED
        aad = associated_data(table, column, row_id)
        try:
            if stored.startswith(SEALED):
                body = _unb64(stored[len(SEALED) :])
                plain = AESGCM(self._key).decrypt(body[:12], body[12:], aad)
            elif stored.startswith(SEALED_FOR_KEY) and self._private is not None:
                plain = unseal(self._private, _unb64(stored[len(SEALED_FOR_KEY) :]), aad)
            else:  # a value from before the vault format 2 upgrade
                return stored
        except (InvalidTag, ValueError, binascii.Error):
            raise FieldUnreadable(table, column, row_id) from None
        return plain.decode("utf-8")


def associated_data(table: str, column: str, row_id: int) -> bytes:
    return f"{table}\x1f{column}\x1f{row_id}".encode()


def new_sealing_pair() -> tuple[bytes, bytes]:
    """(private, public) raw X25519 keys."""
    private = X25519PrivateKey.generate()
    return _raw_private(private), _raw_public(private.public_key())


def public_of(private_raw: bytes) -> bytes:
    return _raw_public(X25519PrivateKey.from_private_bytes(private_raw).public_key())


def seal(public_raw: bytes, plaintext: bytes, aad: bytes) -> bytes:
    ephemeral = X25519PrivateKey.generate()
    eph_public = _raw_public(ephemeral.public_key())
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(public_raw))
    key = _seal_key(shared, eph_public, public_raw)
    nonce = secrets.token_bytes(12)
    return eph_public + nonce + AESGCM(key).encrypt(nonce, plaintext, aad)


def unseal(private_raw: bytes, body: bytes, aad: bytes) -> bytes:
    if len(body) < 32 + 12 + 16:
        raise ValueError("sealed value too short")
    eph_public, nonce, ciphertext = body[:32], body[32:44], body[44:]
    private = X25519PrivateKey.from_private_bytes(private_raw)
    shared = private.exchange(X25519PublicKey.from_public_bytes(eph_public))
    key = _seal_key(shared, eph_public, _raw_public(private.public_key()))
    return AESGCM(key).decrypt(nonce, ciphertext, aad)


def field_codec(session: Session) -> FieldCodec:
    """The codec the store attached to this session; none attached means nothing is readable."""
    codec = session.info.get(SESSION_INFO_KEY)
    if codec is None:
        return SealedFieldCodec(None, None)
    return codec  # type: ignore[no-any-return]


def _seal_key(shared: bytes, eph_public: bytes, public: bytes) -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=eph_public + public, info=SEAL_INFO)
    return hkdf.derive(shared)


def _raw_private(key: X25519PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.Raw,
        serialization.PrivateFormat.Raw,
        serialization.NoEncryption(),
    )


def _raw_public(key: X25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)
