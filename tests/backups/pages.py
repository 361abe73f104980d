"""Test helper: decrypt every page of a SQLCipher 4 file in memory (free pages included).

SQLCipher 4 defaults with a raw key: AES-256-CBC per 4096-byte page; the last 80 bytes of each page
are the reserve (16-byte IV, then the HMAC); page 1 starts with the 16-byte salt, which is not
encrypted. Nothing decrypted is written to disk.
"""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

PAGE = 4096
RESERVE = 80


def decrypted_pages(path: Path, key: bytes) -> bytes:
    raw = path.read_bytes()
    out = bytearray()
    for start in range(0, len(raw) - len(raw) % PAGE, PAGE):
        page = raw[start : start + PAGE]
        offset = 16 if start == 0 else 0
        iv = page[PAGE - RESERVE : PAGE - RESERVE + 16]
        dec = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
        out += dec.update(page[offset : PAGE - RESERVE]) + dec.finalize()
    return bytes(out)


def decrypted_wal(path: Path, key: bytes) -> bytes:
    """Every page image in a WAL file (32-byte header, then 24-byte frame header + page)."""
    if not path.exists():
        return b""
    raw = path.read_bytes()
    out = bytearray()
    pos = 32
    while pos + 24 + PAGE <= len(raw):
        pgno = int.from_bytes(raw[pos : pos + 4], "big")
        page = raw[pos + 24 : pos + 24 + PAGE]
        offset = 16 if pgno == 1 else 0
        iv = page[PAGE - RESERVE : PAGE - RESERVE + 16]
        dec = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
        out += dec.update(page[offset : PAGE - RESERVE]) + dec.finalize()
        pos += 24 + PAGE
    return bytes(out)
