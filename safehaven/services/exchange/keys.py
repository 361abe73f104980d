"""Key material: fingerprints and the 60-digit safety number compared by phone."""

from __future__ import annotations

import base64
import binascii
import hashlib

from nacl.signing import SigningKey, VerifyKey

CARD_DOMAIN = b"safehaven-card/1\n"
SAFETY_GROUPS = 12  # 12 groups of 5 digits = 60 digits


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def fingerprint(signing_public: str, age_recipient: str) -> str:
    """SHA-256 (hex) of the card's keys; the name is not part of it."""
    material = CARD_DOMAIN + signing_public.encode("ascii") + b"\n" + age_recipient.encode("ascii")
    return hashlib.sha256(material).hexdigest()


def safety_number(fingerprint_hex: str) -> str:
    """60 digits in 12 groups of five: SHA-512 of the fingerprint cut into 5-byte chunks, each
    taken modulo 100000."""
    digest = hashlib.sha512(binascii.unhexlify(fingerprint_hex)).digest()
    groups = (int.from_bytes(digest[i * 5 : i * 5 + 5], "big") % 100000 for i in range(12))
    return " ".join(f"{g:05d}" for g in groups)


def signing_key(seed_b64: str) -> SigningKey:
    return SigningKey(unb64(seed_b64))


def verify_key(public_b64: str) -> VerifyKey:
    return VerifyKey(unb64(public_b64))


def valid_signing_public(text: str) -> bool:
    try:
        return len(unb64(text)) == 32
    except (ValueError, binascii.Error):
        return False
