"""What sending a package and a status file share: sealing to a partner and writing the file."""

from __future__ import annotations

import hashlib
import logging
import uuid
from pathlib import Path
from typing import Any

import pyrage
from sqlalchemy import select
from sqlalchemy.orm import Session

from safehaven.models.exchange import ExchangeIdentity, ExchangePartner
from safehaven.services.exchange import envelope as env
from safehaven.services.exchange.errors import ExchangeError
from safehaven.services.exchange.fhir import to_bytes, validate_bundle
from safehaven.services.exchange.identity import signing_secret
from safehaven.services.exchange.keys import signing_key
from safehaven.storage.errors import guard_write
from safehaven.storage.files import write_atomic

log = logging.getLogger(__name__)
SUFFIX = ".shx"


def new_id() -> str:
    return str(uuid.uuid4())


def file_name(kind: str, message_id: str) -> str:
    """No personal data: the kind and the first characters of the random message id."""
    return f"safehaven-{kind}-{message_id[:8]}{SUFFIX}"


def seal(
    session: Session,
    bundle: dict[str, Any],
    *,
    kind: str,
    identity: ExchangeIdentity,
    partner: ExchangePartner,
    envelope_time: Any,
    message_id: str,
) -> tuple[bytes, str]:
    """Validate the FHIR Bundle, encrypt it to the partner, sign. Returns (file, payload sha).
    ExchangeError("keys_restricted") when this session cannot read our signing key."""
    validate_bundle(bundle)
    seed = signing_secret(session, identity)
    recipient = pyrage.x25519.Recipient.from_str(partner.age_recipient)
    payload = pyrage.encrypt(to_bytes(bundle), [recipient])
    digest = hashlib.sha256(payload).hexdigest()
    envelope = env.Envelope(
        kind=kind,
        message_id=message_id,
        created_at=envelope_time,
        sender=identity.fingerprint,
        recipient=partner.fingerprint,
        payload_sha256=digest,
    )
    return env.pack(envelope, payload, signing_key(seed)), digest


def write_file(folder: Path, name: str, data: bytes) -> Path:
    """Atomically, into an existing folder, never over an existing file."""
    if not folder.is_dir():
        raise ExchangeError("no_folder")
    path = folder / name
    if path.exists():
        raise ExchangeError("file_exists")
    guard_write(path, lambda: write_atomic(path, data))
    log.info("exchange file written (%d bytes)", len(data))
    return path


def partner_of_organization(session: Session, organization_id: int | None) -> ExchangePartner:
    if organization_id is None:
        raise ExchangeError("no_partner")
    stmt = select(ExchangePartner).where(ExchangePartner.organization_id == organization_id)
    partner = session.execute(stmt).scalar()
    if partner is None:
        raise ExchangeError("no_partner")
    return partner
