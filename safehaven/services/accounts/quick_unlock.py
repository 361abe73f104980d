"""Quick unlock: resume a locked session with a short PIN and the OS keychain.

After a full sign-in the data key is sealed (AES-256-GCM) under Argon2id(PIN + a random secret).
The secret lives only in the OS keychain; the sealed key lives only in this process's memory.
So neither the PIN alone (short, guessable) nor the keychain entry alone opens the vault. The
keychain entry is deleted on exit, when another user signs in, and after three wrong PINs.
Where keyring has no usable backend the feature is simply unavailable.
"""

from __future__ import annotations

import contextlib
import logging
import secrets
import uuid
from dataclasses import dataclass
from pathlib import Path

import keyring
import keyring.errors
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from safehaven.models.user import User
from safehaven.services.accounts.accounts import SignedIn
from safehaven.services.actor import Actor
from safehaven.services.audit import record_event
from safehaven.services.errors import ValidationFailed
from safehaven.storage.engine import make_engine, probe_database
from safehaven.storage.errors import WrongCredentials
from safehaven.storage.keyslots import KdfParams, derive_kek, load_keyslots
from safehaven.storage.lock import VaultLock
from safehaven.storage.vault import OpenVault, VaultPaths

log = logging.getLogger(__name__)

KEYRING_SERVICE = "SafeHaven quick unlock"
MAX_WRONG_PINS = 3
PIN_MIN, PIN_MAX = 4, 12


@dataclass
class QuickUnlock:
    """An armed quick unlock (memory only). `wrong_pins` counts failures since arming."""

    folder: Path
    user_id: int
    entry: str
    kdf: KdfParams
    salt: bytes
    nonce: bytes
    sealed: bytes
    wrong_pins: int = 0
    disarmed: bool = False


def keychain_available() -> bool:
    """True when keyring has a real backend (not the fail, null or an empty chainer one)."""
    try:
        backend = keyring.get_keyring()
    except Exception:  # a broken keyring configuration means "no keychain"
        return False
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    if name in ("keyring.backends.fail.Keyring", "keyring.backends.null.Keyring"):
        return False
    if name == "keyring.backends.chainer.ChainerBackend":
        return bool(getattr(backend, "backends", []))
    return True


def check_pin(pin: str) -> None:
    if not (PIN_MIN <= len(pin) <= PIN_MAX) or any(ch.isspace() for ch in pin):
        raise ValidationFailed({"pin": "invalid"})


def arm(vault: OpenVault, *, actor: Actor, pin: str) -> QuickUnlock:
    """Seal the open vault's data key for a later PIN unlock by `actor`."""
    check_pin(pin)
    secret = secrets.token_hex(32)
    entry = uuid.uuid4().hex
    keyring.set_password(KEYRING_SERVICE, entry, secret)
    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    kek = derive_kek(pin + secret, salt, vault.kdf)
    keys = vault.data_key + (vault.restricted_key or b"")
    sealed = AESGCM(kek).encrypt(nonce, keys, entry.encode())
    log.info("quick unlock armed for user %s", actor.user_id)
    return QuickUnlock(vault.folder, actor.user_id, entry, vault.kdf, salt, nonce, sealed)


def disarm(state: QuickUnlock | None) -> None:
    if state is None or state.disarmed:
        return
    state.disarmed = True
    state.sealed = b""
    with contextlib.suppress(keyring.errors.KeyringError, Exception):
        keyring.delete_password(KEYRING_SERVICE, state.entry)


def unlock_with_pin(state: QuickUnlock, pin: str) -> SignedIn:
    """Reopen the vault. A wrong PIN raises WrongCredentials; the third one disarms."""
    if state.disarmed:
        raise WrongCredentials()
    secret = _secret(state)
    kek = derive_kek(pin + secret, state.salt, state.kdf)
    try:
        keys = AESGCM(kek).decrypt(state.nonce, state.sealed, state.entry.encode())
    except InvalidTag:
        state.wrong_pins += 1
        if state.wrong_pins >= MAX_WRONG_PINS:
            disarm(state)
        raise WrongCredentials() from None
    vault = _open(state, keys[:32], keys[32:] or None)
    try:
        with vault.session() as session, session.begin():
            user = session.get(User, state.user_id)
            if user is None or not user.active:
                raise WrongCredentials()
            record_event(session, actor_id=user.id, action="login_quick", object_type="user")
            actor = Actor(user.id, user.username, user.display_name, user.roles)
            return SignedIn(vault, actor, user.must_change_password)
    except BaseException:
        vault.close()
        disarm(state)
        raise


def _secret(state: QuickUnlock) -> str:
    try:
        secret = keyring.get_password(KEYRING_SERVICE, state.entry)
    except Exception:
        secret = None
    if not secret:
        disarm(state)
        raise WrongCredentials()
    return secret


def _open(state: QuickUnlock, data_key: bytes, restricted_key: bytes | None) -> OpenVault:
    paths = VaultPaths(state.folder)
    lock = VaultLock(paths.folder)
    lock.acquire()
    try:
        probe_database(paths.db, data_key)
        engine = make_engine(paths.db, data_key)
    except BaseException:
        lock.release()
        raise
    sealing = load_keyslots(paths.keyslots).sealing
    return OpenVault(paths, engine, data_key, state.kdf, lock, restricted_key, sealing)


__all__ = ["QuickUnlock", "arm", "disarm", "keychain_available", "unlock_with_pin"]
