"""Recovery keys: 150 random bits as 30 base32 characters in six groups of five."""

from __future__ import annotations

import base64
import secrets

GROUP = 5
RECOVERY_BYTES = 20  # 160 bits → 32 base32 characters; we keep 30 (150 bits)
RECOVERY_CHARS = 30


def new_recovery_key() -> str:
    """A fresh recovery key such as `ABCDE-FGHIJ-KLMNO-PQRST-UVWXY-Z2345`."""
    raw = base64.b32encode(secrets.token_bytes(RECOVERY_BYTES)).decode("ascii")[:RECOVERY_CHARS]
    return "-".join(raw[i : i + GROUP] for i in range(0, RECOVERY_CHARS, GROUP))


def normalize_recovery_key(text: str) -> str:
    """The KDF input: separators and spaces removed, upper-cased (docs/vault-format.md)."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


def looks_like_recovery_key(text: str) -> bool:
    norm = normalize_recovery_key(text)
    alphabet = set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    return len(norm) == RECOVERY_CHARS and set(norm) <= alphabet
