"""Key cards: the small `.shcard` file and the printable PDF with the safety number."""

from __future__ import annotations

import io
import json
from typing import Any

import pyrage
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from safehaven.i18n import gettext_for
from safehaven.services.exchange.errors import ExchangeError
from safehaven.services.exchange.identity import OrganizationCard
from safehaven.services.exchange.keys import fingerprint, safety_number, valid_signing_public

CARD_FORMAT = "safehaven-card/1"
MAX_CARD_BYTES = 16 * 1024


def card_file(card: OrganizationCard) -> bytes:
    data = {
        "format": CARD_FORMAT,
        "name": card.name,
        "ed25519": card.signing_public,
        "age": card.age_recipient,
        "fingerprint": card.fingerprint,
        "safety_number": card.safety_number,
    }
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def parse_card(data: bytes) -> OrganizationCard:
    """A card read back; its fingerprint and safety number are recomputed from the keys."""
    if len(data) > MAX_CARD_BYTES:
        raise ExchangeError("card_invalid", "size")
    try:
        obj: Any = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise ExchangeError("card_invalid", "json") from None
    if not isinstance(obj, dict) or obj.get("format") != CARD_FORMAT:
        raise ExchangeError("card_invalid", "format")
    name, public, recipient = obj.get("name"), obj.get("ed25519"), obj.get("age")
    if not isinstance(name, str) or not name.strip() or len(name) > 200:
        raise ExchangeError("card_invalid", "name")
    if not isinstance(public, str) or not valid_signing_public(public):
        raise ExchangeError("card_invalid", "ed25519")
    if not isinstance(recipient, str) or not _valid_recipient(recipient):
        raise ExchangeError("card_invalid", "age")
    fpr = fingerprint(public, recipient)
    if obj.get("fingerprint") not in (None, fpr):
        raise ExchangeError("card_invalid", "fingerprint")
    return OrganizationCard(name.strip(), public, recipient, fpr, safety_number(fpr))


def _valid_recipient(text: str) -> bool:
    if not text.startswith("age1") or len(text) > 120:
        return False
    try:
        pyrage.x25519.Recipient.from_str(text)
    except Exception:  # pyrage raises its own error types for a bad key
        return False
    return True


def card_pdf(card: OrganizationCard, *, language: str = "en") -> bytes:
    """One page: name, safety number in groups of five, fingerprint and public keys."""

    def t(text: str) -> str:
        return gettext_for(language, text)

    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf, pagesize=A4, title=t("SafeHaven key card"), author="", subject="", creator="SafeHaven"
    )
    styles = getSampleStyleSheet()
    number = card.safety_number.split(" ")
    lines = [" ".join(number[:6]), " ".join(number[6:])]
    story = [
        Paragraph(t("SafeHaven key card"), styles["Title"]),
        Paragraph(_esc(card.name), styles["Heading2"]),
        Spacer(1, 6 * mm),
        Paragraph(t("Safety number"), styles["Heading3"]),
        *(
            Paragraph(f"<font name='Courier' size='16'>{line}</font>", styles["Normal"])
            for line in lines
        ),
        Spacer(1, 4 * mm),
        Paragraph(
            t(
                "Read these 60 digits aloud by phone to the other organization, on a number you "
                "already know. Mark the partner verified only when every group matches."
            ),
            styles["Normal"],
        ),
        Spacer(1, 6 * mm),
        Paragraph(t("Fingerprint"), styles["Heading3"]),
        Paragraph(f"<font name='Courier' size='8'>{card.fingerprint}</font>", styles["Normal"]),
        Paragraph(t("Signing key (Ed25519)"), styles["Heading3"]),
        Paragraph(f"<font name='Courier' size='8'>{card.signing_public}</font>", styles["Normal"]),
        Paragraph(t("Encryption key (age)"), styles["Heading3"]),
        Paragraph(f"<font name='Courier' size='8'>{card.age_recipient}</font>", styles["Normal"]),
    ]
    doc.build(story)
    return buf.getvalue()


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
